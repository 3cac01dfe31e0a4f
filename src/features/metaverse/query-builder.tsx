/**
 * The top half of Metaverse Search: the object type scope and clauses of attribute / operator /
 * value. Clauses of a group are ANDed; "Add OR group" starts another group (beyond the real one).
 */
import { memo } from 'react';
import {
  Autocomplete,
  Box,
  Button,
  Chip,
  Divider,
  FormControl,
  FormHelperText,
  IconButton,
  InputLabel,
  MenuItem,
  Paper,
  Select,
  Stack,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material';
import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import { MV_OPERATORS_BY_KIND, operatorTakesValue } from '../../engine/query/mv-operators.ts';
import type { MvAttributeKind, MvClause, SearchOperator } from '../../worker/api-metaverse.ts';

export interface QueryDraft {
  objectType: string;
  groups: MvClause[][];
}

interface Props {
  draft: QueryDraft;
  onChange: (draft: QueryDraft) => void;
  objectTypes: { objectType: string; count: number }[];
  attributes: string[];
  /**
   * Each attribute's kind (String, Integer, Boolean, Binary, Reference); unknown ones are text.
   * A clause offers the operators the engine's table gives the kind (the engine rejects others).
   */
  attributeKinds: Readonly<Record<string, MvAttributeKind>>;
}

export const QueryBuilder = memo(function QueryBuilder({
  draft,
  onChange,
  objectTypes,
  attributes,
  attributeKinds,
}: Props) {
  const kindOf = (attribute: string): MvAttributeKind =>
    attributeKinds[attribute.trim()] ?? 'String';
  const offered = (attribute: string) => MV_OPERATORS_BY_KIND[kindOf(attribute)];
  const setGroups = (groups: MvClause[][]) =>
    onChange({ ...draft, groups: groups.filter((g) => g.length > 0) });
  const setClause = (g: number, i: number, patch: Partial<MvClause>) =>
    setGroups(
      draft.groups.map((group, gi) =>
        gi !== g
          ? group
          : group.map((c, ci) => {
              if (ci !== i) return c;
              const next = { ...c, ...patch };
              // A new attribute of another type: its first operator (Equals) rather than one it lacks.
              const ops = offered(next.attribute);
              if (patch.attribute !== undefined && !ops.includes(next.operator))
                next.operator = ops[0] ?? 'Equals';
              return tidy(next);
            }),
      ),
    );
  const blank: MvClause = { attribute: '', operator: 'Equals', value: '' };
  const addClause = () => {
    const groups = draft.groups.length === 0 ? [[]] : draft.groups;
    const last = groups.length - 1;
    setGroups(groups.map((g, gi) => (gi === last ? [...g, blank] : g)));
  };

  return (
    <Stack spacing={1.5}>
      <FormControl size="small" sx={{ maxWidth: 320 }}>
        <InputLabel id="mv-scope-label" shrink>
          Scope
        </InputLabel>
        <Select
          labelId="mv-scope-label"
          label="Scope"
          notched
          displayEmpty
          value={draft.objectType}
          onChange={(e) => onChange({ ...draft, objectType: e.target.value })}
        >
          <MenuItem value="">Any object type</MenuItem>
          {objectTypes.map((t) => (
            <MenuItem key={t.objectType} value={t.objectType}>
              {t.objectType} ({t.count.toLocaleString('en')})
            </MenuItem>
          ))}
        </Select>
      </FormControl>
      {draft.groups.map((group, g) => (
        <Box key={g}>
          {g > 0 && (
            <Divider sx={{ my: 1 }}>
              <Chip label="OR" size="small" />
            </Divider>
          )}
          <Paper variant="outlined" sx={{ p: 1.5 }} role="group" aria-label={`Group ${g + 1}`}>
            <Typography variant="caption" color="text.secondary">
              Group {g + 1}: every clause must hold
            </Typography>
            <Stack spacing={1} sx={{ mt: 1 }}>
              {group.map((c, i) => (
                <Stack
                  key={i}
                  direction={{ xs: 'column', sm: 'row' }}
                  spacing={1}
                  role="group"
                  aria-label={`Clause ${i + 1} of group ${g + 1}`}
                  sx={{ alignItems: { sm: 'center' } }}
                >
                  {i > 0 && (
                    <Typography variant="body2" sx={{ width: 36 }}>
                      AND
                    </Typography>
                  )}
                  <Autocomplete
                    freeSolo
                    size="small"
                    options={attributes}
                    value={c.attribute}
                    onInputChange={(_, v) => setClause(g, i, { attribute: v })}
                    sx={{ minWidth: 220 }}
                    renderInput={(p) => <TextField {...p} label="Attribute" />}
                  />
                  <OperatorSelect
                    id={`op-${g}-${i}`}
                    value={c.operator}
                    offered={offered(c.attribute)}
                    kind={kindOf(c.attribute)}
                    onChange={(operator) => setClause(g, i, { operator })}
                  />
                  {operatorTakesValue(c.operator) && (
                    <TextField
                      size="small"
                      label="Value"
                      value={c.value ?? ''}
                      onChange={(e) => setClause(g, i, { value: e.target.value })}
                      sx={{ minWidth: 200 }}
                    />
                  )}
                  <Tooltip title="Remove clause">
                    <IconButton
                      aria-label="Remove clause"
                      onClick={() =>
                        setGroups(
                          draft.groups.map((gr, gi) =>
                            gi !== g ? gr : gr.filter((_, ci) => ci !== i),
                          ),
                        )
                      }
                    >
                      <DeleteOutlined />
                    </IconButton>
                  </Tooltip>
                </Stack>
              ))}
            </Stack>
          </Paper>
        </Box>
      ))}
      <Stack direction="row" spacing={1}>
        <Button variant="outlined" onClick={addClause}>
          Add clause
        </Button>
        <Button
          onClick={() => setGroups([...draft.groups, [blank]])}
          disabled={draft.groups.length === 0}
        >
          Add OR group
        </Button>
      </Stack>
    </Stack>
  );
});

/**
 * The operators the attribute's type takes. One it does not take (from a shared or older address)
 * stays visible, disabled, with the reason, and the search runs without the clause.
 */
function OperatorSelect({
  id,
  value,
  offered,
  kind,
  onChange,
}: {
  id: string;
  value: SearchOperator;
  offered: readonly SearchOperator[];
  kind: string;
  onChange: (op: SearchOperator) => void;
}) {
  const valid = offered.includes(value);
  const helpId = `${id}-help`;
  return (
    <FormControl size="small" sx={{ minWidth: 160 }} error={!valid}>
      <InputLabel id={id}>Operator</InputLabel>
      <Select
        labelId={id}
        label="Operator"
        value={value}
        onChange={(e) => onChange(e.target.value as SearchOperator)}
        {...(valid ? {} : { SelectDisplayProps: { 'aria-describedby': helpId } })}
      >
        {!valid && (
          <MenuItem value={value} disabled>
            {value}
          </MenuItem>
        )}
        {offered.map((op) => (
          <MenuItem key={op} value={op}>
            {op}
          </MenuItem>
        ))}
      </Select>
      {!valid && (
        <FormHelperText id={helpId}>
          {value} is not offered for a {kind} attribute
        </FormHelperText>
      )}
    </FormControl>
  );
}

/** A clause whose operator takes no value carries none (so the address bar stays short). */
function tidy(c: MvClause): MvClause {
  if (operatorTakesValue(c.operator)) return { ...c, value: c.value ?? '' };
  return { attribute: c.attribute, operator: c.operator };
}

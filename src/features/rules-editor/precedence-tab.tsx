import { useEffect, useState } from 'react';
import { afterChange } from '../../lib/workspace.ts';
import {
  Alert,
  Autocomplete,
  Box,
  Button,
  IconButton,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
  alpha,
} from '@mui/material';
import ArrowUpward from '@mui/icons-material/ArrowUpward';
import ArrowDownward from '@mui/icons-material/ArrowDownward';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { PrecedenceRow } from '../../engine/rules/precedence-view.ts';
import type { ObjectChoiceDto, ReorderResultDto } from '../../worker/api-rules.ts';
import { getEngine } from '../../worker/client.ts';
import { ObjectPicker } from './object-picker.tsx';
import { useFilterOptions, usePrecedence } from './rules-api.ts';

function Contribution({ row }: { row: PrecedenceRow }) {
  const c = row.contribution;
  if (!c) return null;
  return (
    <span>
      <Typography
        component="span"
        variant="body2"
        sx={{ fontWeight: c.wins ? 700 : undefined }}
        color={c.state === 'error' ? 'error' : c.state === 'value' ? undefined : 'text.secondary'}
      >
        {c.state === 'value' ? <code>{c.value}</code> : c.value || c.state}
      </Typography>
      {c.state !== 'value' && c.value !== '' && c.value !== c.state && (
        <Typography component="span" variant="caption" color="text.secondary">
          {' '}
          ({c.state})
        </Typography>
      )}
    </span>
  );
}

/**
 * For a metaverse attribute and object type: every inbound rule that flows into it, in the order
 * precedence resolves them, with what each gives a chosen object and which one wins. Custom rules
 * can be reordered (their numbers stay below 100 and unique).
 */
export function PrecedenceTab() {
  const options = useFilterOptions('Inbound').data;
  const [objectType, setObjectType] = useState('person');
  const [attribute, setAttribute] = useState<string | null>('displayName');
  const [object, setObject] = useState<ObjectChoiceDto | null>(null);
  const [order, setOrder] = useState<string[] | null>(null);
  const queryClient = useQueryClient();
  const view = usePrecedence(
    attribute ? { attribute, objectType, ...(object ? { mvId: object.id } : {}) } : null,
  );
  const rows = view.data?.rows ?? [];
  const customIds = [...new Set(rows.filter((r) => !r.isDefault).map((r) => r.ruleId))];
  useEffect(() => setOrder(null), [attribute, objectType, view.data]);
  const shownOrder = order ?? customIds;
  const apply = useMutation({
    mutationFn: (ids: string[]): Promise<ReorderResultDto> => getEngine().rulesReorder(ids),
    onSuccess: async (r) => {
      if (r.ok) await afterChange(queryClient);
    },
  });
  const move = (id: string, by: number) => {
    const list = [...shownOrder];
    const i = list.indexOf(id);
    const j = i + by;
    if (i < 0 || j < 0 || j >= list.length) return;
    [list[i], list[j]] = [list[j] as string, list[i] as string];
    setOrder(list);
  };
  // Custom rows follow the proposed order; default rules keep their place after them.
  const rank = new Map(shownOrder.map((id, i) => [id, i]));
  const ordered = [
    ...rows
      .filter((r) => !r.isDefault)
      .sort((a, b) => (rank.get(a.ruleId) ?? 0) - (rank.get(b.ruleId) ?? 0)),
    ...rows.filter((r) => r.isDefault),
  ];
  const changed = order !== null && order.join() !== customIds.join();
  const issues = view.data?.issues ?? [];
  const shownIssues = issues.filter((i) => rows.some((r) => r.ruleId === i.ruleId));

  return (
    <Stack spacing={2} component="section" aria-label="Precedence view">
      <Stack direction="row" spacing={2} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
        <TextField
          select
          size="small"
          label="Metaverse object type"
          value={objectType}
          onChange={(e) => {
            setObjectType(e.target.value);
            setObject(null);
          }}
          sx={{ minWidth: 220 }}
        >
          {(options?.metaverseObjectTypes ?? [objectType]).map((t) => (
            <MenuItem key={t} value={t}>
              {t}
            </MenuItem>
          ))}
        </TextField>
        <Autocomplete
          size="small"
          options={options?.metaverseAttributes ?? []}
          value={attribute}
          onChange={(_, v) => setAttribute(v)}
          renderInput={(params) => <TextField {...params} label="Metaverse attribute" />}
          sx={{ width: 280 }}
        />
        <Box sx={{ display: 'flex', flex: 1, minWidth: 360 }}>
          <ObjectPicker source={{ scope: 'mv', objectType }} value={object} onChange={setObject} />
        </Box>
      </Stack>
      {view.data?.result && (
        <Alert severity="info" role="status" aria-label="Precedence result">
          {view.data.result.label}: {attribute} = {view.data.result.value}
          {view.data.result.ruleName ? ` (from '${view.data.result.ruleName}')` : ''}
        </Alert>
      )}
      {attribute && rows.length === 0 && !view.isPending && (
        <Typography variant="body2">
          No inbound rule flows into {attribute} of {objectType}.
        </Typography>
      )}
      {rows.length > 0 && (
        <Table size="small" aria-label="Contributing rules">
          <TableHead>
            <TableRow>
              <TableCell>Precedence</TableCell>
              <TableCell>Rule</TableCell>
              <TableCell>Connector</TableCell>
              <TableCell>Flow</TableCell>
              <TableCell>Merge Type</TableCell>
              {object && <TableCell>Value for the object</TableCell>}
              {object && <TableCell>Outcome</TableCell>}
              <TableCell>Order</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {ordered.map((r, n) => {
              const flagged = shownIssues.filter((i) => i.ruleId === r.ruleId);
              const pos = shownOrder.indexOf(r.ruleId);
              return (
                <TableRow
                  key={`${r.ruleId}-${n}`}
                  sx={{
                    ...(r.disabled ? { '& td': { color: 'text.disabled' } } : {}),
                    ...(r.contribution?.wins
                      ? { bgcolor: (t) => alpha(t.palette.success.main, 0.14) }
                      : {}),
                  }}
                >
                  <TableCell>
                    {r.precedence}
                    {flagged.length > 0 && (
                      <Typography variant="caption" color="error" component="div">
                        {flagged.map((f) => f.message).join(' ')}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>
                    {r.ruleName}
                    {r.disabled ? ' (disabled)' : ''}
                    {r.isDefault ? '' : ' (custom)'}
                  </TableCell>
                  <TableCell>{r.connector}</TableCell>
                  <TableCell>
                    {r.flowType}: <code>{r.flow}</code>
                  </TableCell>
                  <TableCell>{r.mergeType}</TableCell>
                  {object && (
                    <TableCell>
                      <Contribution row={r} />
                    </TableCell>
                  )}
                  {object && <TableCell>{r.contribution?.reason}</TableCell>}
                  <TableCell>
                    {!r.isDefault && (
                      <>
                        <IconButton
                          size="small"
                          aria-label={`Move ${r.ruleName} up`}
                          disabled={pos <= 0}
                          onClick={() => move(r.ruleId, -1)}
                        >
                          <ArrowUpward fontSize="small" />
                        </IconButton>
                        <IconButton
                          size="small"
                          aria-label={`Move ${r.ruleName} down`}
                          disabled={pos < 0 || pos >= shownOrder.length - 1}
                          onClick={() => move(r.ruleId, 1)}
                        >
                          <ArrowDownward fontSize="small" />
                        </IconButton>
                      </>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
      {customIds.length > 0 && (
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
          <Button
            variant="contained"
            disabled={!changed || apply.isPending}
            onClick={() => apply.mutate(shownOrder)}
          >
            Apply order
          </Button>
          <Typography variant="body2" color="text.secondary">
            Custom rules trade their precedence numbers (or take free ones below 100); out-of-box
            rules keep theirs.
          </Typography>
        </Stack>
      )}
      {apply.data && (
        <Alert
          severity={apply.data.ok ? 'success' : 'error'}
          role="status"
          aria-label="Reorder result"
        >
          {apply.data.ok
            ? apply.data.changes.length === 0
              ? 'Nothing to change.'
              : `${apply.data.changes.map((c) => `${c.name}: ${c.from} → ${c.to}`).join(', ')}. Full Synchronization required: ${apply.data.fullSyncRequired.join(', ')}.`
            : apply.data.message}
        </Alert>
      )}
    </Stack>
  );
}

import { useState } from 'react';
import {
  Alert,
  Box,
  Chip,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import type { SyncRule } from '../../engine/rules/model.ts';
import type { ExplainJoinDto, ExplainScopeDto, ObjectChoiceDto } from '../../worker/api-rules.ts';
import { getEngine } from '../../worker/client.ts';
import { ObjectPicker } from './object-picker.tsx';

function TrueFalse({ value }: { value: boolean }) {
  return (
    <Chip
      size="small"
      label={value ? 'True' : 'False'}
      color={value ? 'success' : 'default'}
      variant={value ? 'filled' : 'outlined'}
    />
  );
}

function Values({ values }: { values: string[] }) {
  if (values.length === 0)
    return (
      <Typography variant="body2" color="text.secondary" component="span">
        (absent)
      </Typography>
    );
  return <code>{values.join('; ')}</code>;
}

/** The object a rule reads: its connector's objects inbound, metaverse objects outbound. */
function sourceOf(rule: SyncRule) {
  return rule.direction === 'Inbound'
    ? { scope: 'cs' as const, connector: rule.connector, objectType: rule.sourceObjectType }
    : { scope: 'mv' as const, objectType: rule.sourceObjectType };
}

/** Explains the draft's scoping filter on a chosen object: each clause with the actual values. */
export function ScopeExplainPanel({ rule }: { rule: SyncRule }) {
  const [object, setObject] = useState<ObjectChoiceDto | null>(null);
  const explained = useQuery({
    queryKey: [
      'workspace',
      'rules',
      'explain-scope',
      rule.scopingFilter,
      rule.connector,
      object?.id,
    ],
    queryFn: (): Promise<ExplainScopeDto> => getEngine().rulesExplainScope(rule, object?.id ?? ''),
    enabled: object !== null,
  });
  const r = explained.data;
  return (
    <Paper variant="outlined" component="section" aria-label="Scoping on an object" sx={{ p: 2 }}>
      <Typography variant="subtitle1" component="h3" gutterBottom>
        Scoping on an object
      </Typography>
      <ObjectPicker source={sourceOf(rule)} value={object} onChange={setObject} />
      {r && !r.ok && <Alert severity="error">{r.message}</Alert>}
      {r?.ok && (
        <Stack spacing={1} sx={{ mt: 1 }}>
          <Alert
            severity={r.explanation.inScope ? 'success' : 'info'}
            role="status"
            aria-label="Scope result"
          >
            {r.explanation.inScope
              ? `In scope: ${r.explanation.groups.length === 0 ? 'the rule has no scoping filter' : 'a group holds'}.`
              : 'Not in scope: no group holds.'}
            {!r.typeMatches &&
              ` (The object is a ${r.objectType}; the rule reads ${rule.sourceObjectType} objects.)`}
          </Alert>
          {r.explanation.groups.length > 0 && (
            <Table size="small" aria-label="Scoping clauses">
              <TableHead>
                <TableRow>
                  <TableCell>Group</TableCell>
                  <TableCell>Attribute</TableCell>
                  <TableCell>Operator</TableCell>
                  <TableCell>Value</TableCell>
                  <TableCell>Actual value</TableCell>
                  <TableCell>Result</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {r.explanation.groups.flatMap((g, gi) => [
                  ...g.clauses.map((c, ci) => (
                    <TableRow key={`${gi}-${ci}`}>
                      <TableCell>{ci === 0 ? `Group ${gi + 1}` : ''}</TableCell>
                      <TableCell>{c.attribute}</TableCell>
                      <TableCell>{c.operator}</TableCell>
                      <TableCell>
                        <code>{c.compared}</code>
                        {c.compared !== c.value && (
                          <Typography variant="caption" color="text.secondary">
                            {' '}
                            ({c.value})
                          </Typography>
                        )}
                      </TableCell>
                      <TableCell>
                        <Values values={c.actual} />
                      </TableCell>
                      <TableCell>
                        <TrueFalse value={c.result} />
                      </TableCell>
                    </TableRow>
                  )),
                  <TableRow key={`${gi}-all`}>
                    <TableCell colSpan={5} sx={{ fontStyle: 'italic' }}>
                      Group {gi + 1} (every clause)
                    </TableCell>
                    <TableCell>
                      <TrueFalse value={g.result} />
                    </TableCell>
                  </TableRow>,
                ])}
              </TableBody>
            </Table>
          )}
        </Stack>
      )}
    </Paper>
  );
}

const OUTCOME: Record<string, string> = {
  'no-match': 'No match: next group',
  join: 'Exactly one: join',
  several: 'Several: next group',
  'not-evaluated': 'Not evaluated',
};

/** Explains the draft's join rules on a chosen object: the candidates of each group. */
export function JoinExplainPanel({ rule }: { rule: SyncRule }) {
  const [object, setObject] = useState<ObjectChoiceDto | null>(null);
  const explained = useQuery({
    queryKey: [
      'workspace',
      'rules',
      'explain-join',
      rule.joinRules,
      rule.linkType,
      rule.connector,
      rule.targetObjectType,
      object?.id,
    ],
    queryFn: (): Promise<ExplainJoinDto> => getEngine().rulesExplainJoin(rule, object?.id ?? ''),
    enabled: object !== null,
  });
  const r = explained.data;
  return (
    <Paper variant="outlined" component="section" aria-label="Join on an object" sx={{ p: 2 }}>
      <Typography variant="subtitle1" component="h3" gutterBottom>
        Join on an object
      </Typography>
      <ObjectPicker source={sourceOf(rule)} value={object} onChange={setObject} />
      {r && !r.ok && <Alert severity="error">{r.message}</Alert>}
      {r?.ok && (
        <Stack spacing={1} sx={{ mt: 1 }}>
          <Alert severity="info" role="status" aria-label="Join result">
            {r.explanation.result}
          </Alert>
          {r.explanation.alreadyJoined && (
            <Typography variant="body2" color="text.secondary">
              {r.explanation.alreadyJoined}
            </Typography>
          )}
          {r.explanation.groups.map((g, gi) => (
            <Box key={gi} role="group" aria-label={`Join group ${gi + 1} candidates`}>
              <Typography variant="subtitle2">
                Group {gi + 1}: {OUTCOME[g.outcome]} ({g.count} candidate{g.count === 1 ? '' : 's'})
              </Typography>
              <Typography variant="body2" component="div">
                {g.clauses.map((c, ci) => (
                  <div key={ci}>
                    {c.source} = {c.target}
                    {c.caseSensitive ? ' (case sensitive)' : ''}: <Values values={c.values} />
                  </div>
                ))}
              </Typography>
              {g.candidates.length > 0 && (
                <Box component="ul" sx={{ m: 0, pl: 3 }}>
                  {g.candidates.map((c) => (
                    <Typography component="li" variant="body2" key={c.id}>
                      {c.label} ({c.objectType}){c.excluded ? ` — not counted: ${c.excluded}` : ''}
                    </Typography>
                  ))}
                </Box>
              )}
            </Box>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

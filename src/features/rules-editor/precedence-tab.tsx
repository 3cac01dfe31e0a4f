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
  ToggleButton,
  ToggleButtonGroup,
  Typography,
  alpha,
} from '@mui/material';
import ArrowUpward from '@mui/icons-material/ArrowUpward';
import ArrowDownward from '@mui/icons-material/ArrowDownward';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Direction } from '../../engine/rules/model.ts';
import type { PrecedenceRow } from '../../engine/rules/precedence-view.ts';
import type {
  ObjectChoiceDto,
  PrecedenceRequestDto,
  ReorderResultDto,
} from '../../worker/api-rules.ts';
import { getEngine } from '../../worker/client.ts';
import { ObjectPicker } from './object-picker.tsx';
import { useConnectors, useFilterOptions, useOutboundTargets, usePrecedence } from './rules-api.ts';

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
 * Inbound, for a metaverse attribute and object type: every inbound rule that flows into it, in
 * the order precedence resolves them, with what each gives a chosen object and which one wins.
 * Outbound, the same for an attribute of a target connector's object type, with the value export
 * would write to the object joined (or provisioned) there. Custom rules can be reordered (their
 * numbers stay below 100 and unique).
 */
export function PrecedenceTab() {
  const [direction, setDirection] = useState<Direction>('Inbound');
  const options = useFilterOptions('Inbound').data;
  const [objectType, setObjectType] = useState('person');
  const [attribute, setAttribute] = useState<string | null>('displayName');
  const connectors = useConnectors().data ?? [];
  const [chosenConnector, setConnector] = useState<string | null>(null);
  // Entra ID unless another target is chosen: the connector most outbound rules write to.
  const connector =
    chosenConnector ?? (connectors.find((c) => c.kind === 'aad') ?? connectors[0])?.name ?? null;
  const targets = useOutboundTargets(direction === 'Outbound' ? connector : null).data ?? [];
  const [targetType, setTargetType] = useState('user');
  const [targetAttribute, setTargetAttribute] = useState<string | null>('displayName');
  const target = targets.find((t) => t.objectType === targetType);
  const [object, setObject] = useState<ObjectChoiceDto | null>(null);
  const [order, setOrder] = useState<string[] | null>(null);
  const queryClient = useQueryClient();
  const mvId = object ? { mvId: object.id } : {};
  const request: PrecedenceRequestDto | null =
    direction === 'Inbound'
      ? attribute
        ? { attribute, objectType, ...mvId }
        : null
      : connector && targetAttribute
        ? {
            direction: 'Outbound',
            connector,
            objectType: targetType,
            attribute: targetAttribute,
            ...mvId,
          }
        : null;
  const view = usePrecedence(request);
  // The metaverse objects to choose from: the type the rules write (inbound) or read (outbound).
  const mvTypes = direction === 'Inbound' ? [objectType] : (target?.metaverseObjectTypes ?? []);
  const mvType = mvTypes.length === 1 ? mvTypes[0] : undefined;
  const shownAttribute = direction === 'Inbound' ? attribute : targetAttribute;
  const rows = view.data?.rows ?? [];
  const customIds = [...new Set(rows.filter((r) => !r.isDefault).map((r) => r.ruleId))];
  useEffect(() => setOrder(null), [view.data]);
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
  const changed = order !== null && order.join() !== customIds.join();
  // The rows in the order precedence resolves them. A proposed order gives every custom rule a
  // number below 100, so they come first in that order, before the out-of-box rules.
  const rank = new Map(shownOrder.map((id, i) => [id, i]));
  const ordered = changed
    ? [
        ...rows
          .filter((r) => !r.isDefault)
          .sort((a, b) => (rank.get(a.ruleId) ?? 0) - (rank.get(b.ruleId) ?? 0)),
        ...rows.filter((r) => r.isDefault),
      ]
    : rows;
  const issues = view.data?.issues ?? [];
  const shownIssues = issues.filter((i) => rows.some((r) => r.ruleId === i.ruleId));

  return (
    <Stack spacing={2} component="section" aria-label="Precedence view">
      <Stack direction="row" spacing={2} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
        <ToggleButtonGroup
          exclusive
          size="small"
          value={direction}
          aria-label="Direction"
          onChange={(_, v: Direction | null) => {
            if (!v) return;
            setDirection(v);
            setObject(null);
          }}
        >
          <ToggleButton value="Inbound">Inbound</ToggleButton>
          <ToggleButton value="Outbound">Outbound</ToggleButton>
        </ToggleButtonGroup>
        {direction === 'Inbound' ? (
          <>
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
          </>
        ) : (
          <>
            <TextField
              select
              size="small"
              label="Target connector"
              value={connector ?? ''}
              onChange={(e) => {
                setConnector(e.target.value);
                setObject(null);
              }}
              sx={{ minWidth: 280 }}
            >
              {connectors.map((c) => (
                <MenuItem key={c.name} value={c.name}>
                  {c.name}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              select
              size="small"
              label="Connector object type"
              value={targets.some((t) => t.objectType === targetType) ? targetType : ''}
              onChange={(e) => {
                setTargetType(e.target.value);
                setObject(null);
              }}
              sx={{ minWidth: 200 }}
            >
              {targets.map((t) => (
                <MenuItem key={t.objectType} value={t.objectType}>
                  {t.objectType}
                </MenuItem>
              ))}
            </TextField>
            <Autocomplete
              size="small"
              options={target?.attributes ?? []}
              value={targetAttribute}
              onChange={(_, v) => setTargetAttribute(v)}
              renderInput={(params) => <TextField {...params} label="Target attribute" />}
              sx={{ width: 280 }}
            />
          </>
        )}
        <Box sx={{ display: 'flex', flex: 1, minWidth: 360 }}>
          <ObjectPicker
            source={{ scope: 'mv', ...(mvType ? { objectType: mvType } : {}) }}
            value={object}
            onChange={setObject}
          />
        </Box>
      </Stack>
      {view.data?.result && (
        <Alert severity="info" role="status" aria-label="Precedence result">
          {view.data.result.label}: {shownAttribute} = {view.data.result.value}
          {view.data.result.ruleName ? ` (from '${view.data.result.ruleName}')` : ''}
          {view.data.result.target && (
            <Typography variant="body2" component="div">
              Target in {view.data.connector}: {view.data.result.target}
            </Typography>
          )}
        </Alert>
      )}
      {request && rows.length === 0 && !view.isPending && (
        <Typography variant="body2">
          {direction === 'Inbound'
            ? `No inbound rule flows into ${request.attribute} of ${request.objectType}.`
            : `No outbound rule of ${connector} flows into ${request.attribute} of ${request.objectType}.`}
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

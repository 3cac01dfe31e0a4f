import { useMemo, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Chip,
  FormControlLabel,
  MenuItem,
  Paper,
  Stack,
  Switch,
  TextField,
  Typography,
} from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import type { ConnectorConfiguration } from '../../engine/sync/connector-config.ts';
import type { AdConnectorConfigDto } from '../../worker/api-connectors.ts';
import { configureConnector, usePrediction } from './connectors-api.ts';

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The AD connector's configuration, edited as a draft whose effect is predicted before it is applied. */
export function ConfigurationPanel({
  config,
  threshold,
}: {
  config: AdConnectorConfigDto;
  threshold: number | null;
}) {
  const client = useQueryClient();
  const saved = config.configuration;
  const [draft, setDraft] = useState<ConnectorConfiguration>(saved);
  const [attrType, setAttrType] = useState(
    config.objectTypes.find((t) => t.objectType === 'user')?.objectType ??
      config.objectTypes[0]?.objectType ??
      '',
  );
  const [messages, setMessages] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const change = useMemo(() => {
    const c: ConnectorConfiguration = {};
    if (!same(draft.containers, saved.containers) && draft.containers)
      c.containers = draft.containers;
    if (!same(draft.groupFilter, saved.groupFilter)) c.groupFilter = draft.groupFilter ?? null;
    if (!same(draft.attributes, saved.attributes)) c.attributes = draft.attributes ?? null;
    if (!same(draft.objectTypes, saved.objectTypes) && draft.objectTypes)
      c.objectTypes = draft.objectTypes;
    return c;
  }, [draft, saved]);
  const changed = Object.keys(change).length > 0 || (!draft.objectTypes && !!saved.objectTypes);
  const prediction = usePrediction(config.connector, change);
  const inScope = new Set(prediction.data?.containersInScope ?? []);

  const toggleContainer = (dn: string, checked: boolean) => {
    const cur = draft.containers ?? { include: [], exclude: [] };
    const include = cur.include.filter((d) => d !== dn);
    const exclude = cur.exclude.filter((d) => d !== dn);
    const wasListed =
      include.length !== cur.include.length || exclude.length !== cur.exclude.length;
    // Unticking adds an exclusion; ticking removes it, or adds an inclusion under an excluded parent.
    if (!checked) {
      if (!wasListed || cur.include.includes(dn)) exclude.push(dn);
    } else if (!cur.exclude.includes(dn)) include.push(dn);
    setDraft({ ...draft, containers: { include, exclude } });
  };

  const allTypes = config.objectTypes.map((t) => t.objectType);
  const selectedTypes = draft.objectTypes ?? allTypes;
  const attrList = draft.attributes?.[attrType];
  const typeAttributes =
    config.objectTypes.find((t) => t.objectType === attrType)?.attributes ?? [];

  const apply = async () => {
    setBusy(true);
    const full: ConnectorConfiguration = { ...change };
    if (!draft.objectTypes && saved.objectTypes)
      (full as Record<string, unknown>).objectTypes = null;
    const r = await configureConnector(client, config.connector, full);
    setBusy(false);
    setMessages(r.ok ? r.notes : r.messages);
  };

  const p = prediction.data;
  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Typography variant="h6" component="h2">
          {config.connector}
        </Typography>
        {config.fullImportRequired && (
          <Chip size="small" color="warning" label="Full Import required" />
        )}
      </Stack>
      <Box sx={{ display: 'grid', gridTemplateColumns: { md: '1fr 1fr' }, gap: 2 }}>
        <Paper variant="outlined" sx={{ p: 2 }}>
          <Typography variant="subtitle1" component="h3">
            Domain and OU filtering
          </Typography>
          <Box role="group" aria-label="Containers" sx={{ maxHeight: 320, overflow: 'auto' }}>
            {config.containers.map((c) => (
              <Box key={c.dn} sx={{ pl: c.depth * 2.5 }}>
                <FormControlLabel
                  control={
                    <Checkbox
                      size="small"
                      checked={inScope.has(c.dn)}
                      onChange={(e) => toggleContainer(c.dn, e.target.checked)}
                    />
                  }
                  label={c.name}
                  title={c.dn}
                />
              </Box>
            ))}
          </Box>
        </Paper>
        <Stack spacing={2}>
          <Paper variant="outlined" sx={{ p: 2 }}>
            <Typography variant="subtitle1" component="h3" gutterBottom>
              Group filtering (pilot)
            </Typography>
            <TextField
              select
              fullWidth
              size="small"
              label="Synchronize only direct members of"
              slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}
              value={draft.groupFilter ?? ''}
              onChange={(e) => setDraft({ ...draft, groupFilter: e.target.value || null })}
            >
              <MenuItem value="">All users and devices</MenuItem>
              {config.groups.map((g) => (
                <MenuItem key={g} value={g}>
                  {g}
                </MenuItem>
              ))}
            </TextField>
          </Paper>
          <Paper variant="outlined" sx={{ p: 2 }}>
            <Typography variant="subtitle1" component="h3">
              Object types
            </Typography>
            <Box role="group" aria-label="Object types">
              {allTypes.map((t) => (
                <FormControlLabel
                  key={t}
                  control={
                    <Checkbox
                      size="small"
                      checked={selectedTypes.includes(t)}
                      onChange={(e) =>
                        setDraft({
                          ...draft,
                          objectTypes: e.target.checked
                            ? [...selectedTypes, t]
                            : selectedTypes.filter((x) => x !== t),
                        })
                      }
                    />
                  }
                  label={t}
                />
              ))}
            </Box>
          </Paper>
          <Paper variant="outlined" sx={{ p: 2 }}>
            <Typography variant="subtitle1" component="h3" gutterBottom>
              Attribute inclusion
            </Typography>
            <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
              <TextField
                select
                size="small"
                label="Object type"
                value={attrType}
                onChange={(e) => setAttrType(e.target.value)}
                sx={{ minWidth: 160 }}
              >
                {allTypes.map((t) => (
                  <MenuItem key={t} value={t}>
                    {t}
                  </MenuItem>
                ))}
              </TextField>
              <FormControlLabel
                control={
                  <Switch
                    checked={attrList !== undefined}
                    onChange={(e) => {
                      const next = { ...(draft.attributes ?? {}) };
                      if (e.target.checked) next[attrType] = [...typeAttributes];
                      else delete next[attrType];
                      setDraft({
                        ...draft,
                        attributes: Object.keys(next).length > 0 ? next : null,
                      });
                    }}
                  />
                }
                label="Import only the selected attributes"
              />
            </Stack>
            {attrList !== undefined && (
              <Box
                role="group"
                aria-label={`Attributes of ${attrType}`}
                sx={{ maxHeight: 200, overflow: 'auto', mt: 1 }}
              >
                {typeAttributes.map((a) => (
                  <FormControlLabel
                    key={a}
                    control={
                      <Checkbox
                        size="small"
                        checked={attrList.includes(a)}
                        onChange={(e) =>
                          setDraft({
                            ...draft,
                            attributes: {
                              ...(draft.attributes ?? {}),
                              [attrType]: e.target.checked
                                ? [...attrList, a]
                                : attrList.filter((x) => x !== a),
                            },
                          })
                        }
                      />
                    }
                    label={a}
                  />
                ))}
              </Box>
            )}
          </Paper>
        </Stack>
      </Box>
      <Paper variant="outlined" sx={{ p: 2 }} aria-label="Predicted effect" role="region">
        <Typography variant="subtitle1" component="h3" gutterBottom>
          Predicted effect of the change
        </Typography>
        {!changed && <Typography>No change to apply.</Typography>}
        {changed && p && (
          <Stack spacing={1}>
            <Typography>
              {p.outOfScope} objects leave the scope and {p.intoScope} enter it at the next Full
              Import.
            </Typography>
            <Alert severity={p.exceeded ? 'error' : p.tenantDeletes > 0 ? 'warning' : 'info'}>
              Predicted deletes in Entra ID: {p.tenantDeletes} (pending deletes at the next export:{' '}
              {p.pendingDeletes}); deletion threshold: {threshold === null ? 'disabled' : threshold}
              .
              {p.exceeded
                ? ' The export to Entra ID would stop (stopped-deletion-threshold-exceeded) and export nothing.'
                : ''}
            </Alert>
            {p.excludedReads.length > 0 && (
              <Alert severity="warning" aria-label="Flows reading excluded attributes">
                These rule flows read attributes the inclusion list leaves out, so they flow
                nothing:
                {p.excludedReads.map((r) => (
                  <div key={r.ruleName + r.where}>
                    {r.ruleName}, {r.where}: {r.attributes.join(', ')}
                  </div>
                ))}
              </Alert>
            )}
            {p.sample.length > 0 && (
              <Typography variant="body2" color="text.secondary">
                Leaving the scope: {p.sample.join('; ')}
                {p.outOfScope > p.sample.length ? ' …' : ''}
              </Typography>
            )}
          </Stack>
        )}
        <Stack direction="row" spacing={1} sx={{ mt: 2 }}>
          <Button variant="contained" disabled={!changed || busy} onClick={() => void apply()}>
            Apply configuration
          </Button>
          <Button disabled={!changed || busy} onClick={() => setDraft(saved)}>
            Discard changes
          </Button>
        </Stack>
        {messages.map((m) => (
          <Alert key={m} severity="info" sx={{ mt: 1 }}>
            {m}
          </Alert>
        ))}
      </Paper>
    </Stack>
  );
}

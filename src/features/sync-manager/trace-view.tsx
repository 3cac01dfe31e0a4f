import {
  Alert,
  Box,
  Chip,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import type {
  ChangeDto,
  ExportTraceDto,
  ImportTraceDto,
  ObjectTraceDto,
} from '../../engine/index.ts';
import { valueText } from './sync-api.ts';

function linkText(link: ObjectTraceDto['link']): string {
  switch (link.action) {
    case 'joined':
      return `Joined to metaverse object ${link.mvId} by "${link.ruleName}" (join group ${link.group + 1})`;
    case 'projected':
      return `Projected as metaverse object ${link.mvId} by "${link.ruleName}"`;
    case 'already-joined':
      return `Already joined to metaverse object ${link.mvId}${link.ruleName ? ` (by "${link.ruleName}")` : ''}`;
    case 'disconnected':
      return `Disconnected from ${link.mvId}: ${link.reason}`;
    case 'stayed-disconnector':
      return `Stays a disconnector: ${link.reason}`;
    case 'deleted':
      return `Deleted${link.mvId ? ` (was joined to ${link.mvId})` : ''}`;
    case 'skipped':
      return `Skipped: ${link.reason}`;
  }
}

/** Attribute changes: attribute, modification, old value and new value. */
export function ChangesTable({ changes, label }: { changes: ChangeDto[]; label: string }) {
  return (
    <Table size="small" aria-label={label}>
      <TableHead>
        <TableRow>
          <TableCell>Attribute</TableCell>
          <TableCell>Modification</TableCell>
          <TableCell>Old Value</TableCell>
          <TableCell>New Value</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {changes.map((c) => (
          <TableRow key={c.attribute}>
            <TableCell>{c.attribute}</TableCell>
            <TableCell>{c.kind}</TableCell>
            <TableCell sx={{ wordBreak: 'break-all' }}>{valueText(c.oldValue)}</TableCell>
            <TableCell sx={{ wordBreak: 'break-all' }}>{valueText(c.newValue)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Box component="section" aria-label={title}>
      <Typography variant="subtitle2" component="h3" sx={{ mt: 1 }}>
        {title}
      </Typography>
      {children}
    </Box>
  );
}

/**
 * What happened to one object during synchronization, stage by stage, as the product's Preview
 * shows it: source object, rules in scope, join or projection, import flow (with the rule that
 * gave each value), metaverse changes, and export flow to each connector.
 */
export function TraceView({ trace, label }: { trace: ObjectTraceDto; label: string }) {
  return (
    <Stack spacing={1} aria-label={label} role="region">
      <Section title="Source object">
        <Typography variant="body2">
          {trace.connector}: {trace.dn} ({trace.objectType})
          {trace.pendingImport ? ` · pending import ${trace.pendingImport}` : ''}
        </Typography>
      </Section>
      {trace.error && (
        <Alert severity="error">
          {trace.error.type}: {trace.error.message}
        </Alert>
      )}
      <Section title="Rules in scope">
        <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
          {trace.rulesInScope.length === 0 && <Typography variant="body2">None</Typography>}
          {trace.rulesInScope.map((r) => (
            <Chip key={r.id} size="small" label={`${r.precedence} · ${r.name}`} />
          ))}
        </Stack>
      </Section>
      <Section title="Join or projection">
        <Typography variant="body2">{linkText(trace.link)}</Typography>
      </Section>
      <Section title="Import flow">
        {trace.importFlows.length === 0 ? (
          <Typography variant="body2">No attribute flows.</Typography>
        ) : (
          <Table size="small" aria-label="Import flow">
            <TableHead>
              <TableRow>
                <TableCell>Attribute</TableCell>
                <TableCell>Value</TableCell>
                <TableCell>Sync rule</TableCell>
                <TableCell>Outcome</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {trace.importFlows.map((f, i) => (
                <TableRow key={i}>
                  <TableCell>{f.attribute}</TableCell>
                  <TableCell sx={{ wordBreak: 'break-all' }}>{valueText(f.value)}</TableCell>
                  <TableCell>
                    {f.ruleName} ({f.precedence})
                  </TableCell>
                  <TableCell>{f.outcome}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Section>
      {trace.mvChanges.length > 0 && (
        <Section title="Metaverse changes">
          <Typography variant="body2">
            {trace.mvChanges.map((c) => `${c.attribute} (${c.kind})`).join(', ')}
          </Typography>
        </Section>
      )}
      {trace.mvDeleted && <Alert severity="warning">The metaverse object was deleted.</Alert>}
      <Section title="Export flow">
        {trace.outbound.length === 0 && (
          <Typography variant="body2">No export to other connectors.</Typography>
        )}
        {trace.outbound.map((o) => (
          <Box key={o.csId + o.connector} sx={{ mb: 1 }}>
            <Typography variant="body2" sx={{ fontWeight: 600 }}>
              {o.connector}: {o.action}
              {o.ruleName ? ` by "${o.ruleName}"` : ''} · {o.dn}
            </Typography>
            {o.changes.length > 0 && (
              <ChangesTable changes={o.changes} label={`Export flow to ${o.connector}`} />
            )}
          </Box>
        ))}
      </Section>
    </Stack>
  );
}

/** The words for an import operation, as the object's Import tab and Operations name them. */
const IMPORT_TEXT: Record<ImportTraceDto['operation'], string> = {
  Add: 'Add: a new object is staged.',
  Update: 'Update: changed attribute values are staged.',
  Rename: 'Rename: the object has a new DN (and possibly new values).',
  Delete: 'Delete: the object is no longer in the connected directory.',
  'Delete-Add': 'Delete-Add: the object came back with another object type under the same anchor.',
};

/** The object of an import or export step: connector, DN and type, and the DN before a rename. */
function ObjectLines({ trace }: { trace: ImportTraceDto | ExportTraceDto }) {
  return (
    <>
      <Typography variant="body2">
        {trace.connector}: {trace.dn} ({trace.objectType})
      </Typography>
      {trace.oldDn && <Typography variant="body2">Renamed from {trace.oldDn}</Typography>}
    </>
  );
}

/**
 * One object of an import (Full or Delta Import): the pending import it now holds, with each
 * attribute's old and new value, as the object's Import tab shows it.
 */
export function ImportStepView({ trace, label }: { trace: ImportTraceDto; label: string }) {
  return (
    <Stack spacing={1} aria-label={label} role="region">
      <Section title="Staged object">
        <ObjectLines trace={trace} />
        {trace.anchor && <Typography variant="body2">Anchor: {trace.anchor}</Typography>}
      </Section>
      <Section title="Pending import">
        <Typography variant="body2">{IMPORT_TEXT[trace.operation]}</Typography>
        {trace.changes.length > 0 && (
          <ChangesTable changes={trace.changes} label="Staged attribute changes" />
        )}
      </Section>
    </Stack>
  );
}

/** The export's answer for one object. */
function ExportResultView({ trace }: { trace: ExportTraceDto }) {
  const r = trace.result;
  if (r.status === 'error')
    return (
      <Alert severity="error">
        {r.type}: {r.message}
      </Alert>
    );
  if (r.status === 'not-sent') return <Alert severity="info">{r.reason}</Alert>;
  return (
    <Box>
      <Typography variant="body2">
        Success: {trace.connector} accepted the {trace.operation.toLowerCase()}.
      </Typography>
      {r.anchor && (
        <Typography variant="body2">Anchor returned by Microsoft Entra ID: {r.anchor}</Typography>
      )}
      {r.deferred && (
        <Typography variant="body2">
          Held back until the objects they name are exported: {r.deferred.join(', ')}
        </Typography>
      )}
    </Box>
  );
}

/**
 * One object of an Export run: the operation, the attribute changes sent (from the confirmed value
 * to the exported one), and what the connected directory answered.
 */
export function ExportStepView({ trace, label }: { trace: ExportTraceDto; label: string }) {
  return (
    <Stack spacing={1} aria-label={label} role="region">
      <Section title="Exported object">
        <ObjectLines trace={trace} />
      </Section>
      <Section title="Export operation">
        <Typography variant="body2">
          Operation: {trace.operation}
          {trace.deferredReferences
            ? ' (second pass: references to objects added later in this run)'
            : ''}
        </Typography>
        {trace.changes.length > 0 && (
          <ChangesTable changes={trace.changes} label="Exported attribute changes" />
        )}
      </Section>
      <Section title="Result">
        <ExportResultView trace={trace} />
      </Section>
    </Stack>
  );
}

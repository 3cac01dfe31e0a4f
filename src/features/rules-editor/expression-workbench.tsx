import { useState } from 'react';
import { MenuItem, Paper, Stack, TextField, Typography } from '@mui/material';
import type { SchemaKind } from '../../engine/rules/editor-schema.ts';
import type { Direction } from '../../engine/rules/model.ts';
import { ExpressionEditor, type ExpressionContext } from './expression-editor.tsx';
import { useObjectTypes } from './rules-api.ts';
import { TestPanel } from './test-panel.tsx';

const SOURCES: { kind: SchemaKind; label: string; direction: Direction }[] = [
  { kind: 'ad', label: 'Active Directory connector space (inbound)', direction: 'Inbound' },
  { kind: 'aad', label: 'Entra ID connector space (inbound)', direction: 'Inbound' },
  { kind: 'mv', label: 'Metaverse (outbound)', direction: 'Outbound' },
];

/** An expression on its own, against a chosen schema: write, check and test it. */
export function ExpressionWorkbench() {
  const [expression, setExpression] = useState('Left([givenName],1) & [sn]');
  const [kind, setKind] = useState<SchemaKind>('ad');
  const [objectType, setObjectType] = useState('user');
  const types = useObjectTypes(kind);
  const source = SOURCES.find((s) => s.kind === kind) ?? SOURCES[0];
  const context: ExpressionContext = {
    source: { kind, objectType },
    direction: source?.direction ?? 'Inbound',
  };

  return (
    <Stack spacing={2}>
      <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label="Expression workbench">
        <Typography variant="subtitle1" component="h2" gutterBottom>
          Expression workbench
        </Typography>
        <Stack direction="row" spacing={2} sx={{ mb: 2 }}>
          <TextField
            select
            size="small"
            label="Source"
            value={kind}
            onChange={(e) => {
              const next = e.target.value as SchemaKind;
              setKind(next);
              setObjectType(next === 'mv' ? 'person' : 'user');
            }}
            sx={{ minWidth: 320 }}
          >
            {SOURCES.map((s) => (
              <MenuItem key={s.kind} value={s.kind}>
                {s.label}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            select
            size="small"
            label="Object type"
            value={types.data?.includes(objectType) ? objectType : ''}
            onChange={(e) => setObjectType(e.target.value)}
            sx={{ minWidth: 200 }}
          >
            {(types.data ?? []).map((t) => (
              <MenuItem key={t} value={t}>
                {t}
              </MenuItem>
            ))}
          </TextField>
        </Stack>
        <ExpressionEditor value={expression} onChange={setExpression} context={context} />
      </Paper>
      <TestPanel
        expression={expression}
        context={context}
        {...(kind === 'mv' ? { objects: { scope: 'mv' as const, objectType } } : {})}
      />
    </Stack>
  );
}

import { useState } from 'react';
import { Alert, Box, Button, Paper, Stack, TextField, Typography } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { getEngine } from '../../worker/client.ts';
import { useWorkspace } from '../../lib/workspace.ts';
import type { EvaluateRequest, EvaluateResponse } from '../../worker/protocol.ts';

async function evaluateInWorker(request: EvaluateRequest): Promise<EvaluateResponse> {
  return getEngine().evaluate(request);
}

function describe(response: EvaluateResponse): { severity: 'success' | 'error'; text: string } {
  if ('value' in response) return { severity: 'success', text: JSON.stringify(response.value) };
  if ('error' in response) {
    return { severity: 'error', text: `${response.error.type}: ${response.error.message}` };
  }
  return {
    severity: 'error',
    text: response.diagnostics.map((d) => `${d.message} (${d.start}–${d.end})`).join('\n'),
  };
}

/** The landing page: what SyncLab is, and the expression language running in the engine worker. */
export function HomeScreen() {
  const [expression, setExpression] = useState('Left([givenName],1) & [sn]');
  const [attributes, setAttributes] = useState('{"givenName": "Ann", "sn": "Lee"}');
  const [inputError, setInputError] = useState<string | null>(null);
  const evaluation = useMutation({ mutationFn: evaluateInWorker });

  const run = () => {
    let parsed: EvaluateRequest['attributes'];
    try {
      parsed = attributes.trim() ? (JSON.parse(attributes) as EvaluateRequest['attributes']) : {};
    } catch (e) {
      setInputError(`Attributes are not valid JSON: ${(e as Error).message}`);
      return;
    }
    setInputError(null);
    evaluation.mutate({ expression, attributes: parsed });
  };

  const result = evaluation.data ? describe(evaluation.data) : null;
  const workspace = useWorkspace();

  return (
    <Stack spacing={3} sx={{ maxWidth: 900 }}>
      <Box>
        <Typography variant="h4" component="h1" gutterBottom>
          SyncLab
        </Typography>
        <Typography>
          A lab for Microsoft Entra Connect Sync in the browser: design synchronization rules, step
          through sync cycles and see what reaches Microsoft Entra ID, without a Windows server, SQL
          or a real tenant.
        </Typography>
      </Box>
      <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby="open-workspace">
        <Typography id="open-workspace" variant="h6" component="h2" gutterBottom>
          Open workspace
        </Typography>
        {workspace.isPending && <Typography>Loading the workspace in the engine…</Typography>}
        {workspace.error && <Alert severity="error">{String(workspace.error)}</Alert>}
        {workspace.data && (
          <Stack spacing={1}>
            <Typography variant="subtitle1" component="p" sx={{ fontWeight: 600 }}>
              {workspace.data.name}
            </Typography>
            <Typography variant="body2">{workspace.data.description}</Typography>
            {workspace.data.teaches && (
              <Typography variant="body2" color="text.secondary">
                What it teaches: {workspace.data.teaches}
              </Typography>
            )}
            <Typography variant="body2" color="text.secondary">
              Connectors: {workspace.data.connectors.map((c) => c.name).join(', ')} ·{' '}
              {workspace.data.rules} sync rules
            </Typography>
          </Stack>
        )}
      </Paper>
      <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby="try-expression">
        <Typography id="try-expression" variant="h6" component="h2" gutterBottom>
          Try an expression
        </Typography>
        <Typography variant="body2" color="text.secondary" gutterBottom>
          The declarative provisioning expression language of sync rules, evaluated by the engine in
          its Web Worker.
        </Typography>
        <Stack spacing={2}>
          <TextField
            label="Expression"
            value={expression}
            onChange={(e) => setExpression(e.target.value)}
            slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'monospace' } } }}
            fullWidth
          />
          <TextField
            label="Attributes (JSON)"
            value={attributes}
            onChange={(e) => setAttributes(e.target.value)}
            slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'monospace' } } }}
            fullWidth
            multiline
            minRows={2}
          />
          <Box>
            <Button variant="contained" onClick={run} disabled={evaluation.isPending}>
              Evaluate
            </Button>
          </Box>
          {inputError && <Alert severity="error">{inputError}</Alert>}
          {evaluation.error && <Alert severity="error">{String(evaluation.error)}</Alert>}
          {result && (
            <Alert severity={result.severity} role="status" aria-label="Result">
              <Box component="pre" sx={{ m: 0, whiteSpace: 'pre-wrap', fontFamily: 'monospace' }}>
                {result.text}
              </Box>
            </Alert>
          )}
        </Stack>
      </Paper>
    </Stack>
  );
}

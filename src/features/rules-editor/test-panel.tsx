import { useState, type ReactNode } from 'react';
import {
  Alert,
  Box,
  Button,
  IconButton,
  Paper,
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
} from '@mui/material';
import DeleteOutline from '@mui/icons-material/DeleteOutlineOutlined';
import { useMutation } from '@tanstack/react-query';
import type {
  DisplayValueDto,
  ObjectChoiceDto,
  ResultDto,
  TestExpressionResponseDto,
  TypedAttributeDto,
} from '../../worker/api-rules.ts';
import type { ExpressionContext } from './expression-editor.tsx';
import { ObjectPicker } from './object-picker.tsx';
import { testExpression, type ObjectSearch } from './rules-api.ts';

interface Row {
  name: string;
  /** One value per line. */
  text: string;
}

/** The attribute names an expression reads, in order of first use. */
function attributesIn(expression: string): string[] {
  const names = [...expression.matchAll(/\[([^[\]"]+)\]/g)].map((m) => m[1] ?? '');
  return [...new Set(names.filter((n) => n !== ''))];
}

export function ValueText({ value }: { value: DisplayValueDto }) {
  if (value.values.length === 1 && value.type !== 'multi-valued') {
    return (
      <span>
        <Box component="code">{value.values[0]}</Box>{' '}
        <Typography component="span" variant="caption" color="text.secondary">
          ({value.type})
        </Typography>
      </span>
    );
  }
  return (
    <span>
      <Typography component="span" variant="caption" color="text.secondary">
        {value.values.length} values:
      </Typography>
      <Box component="ol" sx={{ m: 0, pl: 3 }}>
        {value.values.map((v, i) => (
          <li key={i}>
            <code>{v}</code>
          </li>
        ))}
      </Box>
    </span>
  );
}

export function ResultText({ result }: { result: ResultDto }): ReactNode {
  if (result.ok) return <ValueText value={result.value} />;
  return (
    <Typography component="span" color="error" variant="body2">
      {result.error.type}: {result.error.message}
    </Typography>
  );
}

function Outcome({ response }: { response: TestExpressionResponseDto }) {
  if (!response.ok) {
    return (
      <Alert severity="error" role="status" aria-label="Test result">
        {[...response.inputErrors, ...response.diagnostics.map((d) => d.message)].join('\n')}
      </Alert>
    );
  }
  return (
    <Stack spacing={1}>
      <Alert
        severity={response.result.ok ? 'success' : 'error'}
        role="status"
        aria-label="Test result"
      >
        <ResultText result={response.result} />
      </Alert>
      {response.perValue && (
        <Box>
          <Typography variant="subtitle2" component="h4">
            Per value of [{response.perValue.attribute}]
          </Typography>
          <Table size="small" aria-label="Result per value">
            <TableHead>
              <TableRow>
                <TableCell>Input value</TableCell>
                <TableCell>Result</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {response.perValue.rows.map((r, i) => (
                <TableRow key={i}>
                  <TableCell>
                    <code>{r.input}</code>
                  </TableCell>
                  <TableCell>
                    <ResultText result={r.result} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
      <Box>
        <Typography variant="subtitle2" component="h4">
          Sub-expressions
        </Typography>
        <Table size="small" aria-label="Sub-expressions">
          <TableHead>
            <TableRow>
              <TableCell>Sub-expression</TableCell>
              <TableCell>Value</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {response.steps.map((s, i) => (
              <TableRow key={i}>
                <TableCell sx={{ pl: 2 + s.depth * 2, fontFamily: 'monospace' }}>
                  {s.text}
                </TableCell>
                <TableCell>
                  {s.outcome.status === 'evaluated' ? (
                    <ResultText result={s.outcome.result} />
                  ) : (
                    <Typography variant="body2" color="text.secondary">
                      {s.outcome.reason}
                    </Typography>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
    </Stack>
  );
}

export interface TestPanelProps {
  expression: string;
  context: ExpressionContext;
  /** Where real objects to test on come from (a rule's source side); typed values only without. */
  objects?: Omit<ObjectSearch, 'text'>;
}

/**
 * Evaluates the expression on typed-in values (one value per line; several lines make a
 * multi-valued input) and shows the result, the result per value, and every sub-expression.
 */
export function TestPanel({ expression, context, objects }: TestPanelProps) {
  const [rows, setRows] = useState<Row[]>([]);
  const [mode, setMode] = useState<'typed' | 'object'>('typed');
  const [object, setObject] = useState<ObjectChoiceDto | null>(null);
  const [parameters, setParameters] = useState('Domain.Netbios=CONTOSO\nDomain.FQDN=contoso.com');
  const test = useMutation({ mutationFn: testExpression });

  const known = new Set(rows.map((r) => r.name));
  const missing = attributesIn(expression).filter((n) => !known.has(n));
  const shown = [...rows, ...missing.map((name) => ({ name, text: '' }))];

  const setRow = (i: number, row: Row | null) => {
    const next = [...shown];
    if (row) next[i] = row;
    else next.splice(i, 1);
    setRows(next);
  };

  const run = () => {
    const attributes: TypedAttributeDto[] = shown
      .filter((r) => r.name.trim() !== '' && r.text !== '')
      .map((r) => ({ name: r.name.trim(), values: r.text.split('\n') }));
    const params: Record<string, string> = {};
    for (const line of parameters.split('\n')) {
      const eq = line.indexOf('=');
      if (eq > 0) params[line.slice(0, eq).trim()] = line.slice(eq + 1);
    }
    test.mutate({
      expression,
      ...context,
      input:
        mode === 'object' && object
          ? { kind: 'object', id: object.id, scope: object.scope }
          : { kind: 'typed', attributes },
      parameters: params,
    });
  };

  return (
    <Paper variant="outlined" component="section" aria-label="Test" sx={{ p: 2 }}>
      <Typography variant="subtitle1" component="h3" gutterBottom>
        Test
      </Typography>
      {objects && (
        <ToggleButtonGroup
          size="small"
          exclusive
          value={mode}
          onChange={(_, v: 'typed' | 'object' | null) => v && setMode(v)}
          aria-label="Test on"
          sx={{ mb: 1 }}
        >
          <ToggleButton value="typed">Typed values</ToggleButton>
          <ToggleButton value="object">Real object</ToggleButton>
        </ToggleButtonGroup>
      )}
      {mode === 'object' && objects ? (
        <Box sx={{ mb: 1, display: 'flex' }}>
          <ObjectPicker source={objects} value={object} onChange={setObject} />
        </Box>
      ) : null}
      <Typography
        variant="body2"
        color="text.secondary"
        gutterBottom
        sx={{ display: mode === 'object' ? 'none' : undefined }}
      >
        Type the values of the attributes the expression reads, one value per line (several lines
        make a multi-valued attribute); leave a value empty for an absent attribute.
      </Typography>
      <Stack spacing={1}>
        {mode === 'typed' &&
          shown.map((r, i) => (
            <Stack direction="row" spacing={1} key={i} sx={{ alignItems: 'flex-start' }}>
              <TextField
                size="small"
                label={`Attribute ${i + 1} name`}
                value={r.name}
                onChange={(e) => setRow(i, { ...r, name: e.target.value })}
                sx={{ width: 220 }}
              />
              <TextField
                size="small"
                label={r.name ? `Value of ${r.name}` : `Attribute ${i + 1} value`}
                value={r.text}
                onChange={(e) => setRow(i, { ...r, text: e.target.value })}
                multiline
                sx={{ flex: 1 }}
              />
              <IconButton
                aria-label={`Remove attribute ${r.name || i + 1}`}
                onClick={() => setRow(i, null)}
              >
                <DeleteOutline />
              </IconButton>
            </Stack>
          ))}
        <TextField
          size="small"
          label="Parameters (Name=value per line)"
          value={parameters}
          onChange={(e) => setParameters(e.target.value)}
          multiline
        />
        <Stack direction="row" spacing={1}>
          {mode === 'typed' && (
            <Button onClick={() => setRows([...shown, { name: '', text: '' }])}>
              Add attribute
            </Button>
          )}
          <Button
            variant="contained"
            onClick={run}
            disabled={test.isPending || (mode === 'object' && !object)}
          >
            Evaluate
          </Button>
        </Stack>
        {test.error && <Alert severity="error">{String(test.error)}</Alert>}
        {test.data && <Outcome response={test.data} />}
      </Stack>
    </Paper>
  );
}

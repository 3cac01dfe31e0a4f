import { useMemo, useRef, useState } from 'react';
import CodeMirror from '@uiw/react-codemirror';
import { Box, Typography, useTheme } from '@mui/material';
import type { ExprDiagnosticDto, SchemaRefDto } from '../../worker/api-rules.ts';
import type { Direction } from '../../engine/rules/model.ts';
import { expressionExtensions, type ExpressionBridge } from './expression-language.ts';
import { checkExpression, useAttributes, useCatalog } from './rules-api.ts';

export interface ExpressionContext {
  /** Where the expression reads its attributes. */
  source: SchemaRefDto;
  direction: Direction;
}

export interface ExpressionEditorProps {
  value: string;
  onChange?: (value: string) => void;
  context: ExpressionContext;
  readOnly?: boolean;
  /** The accessible name; every expression field is named "Expression" unless told otherwise. */
  label?: string;
  /** Called with the engine's diagnostics after each check. */
  onDiagnostics?: (diagnostics: ExprDiagnosticDto[]) => void;
}

/** Line and column (1-based) of an offset, for diagnostics read as text. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/**
 * The one editor of every expression field: highlighting, completion of functions, attributes of
 * the source schema and parameters, hover documentation, and the engine's diagnostics both inline
 * and as a list below.
 */
export function ExpressionEditor({
  value,
  onChange,
  context,
  readOnly = false,
  label = 'Expression',
  onDiagnostics,
}: ExpressionEditorProps) {
  const theme = useTheme();
  const catalog = useCatalog();
  const attributes = useAttributes(context.source);
  const [diagnostics, setDiagnostics] = useState<ExprDiagnosticDto[]>([]);
  const [checkedText, setCheckedText] = useState('');

  const bridge = useRef<ExpressionBridge>({
    attributes: [],
    check: async () => [],
    onDiagnostics: () => undefined,
  });
  // The extensions read the bridge when they run, so they are built once per editor.
  bridge.current = {
    catalog: catalog.data,
    attributes: attributes.data ?? [],
    check: async (text) => {
      const found = await checkExpression({ expression: text, ...context });
      setCheckedText(text);
      return found;
    },
    onDiagnostics: (found) => {
      setDiagnostics(found);
      onDiagnostics?.(found);
    },
  };
  const extensions = useMemo(() => expressionExtensions(bridge, label), [label]);

  return (
    <Box>
      <Box
        sx={{
          border: 1,
          borderColor: diagnostics.some((d) => d.severity === 'error') ? 'error.main' : 'divider',
          borderRadius: 1,
          '& .cm-editor': { fontSize: 14 },
          '& .cm-editor.cm-focused': { outline: `2px solid ${theme.palette.primary.main}` },
        }}
      >
        <CodeMirror
          value={value}
          onChange={onChange}
          readOnly={readOnly}
          editable={!readOnly}
          theme={theme.palette.mode === 'dark' ? 'dark' : 'light'}
          minHeight="2.5em"
          basicSetup={{
            lineNumbers: false,
            foldGutter: false,
            highlightActiveLine: false,
            highlightActiveLineGutter: false,
            autocompletion: false,
            searchKeymap: false,
            closeBrackets: false,
          }}
          extensions={extensions}
        />
      </Box>
      {diagnostics.length > 0 && checkedText === value && (
        <Box component="ul" aria-label="Diagnostics" sx={{ m: 0, mt: 0.5, pl: 2.5 }}>
          {diagnostics.map((d, i) => (
            <Typography
              component="li"
              variant="body2"
              key={i}
              color={d.severity === 'error' ? 'error' : 'warning.main'}
            >
              {d.severity === 'error' ? 'Error' : 'Warning'} at {lineColumn(value, d.start)}:{' '}
              {d.message}
            </Typography>
          ))}
        </Box>
      )}
    </Box>
  );
}

/**
 * CodeMirror support for the declarative provisioning expression language: highlighting (a small
 * stream grammar), completion, hover documentation and the engine's diagnostics. Diagnostics come
 * from the worker; the editor never parses expressions itself beyond finding the token at a place.
 */
import { autocompletion, type Completion, type CompletionContext } from '@codemirror/autocomplete';
import { HighlightStyle, StreamLanguage, syntaxHighlighting } from '@codemirror/language';
import { tags } from '@lezer/highlight';
import { linter, type Diagnostic } from '@codemirror/lint';
import type { Extension } from '@codemirror/state';
import { EditorView, hoverTooltip } from '@codemirror/view';
import type { AttributeInfo } from '../../engine/rules/editor-schema.ts';
import type { ExpressionCatalogDto, ExprDiagnosticDto } from '../../worker/api-rules.ts';

/** What the extensions read at the moment they run (a ref's current value, so no rebuild). */
export interface ExpressionBridge {
  catalog?: ExpressionCatalogDto;
  attributes: AttributeInfo[];
  check(text: string): Promise<ExprDiagnosticDto[]>;
  onDiagnostics(diagnostics: ExprDiagnosticDto[]): void;
}

const KEYWORD_RE = /^(NULL|AuthoritativeNull|IgnoreThisFlow|CRLF)\b/;

export const expressionLanguage = StreamLanguage.define<Record<string, never>>({
  name: 'sync-expression',
  startState: () => ({}),
  token(stream) {
    if (stream.eatSpace()) return null;
    if (stream.match(/^"[^"]*"?/)) return 'string';
    if (stream.match(/^\[[^\]]*\]?/)) return 'propertyName';
    if (stream.match(/^%[^%\s]*%?/)) return 'variableName.special';
    if (stream.match(/^&H[0-9a-f]+/i)) return 'number';
    if (stream.match(/^\d+/)) return 'number';
    if (stream.match(/^\$[A-Za-z_]\w*/)) return 'variableName.local';
    if (stream.match(/^(True|False)\b/)) return 'bool';
    if (stream.match(KEYWORD_RE)) return 'atom';
    if (stream.match(/^[A-Za-z_]\w*(?=\s*\()/)) return 'variableName.function';
    if (stream.match(/^[A-Za-z_]\w*/)) return 'variableName';
    if (stream.match(/^(&&|\|\||<>|<=|>=|[&+\-*=<>])/)) return 'operator';
    if (stream.match(/^[(),]/)) return 'punctuation';
    stream.next();
    return 'invalid';
  },
});

/** Colours readable on both the light and the dark theme. */
const expressionHighlight = HighlightStyle.define([
  { tag: tags.function(tags.variableName), color: '#3b82f6', fontWeight: '600' },
  { tag: tags.propertyName, color: '#0d9488' },
  { tag: tags.special(tags.variableName), color: '#c026d3' },
  { tag: tags.local(tags.variableName), color: '#d97706' },
  { tag: tags.string, color: '#16a34a' },
  { tag: [tags.number, tags.bool, tags.atom], color: '#ea580c' },
  { tag: tags.operator, color: '#9333ea' },
  { tag: tags.invalid, color: '#dc2626', textDecoration: 'underline wavy' },
]);

/** True when `pos` is inside a string literal (strings have no escapes in this language). */
function insideString(text: string, pos: number): boolean {
  let inside = false;
  for (let i = 0; i < pos; i++) if (text.charCodeAt(i) === 34) inside = !inside;
  return inside;
}

function infoNode(lines: string[]): () => Node {
  return () => {
    const div = document.createElement('div');
    div.className = 'cm-expression-doc';
    for (const [i, line] of lines.entries()) {
      const p = document.createElement(i === 0 ? 'code' : 'div');
      p.textContent = line;
      div.appendChild(p);
    }
    return div;
  };
}

function completionSource(bridge: { current: ExpressionBridge }) {
  return (ctx: CompletionContext) => {
    const text = ctx.state.doc.toString();
    if (insideString(text, ctx.pos)) return null;
    const attribute = ctx.matchBefore(/\[[^[\]]*$/);
    if (attribute) {
      const closed = text.charAt(ctx.pos) === ']';
      return {
        from: attribute.from + 1,
        validFor: /^[^[\]]*$/,
        options: bridge.current.attributes.map((a): Completion => ({
          label: a.name,
          type: 'property',
          detail: `${a.syntax}${a.multi ? ', multi-valued' : ''}`,
          apply: closed ? a.name : `${a.name}]`,
        })),
      };
    }
    const parameter = ctx.matchBefore(/%[\w.]*$/);
    if (parameter) {
      return {
        from: parameter.from + 1,
        validFor: /^[\w.]*$/,
        options: (bridge.current.catalog?.parameters ?? []).map((p): Completion => ({
          label: p.name,
          type: 'variable',
          info: p.doc,
          apply: text.charAt(ctx.pos) === '%' ? p.name : `${p.name}%`,
        })),
      };
    }
    const word = ctx.matchBefore(/[A-Za-z_]\w*$/);
    if (!word && !ctx.explicit) return null;
    const before = word ? text.charAt(word.from - 1) : '';
    if (before === '$') return null;
    const catalog = bridge.current.catalog;
    if (!catalog) return null;
    const options: Completion[] = [
      ...catalog.functions.map((f): Completion => ({
        label: f.name,
        type: 'function',
        detail: f.signatures[0] ?? '',
        info: infoNode([...f.signatures, f.doc, ...(f.example ? [`Example: ${f.example}`] : [])]),
        apply: text.charAt(ctx.pos) === '(' ? f.name : `${f.name}(`,
      })),
      ...catalog.keywords.map((k): Completion => ({ label: k.name, type: 'keyword', info: k.doc })),
    ];
    return { from: word ? word.from : ctx.pos, validFor: /^\w*$/, options };
  };
}

/** The token under `pos`: an attribute, a parameter or a word. */
function tokenAt(
  text: string,
  pos: number,
): { kind: 'attribute' | 'parameter' | 'word'; name: string; from: number; to: number } | null {
  if (insideString(text, pos)) return null;
  const open = text.lastIndexOf('[', pos);
  const close = text.indexOf(']', open);
  if (open >= 0 && close >= pos && !text.slice(open, pos).includes(']')) {
    return { kind: 'attribute', name: text.slice(open + 1, close), from: open, to: close + 1 };
  }
  let from = pos;
  let to = pos;
  while (from > 0 && /[\w.]/.test(text.charAt(from - 1))) from--;
  while (to < text.length && /[\w.]/.test(text.charAt(to))) to++;
  if (from === to) return null;
  const name = text.slice(from, to);
  if (text.charAt(from - 1) === '%' && text.charAt(to) === '%') {
    return { kind: 'parameter', name, from: from - 1, to: to + 1 };
  }
  return { kind: 'word', name, from, to };
}

/** The documentation lines of the token under `pos`, or null. Exported for tests. */
export function hoverLines(
  text: string,
  pos: number,
  bridge: Pick<ExpressionBridge, 'catalog' | 'attributes'>,
): { from: number; to: number; lines: string[] } | null {
  const t = tokenAt(text, pos);
  if (!t) return null;
  if (t.kind === 'attribute') {
    const a = bridge.attributes.find((x) => x.name === t.name);
    return {
      from: t.from,
      to: t.to,
      lines: a
        ? [`[${a.name}]`, `${a.syntax}${a.multi ? ', multi-valued' : ', single-valued'} attribute`]
        : [`[${t.name}]`, 'Not in the schema of this object type.'],
    };
  }
  const catalog = bridge.catalog;
  if (!catalog) return null;
  if (t.kind === 'parameter') {
    const p = catalog.parameters.find((x) => x.name === t.name);
    return { from: t.from, to: t.to, lines: [`%${t.name}%`, p?.doc ?? 'A custom parameter.'] };
  }
  const f = catalog.functions.find((x) => x.name === t.name);
  if (f) {
    return {
      from: t.from,
      to: t.to,
      lines: [...f.signatures, f.doc, ...(f.example ? [`Example: ${f.example}`] : [])],
    };
  }
  const k = catalog.keywords.find((x) => x.name === t.name);
  return k ? { from: t.from, to: t.to, lines: [k.name, k.doc] } : null;
}

function toCodeMirror(d: ExprDiagnosticDto, length: number): Diagnostic {
  const from = Math.min(Math.max(0, d.start), length);
  const to = Math.min(Math.max(from, d.end), length);
  return { from, to, severity: d.severity, message: d.message };
}

/** Every extension of an expression field; `bridge.current` is read when each feature runs. */
export function expressionExtensions(
  bridge: { current: ExpressionBridge },
  label: string,
): Extension[] {
  return [
    expressionLanguage,
    syntaxHighlighting(expressionHighlight),
    EditorView.contentAttributes.of({ 'aria-label': label, spellcheck: 'false' }),
    EditorView.lineWrapping,
    EditorView.theme({
      '.cm-expression-doc': { padding: '4px 8px', maxWidth: '32em', lineHeight: 1.5 },
      '.cm-expression-doc code': { display: 'block', fontWeight: 600 },
    }),
    autocompletion({ override: [completionSource(bridge)], icons: true }),
    hoverTooltip((view, pos) => {
      const found = hoverLines(view.state.doc.toString(), pos, bridge.current);
      if (!found) return null;
      return {
        pos: found.from,
        end: found.to,
        above: true,
        create: () => ({ dom: infoNode(found.lines)() as HTMLElement }),
      };
    }),
    linter(
      async (view) => {
        const text = view.state.doc.toString();
        const diagnostics = await bridge.current.check(text);
        bridge.current.onDiagnostics(diagnostics);
        return diagnostics.map((d) => toCodeMirror(d, text.length));
      },
      { delay: 250 },
    ),
  ];
}

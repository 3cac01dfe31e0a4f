/**
 * Static checks of an expression: case-sensitive function, attribute and keyword names (with
 * suggestions), arity, argument types against a schema, `$variable` scope, and functions that only
 * exist in the cloud-provisioning language.
 */
import type { CallNode, Diagnostic, ExprNode, Severity, Span } from './ast.ts';
import { CLOUD_PROVISIONING_FUNCTIONS, functionNames, getFunction } from './functions/index.ts';
import type { FunctionDef, ParamType, ReturnType, Signature } from './functions/types.ts';
import type { ExprSchema } from './schema.ts';

export interface CheckContext {
  /** Attribute types; without one every attribute is accepted with an unknown type. */
  schema?: ExprSchema;
  /** Flow direction; inbound rules may use the AD connector's `%Domain.*%`/`%Forest.*%` parameters. */
  direction?: 'Inbound' | 'Outbound';
  /** Parameters defined beyond the built-in ones (administrators can add their own). */
  parameters?: readonly string[];
}

type Base =
  'str' | 'num' | 'bool' | 'bin' | 'ref' | 'dt' | 'var' | 'null' | 'special' | 'void' | 'enum';

/**
 * The static type of a sub-expression; `mv` is true when it is (or maps to) multi-valued, null
 * when that is not known (no schema, or a `var` result).
 */
export interface StaticType {
  base: Base;
  mv: boolean | null;
}

const VAR: StaticType = { base: 'var', mv: null };
const BUILTIN_PARAMETERS = [
  'Domain.Netbios',
  'Domain.FQDN',
  'Domain.LDAP',
  'Forest.Netbios',
  'Forest.FQDN',
  'Forest.LDAP',
  'Connector.ID',
];
const KEYWORD_SPELLINGS = ['True', 'False', 'NULL', 'AuthoritativeNull', 'IgnoreThisFlow', 'CRLF'];
/** Suggested replacements for cloud-provisioning functions. */
const CLOUD_ALTERNATIVES: Readonly<Record<string, string>> = {
  ToLower: 'LCase',
  ToUpper: 'UCase',
  Append: "the '&' operator",
  Coalesce: 'IIF(IsPresent(…), …, …)',
  Not: '… = False',
};

/** Levenshtein distance, for "Did you mean" suggestions. */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] ?? 0;
      const cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
      prev[j] = Math.min(up + 1, (prev[j - 1] ?? 0) + 1, diag + cost);
      diag = up;
    }
  }
  return prev[b.length] ?? 0;
}

/**
 * The closest candidate: an exact case-insensitive match first, then the nearest by edit distance
 * (at most 2, and less than half the name).
 */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    if (c.toLowerCase() === lower) return c;
    const d = distance(lower, c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return bestDistance <= 2 && bestDistance * 2 < name.length ? best : undefined;
}

function typeText(t: StaticType): string {
  const names: Record<Base, string> = {
    str: 'string',
    num: 'number',
    bool: 'Boolean',
    bin: 'binary',
    ref: 'reference',
    dt: 'date-time',
    var: 'value',
    null: 'NULL',
    special: 'special value',
    void: 'Error()',
    enum: 'option word',
  };
  return (t.mv ? 'multi-valued ' : '') + names[t.base];
}

function paramText(p: ParamType): string {
  const names: Record<ParamType, string> = {
    str: 'a string',
    num: 'a number',
    bool: 'a Boolean',
    bin: 'a binary value',
    ref: 'a reference',
    dt: 'a date-time',
    mvstr: 'a multi-valued string',
    mvbin: 'a multi-valued binary',
    mvref: 'a multi-valued reference',
    mvattr: 'a multi-valued value',
    var: 'a value',
    exp: 'a Boolean expression',
    enum: 'an option word',
    variable: 'a $variable',
    func: 'an expression',
  };
  return names[p];
}

/** Single-valued scalar parameter types and what they accept. */
const SCALAR_ACCEPTS: Partial<Record<ParamType, readonly Base[]>> = {
  str: ['str'],
  num: ['num'],
  bool: ['bool'],
  bin: ['bin'],
  ref: ['ref'],
  dt: ['dt'],
  exp: ['bool', 'num'],
};
const MV_ACCEPTS: Partial<Record<ParamType, Base>> = { mvstr: 'str', mvbin: 'bin', mvref: 'ref' };

/** A failed match weighs 2, or 1 when only single/multi-valued is wrong (to pick the overload). */
type Match = { ok: true; lifted: boolean | null } | { ok: false; message: string; weight?: number };

class Checker {
  readonly diagnostics: Diagnostic[] = [];
  private readonly scope: string[] = [];
  constructor(private readonly context: CheckContext) {}

  private report(span: Span, message: string, severity: Severity = 'error'): void {
    this.diagnostics.push({ message, start: span.start, end: span.end, severity });
  }

  typeOf(node: ExprNode): StaticType {
    switch (node.kind) {
      case 'Number':
        return { base: 'num', mv: false };
      case 'String':
        return { base: 'str', mv: false };
      case 'Boolean':
        return { base: 'bool', mv: false };
      case 'Keyword':
        if (node.keyword === 'CRLF') return { base: 'str', mv: false };
        return { base: node.keyword === 'NULL' ? 'null' : 'special', mv: false };
      case 'Paren':
        return this.typeOf(node.expression);
      case 'Attribute':
        return this.attribute(node, node.name);
      case 'Parameter':
        this.parameter(node);
        return { base: 'str', mv: false };
      case 'Variable':
        if (!this.scope.includes(node.name)) {
          this.report(
            node,
            `The variable '$${node.name}' is not defined here; Select, Where and With define variables.`,
          );
        }
        return VAR;
      case 'Enum':
        // Reported here; typed as an unknown value so the call is not reported a second time.
        this.unknownWord(node, node.name);
        return VAR;
      case 'Binary':
        return this.binary(node);
      case 'Call':
        return this.call(node);
    }
  }

  private attribute(span: Span, name: string): StaticType {
    const schema = this.context.schema;
    if (!schema) return VAR;
    const t = schema.attributes.get(name);
    if (t) return { base: t.syntax, mv: t.multi };
    if (name === 'dn') return { base: 'str', mv: false };
    const s = suggest(name, schema.attributes.keys());
    if (s && s.toLowerCase() === name.toLowerCase()) {
      this.report(
        span,
        `Unknown attribute '${name}'. Did you mean '${s}'? Attribute names are case-sensitive.`,
      );
    } else {
      this.report(
        span,
        `Unknown attribute '${name}'.${s ? ` Did you mean '${s}'?` : ''}`,
        'warning',
      );
    }
    return VAR;
  }

  private parameter(node: ExprNode & { name: string }): void {
    const known = [...BUILTIN_PARAMETERS, ...(this.context.parameters ?? [])];
    if (known.includes(node.name)) {
      // The AD connector supplies %Domain.*% and %Forest.*% while it imports: inbound rules only.
      if (this.context.direction === 'Outbound' && /^(Domain|Forest)\./.test(node.name)) {
        this.report(
          node,
          `%${node.name}% is set by the Active Directory connector for inbound rules; it has no value in an outbound rule.`,
          'warning',
        );
      }
      return;
    }
    const s = suggest(node.name, known);
    if (s && s.toLowerCase() === node.name.toLowerCase()) {
      this.report(node, `Unknown parameter '%${node.name}%'. Did you mean '%${s}%'?`);
    } else {
      this.report(
        node,
        `Unknown parameter '%${node.name}%'.${s ? ` Did you mean '%${s}%'?` : ''}`,
        'warning',
      );
    }
  }

  private unknownWord(span: Span, word: string, allowed: readonly string[] = []): void {
    const candidates = [...KEYWORD_SPELLINGS, ...allowed];
    const s = suggest(word, candidates);
    if (getFunction(word)) {
      this.report(span, `'${word}' is a function; call it with parentheses: ${word}(…).`);
    } else {
      this.report(span, `Unknown name '${word}'.${s ? ` Did you mean '${s}'?` : ''}`);
    }
  }

  private binary(node: ExprNode & { kind: 'Binary' }): StaticType {
    const l = this.typeOf(node.left);
    const r = this.typeOf(node.right);
    const mv =
      l.mv === true || r.mv === true ? true : l.mv === null || r.mv === null ? null : false;
    for (const [side, t] of [
      [node.left, l],
      [node.right, r],
    ] as const) {
      if (t.base === 'special' || t.base === 'enum') {
        this.report(side, `'${node.op}' cannot take ${typeText(t)} as an operand.`);
      }
    }
    switch (node.op) {
      case '&':
        if (l.base === 'bin' && r.base === 'bin') return { base: 'bin', mv };
        for (const [side, t] of [
          [node.left, l],
          [node.right, r],
        ] as const) {
          if (t.base === 'bin' && !(l.base === 'bin' || r.base === 'bin')) continue;
          if (t.base === 'bin' && (l.base === 'str' || r.base === 'str')) {
            this.report(
              side,
              `'&' cannot join a binary value with a string; convert it first (ConvertToBase64, StringFromGuid …).`,
            );
          }
        }
        return { base: l.base === 'bin' || r.base === 'bin' ? 'bin' : 'str', mv };
      case '+':
      case '-':
      case '*':
        for (const [side, t] of [
          [node.left, l],
          [node.right, r],
        ] as const) {
          if (!['num', 'var', 'null', 'void'].includes(t.base)) {
            this.report(
              side,
              `'${node.op}' needs numbers but got ${typeText(t)}; convert it with CNum.`,
            );
          }
        }
        return { base: 'num', mv };
      case '&&':
      case '||':
        for (const [side, t] of [
          [node.left, l],
          [node.right, r],
        ] as const) {
          if (!['bool', 'num', 'var', 'null', 'void'].includes(t.base)) {
            this.report(side, `'${node.op}' needs Boolean operands but got ${typeText(t)}.`);
          }
        }
        return { base: 'bool', mv };
      default:
        return { base: 'bool', mv };
    }
  }

  private call(node: CallNode): StaticType {
    const nameSpan = { start: node.start, end: node.nameEnd };
    const def = getFunction(node.name);
    if (!def) {
      node.args.forEach((a) => this.typeOf(a));
      if (CLOUD_PROVISIONING_FUNCTIONS.has(node.name)) {
        const alt = CLOUD_ALTERNATIVES[node.name];
        this.report(
          nameSpan,
          `'${node.name}' belongs to the cloud provisioning expression language and is not part of Entra Connect Sync.${alt ? ` Use ${alt} instead.` : ''}`,
        );
        return VAR;
      }
      const s = suggest(node.name, functionNames());
      this.report(nameSpan, `Unknown function '${node.name}'.${s ? ` Did you mean '${s}'?` : ''}`);
      return VAR;
    }
    const first0 = node.args[0];
    if (
      (def.name === 'ImportedValue' || def.name === 'ValueCount') &&
      first0?.kind === 'Attribute'
    ) {
      // [x] would pass the attribute's value, not its name.
      this.report(
        first0,
        `${def.name} takes the attribute name in quotes: ${def.name}("${first0.name}").`,
      );
      return def.name === 'ValueCount' ? { base: 'num', mv: false } : VAR;
    }
    const binds =
      def.kind === 'lazy' && (def.name === 'Select' || def.name === 'Where' || def.name === 'With');
    let bound: string | null = null;
    const types: StaticType[] = node.args.map((arg, i) => {
      // The variable of Select/Where/With is in scope in the last argument only.
      if (binds && i === 2 && bound !== null) this.scope.push(bound);
      if (binds && i === 0 && arg.kind === 'Variable') {
        bound = arg.name;
        return VAR;
      }
      if (this.enumAllowed(def, arg, i)) return { base: 'enum', mv: false };
      try {
        return this.typeOf(arg);
      } finally {
        if (binds && i === 2 && bound !== null) this.scope.pop();
      }
    });
    if (binds && first0 && first0.kind !== 'Variable') {
      this.report(first0, `The first argument of ${def.name} must be a $variable.`);
    }
    return this.resolve(def, node, types);
  }

  /** Enum words are only meaningful where the function takes them. */
  private enumAllowed(def: FunctionDef, arg: ExprNode, i: number): boolean {
    const allowed = def.enums?.[i];
    if (!allowed) return false;
    if (arg.kind === 'Enum') {
      if (!allowed.includes(arg.name)) {
        const s = suggest(arg.name, allowed);
        this.report(
          arg,
          `${def.name} does not accept '${arg.name}' here; expected ${allowed.join(' or ')}.${s ? ` Did you mean '${s}'?` : ''}`,
        );
      }
      return true;
    }
    if (arg.kind === 'String' && allowed.includes(arg.value)) return true;
    return false;
  }

  private arityOk(s: Signature, n: number): boolean {
    const required = s.required ?? s.params.length;
    if (n < required) return false;
    if (n <= s.params.length) return true;
    if (!s.repeat) return false;
    return (n - s.params.length) % s.repeat.length === 0;
  }

  private paramAt(s: Signature, i: number): ParamType {
    if (i < s.params.length) return s.params[i] ?? 'var';
    const r = s.repeat ?? [];
    return r[(i - s.params.length) % r.length] ?? 'var';
  }

  private matchArg(def: FunctionDef, p: ParamType, arg: ExprNode, t: StaticType, i: number): Match {
    if (p === 'variable') {
      return arg.kind === 'Variable'
        ? { ok: true, lifted: false }
        : { ok: false, message: 'must be a $variable' };
    }
    if (p === 'enum') {
      return t.base === 'enum' ||
        (arg.kind === 'String' && (def.enums?.[i] ?? []).includes(arg.value))
        ? { ok: true, lifted: false }
        : {
            ok: false,
            message: `must be ${(def.enums?.[i] ?? []).join(' or ') || 'an option word'}`,
          };
    }
    if (t.base === 'enum') {
      return def.enums?.[i]
        ? { ok: true, lifted: false }
        : { ok: false, message: 'cannot be an option word here' };
    }
    if (p === 'var' || p === 'func') return { ok: true, lifted: false };
    if (t.base === 'special') {
      return {
        ok: false,
        message: `cannot be ${typeText(t)}; it can only be the result of the flow`,
      };
    }
    if (t.base === 'var' || t.base === 'null' || t.base === 'void') {
      return { ok: true, lifted: MV_ACCEPTS[p] || p === 'mvattr' ? false : t.mv };
    }
    if (p === 'mvattr') {
      return { ok: true, lifted: false };
    }
    const mvBase = MV_ACCEPTS[p];
    if (mvBase) {
      if (t.base !== mvBase)
        return { ok: false, message: `must be ${paramText(p)}, not ${typeText(t)}` };
      if (t.mv === false) {
        return {
          ok: false,
          message: `must be ${paramText(p)} (a multi-valued attribute), not a single value`,
          weight: 1,
        };
      }
      return { ok: true, lifted: false };
    }
    const accepts = SCALAR_ACCEPTS[p] ?? [];
    if (!accepts.includes(t.base))
      return { ok: false, message: `must be ${paramText(p)}, not ${typeText(t)}` };
    if (t.mv !== false) {
      const lifts = def.kind === 'strict' ? def.lift.includes(i) : def.name === 'IIF' && i === 0;
      if (!lifts) {
        return t.mv
          ? { ok: false, message: `must be a single value, not ${typeText(t)}`, weight: 1 }
          : { ok: true, lifted: false };
      }
      return { ok: true, lifted: t.mv };
    }
    return { ok: true, lifted: false };
  }

  private resolve(def: FunctionDef, node: CallNode, types: StaticType[]): StaticType {
    const n = node.args.length;
    const nameSpan = { start: node.start, end: node.nameEnd };
    const candidates = def.signatures.filter((s) => this.arityOk(s, n));
    if (candidates.length === 0) {
      const counts = def.signatures.map((s) => {
        const req = s.required ?? s.params.length;
        if (s.repeat) return `${req} or more`;
        return req === s.params.length ? `${req}` : `${req} to ${s.params.length}`;
      });
      const expected = [...new Set(counts)].join(' or ');
      this.report(
        nameSpan,
        `${def.name} expects ${expected} argument${expected === '1' ? '' : 's'} but got ${n}.`,
      );
      return VAR;
    }
    let bestErrors: { span: Span; message: string }[] | null = null;
    let bestWeight = Infinity;
    for (const s of candidates) {
      const errors: { span: Span; message: string }[] = [];
      let weight = 0;
      let lifted: boolean | null = false;
      for (let i = 0; i < n; i++) {
        const arg = node.args[i] as ExprNode;
        const m = this.matchArg(def, this.paramAt(s, i), arg, types[i] ?? VAR, i);
        if (!m.ok) {
          errors.push({ span: arg, message: `Argument ${i + 1} of ${def.name} ${m.message}.` });
          weight += m.weight ?? 2;
        } else if (m.lifted === true) lifted = true;
        else if (m.lifted === null && lifted === false) lifted = null;
      }
      if (errors.length === 0) {
        // With arguments of unknown type several overloads may fit (Mid of str or bin): the
        // result is then only known to be some value.
        const others = candidates.filter(
          (o) => o !== s && o.returns !== s.returns && this.fits(def, o, node, types),
        );
        return this.returnType(def, others.length > 0 ? 'var' : s.returns, node, types, lifted);
      }
      if (weight < bestWeight) {
        bestErrors = errors;
        bestWeight = weight;
      }
    }
    for (const e of bestErrors ?? []) this.report(e.span, e.message);
    return VAR;
  }

  private fits(def: FunctionDef, s: Signature, node: CallNode, types: StaticType[]): boolean {
    return node.args.every(
      (arg, i) => this.matchArg(def, this.paramAt(s, i), arg, types[i] ?? VAR, i).ok,
    );
  }

  private returnType(
    def: FunctionDef,
    r: ReturnType,
    node: CallNode,
    types: StaticType[],
    lifted: boolean | null,
  ): StaticType {
    const arg = (i: number): StaticType => types[i] ?? VAR;
    switch (def.name) {
      case 'IIF':
        return unify([arg(1), arg(2)], lifted === true || arg(0).mv === true);
      case 'Switch':
        return unify(
          types.filter((_, i) => i % 2 === 1),
          false,
        );
      case 'Item':
      case 'ItemOrNull':
        return { base: arg(0).base === 'null' ? 'var' : arg(0).base, mv: false };
      case 'Where':
        return { base: arg(1).base, mv: true };
      case 'Select':
        return { base: arg(2).base, mv: true };
      case 'With':
        return arg(2);
      case 'ImportedValue':
      case 'ValueCount': {
        const a = node.args[0];
        let t: StaticType = VAR;
        if (a?.kind === 'String') t = this.attribute(a, a.value);
        else if (a?.kind === 'Attribute') {
          // [x] would pass the attribute's value, not its name.
          this.report(
            a,
            `${def.name} takes the attribute name in quotes: ${def.name}("${a.name}").`,
          );
        }
        return def.name === 'ValueCount' ? { base: 'num', mv: false } : t;
      }
      default:
        break;
    }
    switch (r) {
      case 'mvstr':
        return { base: 'str', mv: true };
      case 'mvbin':
        return { base: 'bin', mv: true };
      case 'mvref':
        return { base: 'ref', mv: true };
      case 'mvattr':
        return { base: 'var', mv: true };
      case 'var':
        return { base: 'var', mv: lifted };
      case 'void':
        return { base: 'void', mv: false };
      default:
        return { base: r, mv: lifted };
    }
  }
}

/** The common type of alternative results (IIF branches, Switch values). */
function unify(ts: StaticType[], mv: boolean): StaticType {
  const real = ts.filter((t) => t.base !== 'null' && t.base !== 'void' && t.base !== 'special');
  const first = real[0];
  if (!first) return { base: ts.some((t) => t.base === 'special') ? 'var' : 'null', mv };
  const same = real.every((t) => t.base === first.base);
  const anyMv = mv || real.some((t) => t.mv === true);
  return {
    base: same ? first.base : 'var',
    mv: anyMv ? true : real.some((t) => t.mv === null) ? null : false,
  };
}

/**
 * Checks a parsed expression. Returns diagnostics (errors and warnings); never throws.
 *
 * @example
 * checkExpression(parseExpression('iif(True, 1, 2)').ast!, {})[0]?.message;
 * // "Unknown function 'iif'. Did you mean 'IIF'?"
 */
export function checkExpression(ast: ExprNode, context: CheckContext = {}): Diagnostic[] {
  const checker = new Checker(context);
  checker.typeOf(ast);
  return checker.diagnostics;
}

/** The static type of an expression (after checking), e.g. for the editor's hover. */
export function inferType(ast: ExprNode, context: CheckContext = {}): StaticType {
  return new Checker(context).typeOf(ast);
}

/**
 * Synchronization rules as the PowerShell script the Synchronization Rules Editor's Export button
 * produces (`New-ADSyncRule`, `Add-ADSyncAttributeFlowMapping`, `New-Object … ScopeCondition`,
 * `Add-ADSyncScopeConditionGroup`, `New-Object … JoinCondition`, `Add-ADSyncJoinConditionGroup`,
 * `Add-ADSyncRule`, `Get-ADSyncRule`), and such scripts read back.
 *
 * Reading is all-or-nothing: either every rule of the script, or one error naming the line.
 * Only the subset of PowerShell such exports use is understood: commands with named parameters,
 * backtick line continuations, single- or double-quoted strings, numbers, `$true`/`$false`,
 * `@(…)` arrays, `$variable[0]` references, switches and `#` comments.
 */
import {
  SCOPE_OPERATORS,
  type FlowType,
  type JoinCondition,
  type ScopeCondition,
  type ScopeOperator,
  type SyncRule,
  type Transformation,
} from '../rules/model.ts';
import {
  DIRECTIONS,
  LINK_TYPES,
  MERGE_TYPES,
  isGuid,
  normalizeGuid,
  type ConnectorNames,
} from './rule-xml.ts';

const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';
const SCOPE_TYPE = 'Microsoft.IdentityManagement.PowerShell.ObjectModel.ScopeCondition';
const JOIN_TYPE = 'Microsoft.IdentityManagement.PowerShell.ObjectModel.JoinCondition';

/** `'text'` with PowerShell's doubling of single quotes. */
function q(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function command(name: string, params: string[]): string {
  return [`${name}  \``, ...params.map((p, i) => (i === params.length - 1 ? p : `${p} \``))].join(
    '\n',
  );
}

/** The GUIDs a script names connectors by; unknown names get a stable GUID derived from the name. */
export type ConnectorIds = ReadonlyMap<string, string>;

function connectorGuid(name: string, ids: ConnectorIds | undefined): string {
  if (ids !== undefined) {
    for (const [n, id] of ids) if (n.toLowerCase() === name.toLowerCase()) return normalizeGuid(id);
  }
  return connectorIdentifier(name);
}

/**
 * A stable connector GUID for a connector name (case-insensitive), for exports made without the
 * server's real connector GUIDs.
 *
 * @example
 * connectorIdentifier('contoso.com') === connectorIdentifier('CONTOSO.COM') // true
 */
export function connectorIdentifier(name: string): string {
  let h = 0xcbf29ce484222325n;
  const bytes = new TextEncoder().encode(`connector|${name.toLowerCase()}`);
  const words: bigint[] = [];
  for (let round = 0; round < 2; round++) {
    for (const b of bytes) {
      h ^= BigInt(b + round);
      h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
    }
    words.push(h);
  }
  const s = words.map((w) => w.toString(16).padStart(16, '0')).join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-a${s.slice(17, 20)}-${s.slice(20, 32)}`;
}

function flowScript(t: Transformation): string {
  const sources =
    t.flowType === 'Constant'
      ? [t.value ?? '']
      : t.source === undefined
        ? []
        : Array.isArray(t.source)
          ? t.source
          : [t.source];
  return command('Add-ADSyncAttributeFlowMapping', [
    '-SynchronizationRule $syncRule[0]',
    ...(sources.length > 0 ? [`-Source @(${sources.map(q).join(',')})`] : []),
    `-Destination ${q(t.target)}`,
    `-FlowType ${q(t.flowType)}`,
    `-ValueMergeType ${q(t.mergeType)}`,
    ...(t.flowType === 'Expression' ? [`-Expression ${q(t.expression ?? '')}`] : []),
    ...(t.applyOnce ? ['-ExecuteOnce '] : []),
    '-OutVariable syncRule',
  ]);
}

function conditionGroupScript(
  typeName: string,
  args: string[],
  groupCommand: string,
  groupParameter: string,
): string[] {
  const blocks = args.map((a, i) =>
    command('New-Object', [
      `-TypeName ${q(typeName)}`,
      `-ArgumentList ${a}`,
      `-OutVariable condition${i}`,
    ]),
  );
  blocks.push(
    command(groupCommand, [
      '-SynchronizationRule $syncRule[0]',
      `-${groupParameter} @(${args.map((_, i) => `$condition${i}[0]`).join(',')})`,
      '-OutVariable syncRule',
    ]),
  );
  return blocks;
}

/**
 * One rule as the editor's Export writes it.
 *
 * @example
 * writeRulePowerShell(rule, new Map([['contoso.com', 'ae4db4cc-b16b-4eb2-acf5-837ca84e4d7d']]))
 * // "New-ADSyncRule  `\n-Name 'In from AD - User Join' `\n…Add-ADSyncRule  `\n-SynchronizationRule $syncRule[0]…"
 */
export function writeRulePowerShell(rule: SyncRule, connectorIds?: ConnectorIds): string {
  const blocks: string[] = [
    command('New-ADSyncRule', [
      `-Name ${q(rule.name)}`,
      `-Identifier ${q(rule.id)}`,
      `-Description ${q(rule.description)}`,
      `-Direction ${q(rule.direction)}`,
      `-Precedence ${rule.precedence}`,
      `-PrecedenceAfter ${q(EMPTY_GUID)}`,
      `-PrecedenceBefore ${q(EMPTY_GUID)}`,
      `-SourceObjectType ${q(rule.sourceObjectType)}`,
      `-TargetObjectType ${q(rule.targetObjectType)}`,
      `-Connector ${q(connectorGuid(rule.connector, connectorIds))}`,
      `-LinkType ${q(rule.linkType)}`,
      '-SoftDeleteExpiryInterval 0',
      `-ImmutableTag ${q(rule.immutableTag ?? '')}`,
      ...(rule.enablePasswordSync ? ['-EnablePasswordSync '] : []),
      ...(rule.disabled ? ['-Disabled '] : []),
      '-OutVariable syncRule',
    ]),
    ...rule.transformations.map(flowScript),
  ];
  for (const group of rule.scopingFilter) {
    blocks.push(
      ...conditionGroupScript(
        SCOPE_TYPE,
        group.map((s) => `${q(s.attribute)},${q(s.value)},${q(s.operator)}`),
        'Add-ADSyncScopeConditionGroup',
        'ScopeConditions',
      ),
    );
  }
  for (const group of rule.joinRules) {
    blocks.push(
      ...conditionGroupScript(
        JOIN_TYPE,
        group.map((c) => `${q(c.source)},${q(c.target)},${c.caseSensitive ? '$true' : '$false'}`),
        'Add-ADSyncJoinConditionGroup',
        'JoinConditions',
      ),
    );
  }
  blocks.push(command('Add-ADSyncRule', ['-SynchronizationRule $syncRule[0]']));
  blocks.push(command('Get-ADSyncRule', [`-Identifier ${q(rule.id)}`]));
  return blocks.join('\n\n\n') + '\n\n\n';
}

/**
 * Several rules in one script, in the order given.
 *
 * @example
 * writeRulesPowerShell(rules.filter((r) => r.direction === 'Inbound'))
 */
export function writeRulesPowerShell(
  rules: readonly SyncRule[],
  connectorIds?: ConnectorIds,
): string {
  return rules.map((r) => writeRulePowerShell(r, connectorIds)).join('');
}

// ---------------------------------------------------------------------------------------------
// Reading

/** Where and why a script could not be read. */
export interface PowerShellError {
  line: number;
  message: string;
}

export type RulePowerShellResult =
  { ok: true; rules: SyncRule[] } | { ok: false; error: PowerShellError };

type Value =
  | { kind: 'string'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'variable'; name: string; index?: number }
  | { kind: 'array'; items: Value[] }
  | { kind: 'list'; items: Value[] }
  | { kind: 'switch' }
  | { kind: 'word'; text: string };

interface Command {
  name: string;
  line: number;
  params: Map<string, { value: Value; line: number }>;
}

class ScriptError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** Splits the script into commands with their parameters. */
class Reader {
  private pos = 0;
  private line = 1;
  constructor(private readonly text: string) {}

  private peek(offset = 0): string {
    return this.text[this.pos + offset] ?? '';
  }

  private advance(): string {
    const ch = this.text[this.pos++] ?? '';
    if (ch === '\n') this.line++;
    return ch;
  }

  /** Skips blanks inside a command; a backtick before the line end continues the command. */
  private skipInline(): void {
    for (;;) {
      const ch = this.peek();
      if (ch === ' ' || ch === '\t') this.advance();
      else if (ch === '`' && /^`[ \t]*\r?\n/.test(this.text.slice(this.pos, this.pos + 4))) {
        while (this.peek() !== '\n') this.advance();
        this.advance();
      } else if (ch === '\r' && this.peek(1) === '\n') this.advance();
      else return;
    }
  }

  private skipBetweenCommands(): void {
    for (;;) {
      const ch = this.peek();
      if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n' || ch === ';') this.advance();
      else if (ch === '#') while (this.peek() !== '\n' && this.peek() !== '') this.advance();
      else if (ch === '<' && this.peek(1) === '#') {
        const start = this.line;
        while (!(this.peek() === '#' && this.peek(1) === '>')) {
          if (this.peek() === '')
            throw new ScriptError(start, 'the block comment <# is not closed');
          this.advance();
        }
        this.advance();
        this.advance();
      } else return;
    }
  }

  commands(): Command[] {
    const out: Command[] = [];
    for (;;) {
      this.skipBetweenCommands();
      if (this.peek() === '') return out;
      out.push(this.command());
    }
  }

  private word(): string {
    let w = '';
    while (/[A-Za-z0-9_.:-]/.test(this.peek()) && this.peek() !== '') w += this.advance();
    return w;
  }

  private command(): Command {
    const line = this.line;
    const name = this.word();
    if (name === '') throw new ScriptError(line, `unexpected "${this.peek()}"`);
    const params = new Map<string, { value: Value; line: number }>();
    for (;;) {
      this.skipInline();
      const ch = this.peek();
      if (ch === '' || ch === '\n' || ch === ';' || ch === '#') break;
      if (ch !== '-')
        throw new ScriptError(this.line, `expected a parameter such as -Name, found "${ch}"`);
      this.advance();
      const paramLine = this.line;
      const param = this.word();
      if (param === '') throw new ScriptError(paramLine, 'a parameter name must follow "-"');
      this.skipInline();
      const next = this.peek();
      const value: Value =
        next === '-' || next === '' || next === '\n' || next === ';' || next === '#'
          ? { kind: 'switch' }
          : this.valueList();
      const key = param.toLowerCase();
      if (params.has(key)) throw new ScriptError(paramLine, `-${param} is given twice`);
      params.set(key, { value, line: paramLine });
    }
    return { name, line, params };
  }

  /** `a` or `a,b,c` (PowerShell's comma operator builds an array). */
  private valueList(): Value {
    const first = this.value();
    const items = [first];
    for (;;) {
      this.skipInline();
      if (this.peek() !== ',') break;
      this.advance();
      this.skipInline();
      items.push(this.value());
    }
    return items.length === 1 ? first : { kind: 'list', items };
  }

  private value(): Value {
    const ch = this.peek();
    const line = this.line;
    if (ch === "'") return { kind: 'string', text: this.singleQuoted() };
    if (ch === '"') return { kind: 'string', text: this.doubleQuoted() };
    if (ch === '@' && this.peek(1) === '(') {
      this.advance();
      this.advance();
      const items: Value[] = [];
      for (;;) {
        this.skipMultiline();
        if (this.peek() === ')') {
          this.advance();
          return { kind: 'array', items };
        }
        if (this.peek() === '') throw new ScriptError(line, '@( is not closed');
        items.push(this.value());
        this.skipMultiline();
        if (this.peek() === ',') this.advance();
        else if (this.peek() !== ')')
          throw new ScriptError(this.line, `expected "," or ")" in @(…)`);
      }
    }
    if (ch === '$') {
      this.advance();
      const name = this.word();
      if (name === '') throw new ScriptError(line, 'a variable name must follow "$"');
      if (/^(true|false)$/i.test(name))
        return { kind: 'bool', value: name.toLowerCase() === 'true' };
      if (this.peek() === '[') {
        this.advance();
        let digits = '';
        while (/[0-9]/.test(this.peek())) digits += this.advance();
        if (this.peek() !== ']' || digits === '')
          throw new ScriptError(line, `bad index on $${name}`);
        this.advance();
        return { kind: 'variable', name, index: Number(digits) };
      }
      return { kind: 'variable', name };
    }
    if (/[0-9]/.test(ch)) {
      const w = this.word();
      if (!/^\d+$/.test(w)) throw new ScriptError(line, `"${w}" is not a whole number`);
      return { kind: 'number', value: Number(w) };
    }
    const w = this.word();
    if (w === '') throw new ScriptError(line, `unexpected "${ch}"`);
    return { kind: 'word', text: w };
  }

  private skipMultiline(): void {
    while (/[ \t\r\n]/.test(this.peek()) && this.peek() !== '') this.advance();
  }

  private singleQuoted(): string {
    const line = this.line;
    this.advance();
    let s = '';
    for (;;) {
      const ch = this.advance();
      if (ch === '') throw new ScriptError(line, 'the string that starts here is not closed');
      if (ch === "'") {
        if (this.peek() === "'") {
          this.advance();
          s += "'";
        } else return s;
      } else s += ch;
    }
  }

  private doubleQuoted(): string {
    const line = this.line;
    this.advance();
    let s = '';
    const escapes: Record<string, string> = {
      n: '\n',
      r: '\r',
      t: '\t',
      '0': '\0',
      '`': '`',
      '"': '"',
      $: '$',
    };
    for (;;) {
      const ch = this.advance();
      if (ch === '') throw new ScriptError(line, 'the string that starts here is not closed');
      if (ch === '"') {
        if (this.peek() === '"') {
          this.advance();
          s += '"';
        } else return s;
      } else if (ch === '`') {
        const e = this.advance();
        s += escapes[e] ?? e;
      } else if (ch === '$' && /[A-Za-z_{(]/.test(this.peek())) {
        throw new ScriptError(
          this.line,
          'variables inside double-quoted strings are not supported',
        );
      } else s += ch;
    }
  }
}

function describeValue(v: Value): string {
  return v.kind === 'string' ? `'${v.text}'` : v.kind;
}

function str(c: Command, name: string, required = true): string | undefined {
  const p = c.params.get(name.toLowerCase());
  if (p === undefined) {
    if (required) throw new ScriptError(c.line, `${c.name} needs -${name}`);
    return undefined;
  }
  if (p.value.kind === 'string') return p.value.text;
  if (p.value.kind === 'word') return p.value.text;
  if (p.value.kind === 'number') return String(p.value.value);
  throw new ScriptError(p.line, `-${name} must be text, not ${describeValue(p.value)}`);
}

function oneOf<T extends string>(c: Command, name: string, allowed: readonly T[]): T {
  const v = str(c, name) ?? '';
  const found = allowed.find((a) => a.toLowerCase() === v.toLowerCase());
  if (found === undefined) {
    const line = c.params.get(name.toLowerCase())?.line ?? c.line;
    throw new ScriptError(line, `-${name} '${v}' is not one of ${allowed.join(', ')}`);
  }
  return found;
}

function flag(c: Command, name: string): boolean {
  const p = c.params.get(name.toLowerCase());
  if (p === undefined) return false;
  if (p.value.kind === 'switch') return true;
  if (p.value.kind === 'bool') return p.value.value;
  throw new ScriptError(p.line, `-${name} is a switch`);
}

function expectRuleVariable(c: Command): void {
  const p = c.params.get('synchronizationrule');
  if (p === undefined)
    throw new ScriptError(c.line, `${c.name} needs -SynchronizationRule $syncRule[0]`);
  if (p.value.kind !== 'variable' || p.value.name !== 'syncRule') {
    throw new ScriptError(p.line, '-SynchronizationRule must be $syncRule[0]');
  }
}

function checkOnly(c: Command, allowed: string[]): void {
  for (const [k, p] of c.params) {
    if (!allowed.includes(k)) throw new ScriptError(p.line, `${c.name} has no parameter -${k}`);
  }
}

const FLOW_TYPES: readonly FlowType[] = ['Direct', 'Constant', 'Expression'];

type Condition = { kind: 'scope'; value: ScopeCondition } | { kind: 'join'; value: JoinCondition };

function stringItems(v: Value, line: number, what: string): string[] {
  const items = v.kind === 'array' || v.kind === 'list' ? v.items : [v];
  return items.map((i) => {
    if (i.kind !== 'string') throw new ScriptError(line, `${what} must be quoted text`);
    return i.text;
  });
}

/**
 * Reads a script made by the editor's Export (one rule or many). `connectors` maps the connector
 * GUIDs of the script to connector names.
 *
 * @example
 * const r = parseRulesPowerShell(script, new Map([['ae4db4cc-b16b-4eb2-acf5-837ca84e4d7d', 'contoso.com']]));
 * if (!r.ok) console.log(`line ${r.error.line}: ${r.error.message}`);
 */
export function parseRulesPowerShell(
  script: string,
  connectors: ConnectorNames,
): RulePowerShellResult {
  try {
    const commands = new Reader(script).commands();
    const rules: SyncRule[] = [];
    let current: { rule: SyncRule; line: number } | null = null;
    const conditions = new Map<string, Condition>();
    const need = (c: Command) => {
      if (current === null) throw new ScriptError(c.line, `${c.name} comes before New-ADSyncRule`);
      return current.rule;
    };
    for (const c of commands) {
      switch (c.name.toLowerCase()) {
        case 'new-adsyncrule': {
          if (current !== null) {
            throw new ScriptError(
              c.line,
              `the rule of line ${current.line} was never added with Add-ADSyncRule`,
            );
          }
          checkOnly(c, [
            'name',
            'identifier',
            'description',
            'direction',
            'precedence',
            'precedenceafter',
            'precedencebefore',
            'sourceobjecttype',
            'targetobjecttype',
            'connector',
            'linktype',
            'softdeleteexpiryinterval',
            'immutabletag',
            'enablepasswordsync',
            'disabled',
            'outvariable',
          ]);
          const guid = normalizeGuid(str(c, 'Connector') ?? '');
          let connector: string | undefined;
          const entries = connectors instanceof Map ? [...connectors] : Object.entries(connectors);
          for (const [k, v] of entries) if (normalizeGuid(k) === guid) connector = v;
          if (connector === undefined) {
            throw new ScriptError(
              c.params.get('connector')?.line ?? c.line,
              `unknown connector '${guid}'`,
            );
          }
          const precedence = c.params.get('precedence');
          if (precedence === undefined || precedence.value.kind !== 'number') {
            throw new ScriptError(precedence?.line ?? c.line, '-Precedence must be a whole number');
          }
          const id = normalizeGuid(str(c, 'Identifier') ?? '');
          if (!isGuid(id)) {
            throw new ScriptError(
              c.params.get('identifier')?.line ?? c.line,
              `'${id}' is not a GUID`,
            );
          }
          const tag = str(c, 'ImmutableTag', false) ?? '';
          current = {
            line: c.line,
            rule: {
              id,
              name: str(c, 'Name') ?? '',
              description: str(c, 'Description', false) ?? '',
              direction: oneOf(c, 'Direction', DIRECTIONS),
              connector,
              sourceObjectType: str(c, 'SourceObjectType') ?? '',
              targetObjectType: str(c, 'TargetObjectType') ?? '',
              linkType: oneOf(c, 'LinkType', LINK_TYPES),
              precedence: precedence.value.value,
              disabled: flag(c, 'Disabled'),
              enablePasswordSync: flag(c, 'EnablePasswordSync'),
              ...(tag !== '' ? { immutableTag: tag } : {}),
              scopingFilter: [],
              joinRules: [],
              transformations: [],
            },
          };
          if (current.rule.name.trim() === '')
            throw new ScriptError(c.line, 'the rule has no -Name');
          break;
        }
        case 'add-adsyncattributeflowmapping': {
          const rule = need(c);
          expectRuleVariable(c);
          checkOnly(c, [
            'synchronizationrule',
            'source',
            'destination',
            'flowtype',
            'valuemergetype',
            'expression',
            'executeonce',
            'outvariable',
          ]);
          const flowType = oneOf(c, 'FlowType', FLOW_TYPES);
          const sourceParam = c.params.get('source');
          const sources =
            sourceParam === undefined
              ? undefined
              : stringItems(sourceParam.value, sourceParam.line, '-Source');
          const expression = str(c, 'Expression', false);
          const base = {
            target: str(c, 'Destination') ?? '',
            applyOnce: flag(c, 'ExecuteOnce'),
            mergeType: c.params.has('valuemergetype')
              ? oneOf(c, 'ValueMergeType', MERGE_TYPES)
              : 'Update',
          } as const;
          if (flowType === 'Expression') {
            if (expression === undefined)
              throw new ScriptError(c.line, 'an Expression flow needs -Expression');
            rule.transformations.push({
              ...base,
              flowType,
              ...(sources !== undefined ? { source: sources } : {}),
              expression,
            });
          } else {
            if (expression !== undefined) {
              throw new ScriptError(
                c.params.get('expression')?.line ?? c.line,
                `a ${flowType} flow takes no -Expression`,
              );
            }
            const [only, ...rest] = sources ?? [];
            if (only === undefined || rest.length > 0) {
              throw new ScriptError(
                sourceParam?.line ?? c.line,
                `a ${flowType} flow needs exactly one -Source value`,
              );
            }
            rule.transformations.push(
              flowType === 'Direct'
                ? { ...base, flowType, source: only }
                : { ...base, flowType, value: only },
            );
          }
          break;
        }
        case 'new-object': {
          checkOnly(c, ['typename', 'argumentlist', 'outvariable']);
          const type = str(c, 'TypeName') ?? '';
          const out = str(c, 'OutVariable') ?? '';
          const argsParam = c.params.get('argumentlist');
          if (argsParam === undefined)
            throw new ScriptError(c.line, 'New-Object needs -ArgumentList');
          const args =
            argsParam.value.kind === 'list' || argsParam.value.kind === 'array'
              ? argsParam.value.items
              : [argsParam.value];
          const text = (v: Value | undefined) => {
            if (v?.kind !== 'string')
              throw new ScriptError(argsParam.line, 'condition arguments must be quoted text');
            return v.text;
          };
          if (type === SCOPE_TYPE) {
            if (args.length !== 3)
              throw new ScriptError(
                argsParam.line,
                'a ScopeCondition takes attribute, value, operator',
              );
            const operator = text(args[2]).toUpperCase();
            if (!(SCOPE_OPERATORS as readonly string[]).includes(operator)) {
              throw new ScriptError(argsParam.line, `'${text(args[2])}' is not a scope operator`);
            }
            conditions.set(out, {
              kind: 'scope',
              value: {
                attribute: text(args[0]),
                value: text(args[1]),
                operator: operator as ScopeOperator,
              },
            });
          } else if (type === JOIN_TYPE) {
            const cs = args[2];
            if (args.length !== 3 || cs?.kind !== 'bool') {
              throw new ScriptError(
                argsParam.line,
                'a JoinCondition takes csAttribute, mvAttribute, $true|$false',
              );
            }
            conditions.set(out, {
              kind: 'join',
              value: { source: text(args[0]), target: text(args[1]), caseSensitive: cs.value },
            });
          } else {
            throw new ScriptError(c.line, `New-Object of '${type}' is not part of a rule export`);
          }
          break;
        }
        case 'add-adsyncscopeconditiongroup':
        case 'add-adsyncjoinconditiongroup': {
          const rule = need(c);
          expectRuleVariable(c);
          const isScope = c.name.toLowerCase() === 'add-adsyncscopeconditiongroup';
          const param = isScope ? 'scopeconditions' : 'joinconditions';
          checkOnly(c, ['synchronizationrule', param, 'outvariable']);
          const p = c.params.get(param);
          if (p === undefined)
            throw new ScriptError(
              c.line,
              `${c.name} needs -${isScope ? 'ScopeConditions' : 'JoinConditions'}`,
            );
          const items =
            p.value.kind === 'array' || p.value.kind === 'list' ? p.value.items : [p.value];
          const group = items.map((v) => {
            const cond = v.kind === 'variable' ? conditions.get(v.name) : undefined;
            if (cond === undefined)
              throw new ScriptError(
                p.line,
                'each condition must be a $conditionN[0] made by New-Object above',
              );
            if (cond.kind !== (isScope ? 'scope' : 'join')) {
              throw new ScriptError(
                p.line,
                `$${v.kind === 'variable' ? v.name : ''} is not a ${isScope ? 'ScopeCondition' : 'JoinCondition'}`,
              );
            }
            return cond.value;
          });
          if (isScope) rule.scopingFilter.push(group as ScopeCondition[]);
          else rule.joinRules.push(group as JoinCondition[]);
          break;
        }
        case 'add-adsyncrule': {
          const rule = need(c);
          expectRuleVariable(c);
          checkOnly(c, ['synchronizationrule']);
          rules.push(rule);
          current = null;
          conditions.clear();
          break;
        }
        case 'get-adsyncrule':
        case 'import-module':
          break;
        default:
          throw new ScriptError(c.line, `${c.name} is not part of a rule export`);
      }
    }
    if (current !== null) {
      throw new ScriptError(
        (current as { line: number }).line,
        'this rule is never added with Add-ADSyncRule',
      );
    }
    return { ok: true, rules };
  } catch (e) {
    if (e instanceof ScriptError) return { ok: false, error: { line: e.line, message: e.message } };
    throw e;
  }
}

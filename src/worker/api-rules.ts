/**
 * The Synchronization Rules Editor's side of the worker: plain-data DTOs and the methods that adapt
 * the engine to them. No rule logic lives here; it is in src/engine/rules/*.
 */
import { type CheckContext, checkExpression, parseExpression } from '../engine/expr/index.ts';
import type { EvalContext } from '../engine/expr/runtime.ts';
import {
  AUTHORITATIVE_NULL,
  DateTime,
  IGNORE_THIS_FLOW,
  Ref,
  type AttributeBag,
  type EvalResult,
  type FlowValue,
  type Scalar,
} from '../engine/expr/values.ts';
import { bytesToBase64, bytesToGuid, bytesToSid } from '../engine/io/binary.ts';
import { dateTimeToIso } from '../engine/io/json-values.ts';
import {
  attributesOf,
  objectTypesOf,
  schemaOf,
  valueFromText,
  type AttributeInfo,
  type ConnectorKind,
  type SchemaKind,
} from '../engine/rules/editor-schema.ts';
import { domainLdapOf, seededRandom } from '../engine/sync/engine.ts';
import { stepProfiles } from '../engine/sync/scenario-runner.ts';
import { replayStart } from '../engine/io/workspace.ts';
import { explainExpression } from '../engine/rules/explain-expression.ts';
import { cloneDefaultRule, isDefaultRule, ruleIdentifier } from '../engine/defaults/index.ts';
import {
  connectorIdentifier,
  parseRulesPowerShell,
  writeRulesPowerShell,
} from '../engine/io/rule-powershell.ts';
import { parseServerConfiguration } from '../engine/io/rule-xml.ts';
import { decodeJsonValue } from '../engine/io/json-values.ts';
import type { JsonData } from '../engine/io/json-text.ts';
import { readRulesJson, writeRulesJson } from '../engine/rules/rule-json.ts';
import {
  filterRules,
  ruleAttributeUse,
  ruleObjectTypes,
  type RuleFilter,
} from '../engine/rules/rule-list.ts';
import { validateRule, type RuleIssue } from '../engine/rules/validate.ts';
import type { SyncRule } from '../engine/rules/model.ts';
import { currentSession, loadedInfo } from './session.ts';
import { allFunctionHelp, type FunctionHelp } from '../engine/rules/function-docs.ts';
import type { Direction } from '../engine/rules/model.ts';
import {
  explainJoinOnObject,
  explainScopeOnObject,
  type JoinExplanation,
  type ScopeExplanation,
} from '../engine/rules/explain-object.ts';
import {
  outboundTargets,
  precedenceView,
  reorderCustomRules,
  type OutboundTarget,
  type PrecedenceRequest,
  type PrecedenceView,
} from '../engine/rules/precedence-view.ts';
import {
  applyRuleSetChange,
  impactPage,
  ruleSetImpactSteps,
  type ImpactPageRequest,
  type ImpactProgress,
  type ImpactReport,
  type ImpactRow,
} from '../engine/rules/impact.ts';
import {
  compareRules,
  referenceAsReplacement,
  type RuleComparison,
} from '../engine/rules/rule-set-compare.ts';
import { generateDefaultRules } from '../engine/defaults/index.ts';
import type { SyncEngine } from '../engine/sync/engine.ts';
import { applyAction, workspaceApi, workspaceState } from './api-workspace.ts';
import { metaverseApi } from './api-metaverse.ts';

// ------------------------------------------------------------------------------------ DTOs

/** A side of a rule: the AD or Entra ID connector space, or the metaverse, and an object type. */
export interface SchemaRefDto {
  kind: SchemaKind;
  objectType?: string;
}

export interface NamedDocDto {
  name: string;
  doc: string;
}

/** Everything completion and hover need that does not depend on the rule. */
export interface ExpressionCatalogDto {
  functions: FunctionHelp[];
  parameters: NamedDocDto[];
  keywords: NamedDocDto[];
}

export interface ExprDiagnosticDto {
  message: string;
  start: number;
  end: number;
  severity: 'error' | 'warning';
}

/** An expression and where it runs: the attributes it reads and the rule's direction. */
export interface ExpressionRequestDto {
  expression: string;
  source: SchemaRefDto;
  direction: Direction;
}

/** Typed-in attribute values, one text per value (several for a multi-valued attribute). */
export interface TypedAttributeDto {
  name: string;
  values: string[];
}

export type TestInputDto =
  | { kind: 'typed'; attributes: TypedAttributeDto[] }
  /** A real object: a connector-space object (inbound) or a metaverse object (outbound). */
  | { kind: 'object'; id: string; scope: 'cs' | 'mv' };

export interface TestExpressionRequestDto extends ExpressionRequestDto {
  input: TestInputDto;
  /** `%Name%` values, e.g. `{ 'Domain.Netbios': 'CONTOSO' }`. */
  parameters?: Record<string, string>;
}

/** A value as the Test panel shows it: text only, one entry per value. */
export interface DisplayValueDto {
  /** `NULL`, `string`, `number`, `Boolean`, `binary`, `reference`, `date`, `multi-valued` … */
  type: string;
  values: string[];
}

export type ResultDto =
  { ok: true; value: DisplayValueDto } | { ok: false; error: { type: string; message: string } };

export interface TestStepDto {
  start: number;
  end: number;
  text: string;
  depth: number;
  outcome: { status: 'evaluated'; result: ResultDto } | { status: 'skipped'; reason: string };
}

export type TestExpressionResponseDto =
  | { ok: false; diagnostics: ExprDiagnosticDto[]; inputErrors: string[] }
  | {
      ok: true;
      diagnostics: ExprDiagnosticDto[];
      result: ResultDto;
      steps: TestStepDto[];
      perValue?: { attribute: string; rows: { input: string; result: ResultDto }[] };
    };

export interface ConnectorDto {
  name: string;
  kind: ConnectorKind;
}

/** One row of the rule list. */
export interface RuleRowDto {
  id: string;
  name: string;
  direction: Direction;
  connector: string;
  precedence: number;
  connectorObjectType: string;
  metaverseObjectType: string;
  linkType: string;
  enabled: boolean;
  tag: string;
  isDefault: boolean;
}

export type RuleFilterDto = RuleFilter;

export interface RuleFilterOptionsDto {
  connectors: string[];
  connectorObjectTypes: string[];
  metaverseObjectTypes: string[];
  connectorAttributes: string[];
  metaverseAttributes: string[];
}

export type RuleIssueDto = RuleIssue;

export type SaveRuleResultDto =
  | { ok: true; issues: RuleIssueDto[]; fullSyncRequired: string[] }
  | { ok: false; issues: RuleIssueDto[] };

export type RuleExportFormat = 'powershell' | 'json';

export interface RuleImportRequestDto {
  format: 'powershell' | 'json' | 'xml';
  files: { name: string; text: string }[];
}

export type RuleImportResultDto =
  { ok: true; added: string[]; replaced: string[] } | { ok: false; messages: string[] };

export interface ObjectChoiceDto {
  id: string;
  scope: 'cs' | 'mv';
  label: string;
  objectType: string;
}

export type ExplainScopeDto =
  | { ok: true; explanation: ScopeExplanation; typeMatches: boolean; objectType: string }
  | { ok: false; message: string };

export type ExplainJoinDto =
  { ok: true; explanation: JoinExplanation } | { ok: false; message: string };

export type PrecedenceRequestDto = PrecedenceRequest;
export type PrecedenceViewDto = PrecedenceView;
export type OutboundTargetDto = OutboundTarget;

export type ReorderResultDto =
  | {
      ok: true;
      changes: { id: string; name: string; from: number; to: number }[];
      fullSyncRequired: string[];
    }
  | { ok: false; message: string };

/** A rule set to compare with: the out-of-box rules of this installation, or files. */
export type ReferenceDto = { kind: 'defaults' } | { kind: 'file'; request: RuleImportRequestDto };

/** What to measure the impact of: an edited rule (not saved), or replacing the set by a reference. */
export type ImpactRequestDto =
  | { kind: 'draft'; rule: SyncRule; disableOriginal?: string }
  | { kind: 'delete'; id: string }
  | { kind: 'reference'; reference: ReferenceDto };

export type ImpactSummaryDto =
  | (Omit<ImpactReport, 'metaverse' | 'exports' | 'newErrors'> & {
      ok: true;
      /** Pass to rulesImpactPage; valid until the next impact request. */
      id: number;
      newErrors: ImpactReport['newErrors'];
      newErrorCount: number;
      elapsedMs: number;
    })
  | { ok: false; messages: string[] };

export type ImpactPageRequestDto = ImpactPageRequest & { id: number };
export type ImpactPageDto = { total: number; rows: ImpactRow[] } | { expired: true };

export type CompareResultDto =
  { ok: true; reference: string; rows: RuleComparison[] } | { ok: false; messages: string[] };

/** The Synchronization Rules Editor. */
export interface RulesApi {
  rulesConnectors(): ConnectorDto[];
  rulesList(filter: RuleFilterDto): RuleRowDto[];
  rulesFilterOptions(direction: Direction): RuleFilterOptionsDto;
  rulesGet(id: string): SyncRule | null;
  /** A new, unsaved custom rule of the direction, with a free precedence below 100. */
  rulesNew(direction: Direction): SyncRule;
  /** The editable copy of a default rule (not saved; saving it disables the original). */
  rulesClone(id: string): { ok: true; clone: SyncRule } | { ok: false; message: string };
  rulesValidate(rule: SyncRule): RuleIssueDto[];
  /** Saves unless there are errors; `disableOriginal` is the default rule a clone replaces. */
  rulesSave(rule: SyncRule, options?: { disableOriginal?: string }): Promise<SaveRuleResultDto>;
  rulesDelete(id: string): Promise<{ ok: true } | { ok: false; message: string }>;
  /** Connectors whose rules changed since their last Full Synchronization. */
  rulesFullSyncRequired(): string[];
  rulesExport(request: { ids?: string[]; format: RuleExportFormat }): string;
  rulesImport(request: RuleImportRequestDto): Promise<RuleImportResultDto>;
  /** How many runs the workspace has had (0: the connector spaces are still empty). */
  rulesRunCount(): number;
  /** Runs the scenario's own steps (imports, synchronizations, exports). */
  rulesRunScenarioSteps(): Promise<number>;
  /** Runs a Full Synchronization of each connector, in the order given. */
  rulesRunFullSynchronization(
    connectors: string[],
  ): Promise<{ connector: string; status: string }[]>;
  /** Objects to test on: connector-space objects of a connector, or metaverse objects. */
  rulesFindObjects(request: {
    scope: 'cs' | 'mv';
    connector?: string;
    objectType?: string;
    text: string;
  }): ObjectChoiceDto[];
  rulesCatalog(): ExpressionCatalogDto;
  rulesObjectTypes(kind: SchemaKind): string[];
  rulesAttributes(ref: SchemaRefDto): AttributeInfo[];
  rulesCheckExpression(request: ExpressionRequestDto): ExprDiagnosticDto[];
  rulesTestExpression(request: TestExpressionRequestDto): TestExpressionResponseDto;
  /** Every clause of `rule`'s scoping filter (a draft or a saved rule) on a real object. */
  rulesExplainScope(rule: SyncRule, objectId: string): ExplainScopeDto;
  /** The candidates each join group of `rule` finds for a real object, and the outcome. */
  rulesExplainJoin(rule: SyncRule, objectId: string): ExplainJoinDto;
  /**
   * Every rule flowing into an attribute, in precedence order, with what each gives an object:
   * inbound, a metaverse attribute; outbound, an attribute of a target connector's object type.
   */
  rulesPrecedence(request: PrecedenceRequestDto): PrecedenceViewDto;
  /** The object types and attributes the outbound rules of a target connector flow into. */
  rulesOutboundTargets(connector: string): OutboundTargetDto[];
  /** Gives the custom rules `ids` precedence numbers in that order (below 100, unique). */
  rulesReorder(ids: string[]): Promise<ReorderResultDto>;
  /**
   * Runs the changed rule set on a copy of the workspace and summarizes what would change;
   * `onProgress` (a `Comlink.proxy`) hears how far it is.
   */
  rulesImpact(
    request: ImpactRequestDto,
    onProgress?: (p: ImpactProgress) => void,
  ): Promise<ImpactSummaryDto>;
  /** Stops the impact computation in progress. */
  rulesImpactCancel(): void;
  /** One page of the last impact's metaverse or export list. */
  rulesImpactPage(request: ImpactPageRequestDto): ImpactPageDto;
  /** The current rules against the defaults or a file, rule by rule and field by field. */
  rulesCompare(reference: ReferenceDto): CompareResultDto;
}

// ------------------------------------------------------------------------------------ adapters

const PARAMETERS: NamedDocDto[] = [
  { name: 'Domain.Netbios', doc: 'NetBIOS name of the domain being imported, e.g. CONTOSO.' },
  { name: 'Domain.FQDN', doc: 'DNS name of the domain being imported, e.g. contoso.com.' },
  { name: 'Domain.LDAP', doc: 'LDAP form of the domain, e.g. DC=contoso,DC=com.' },
  { name: 'Forest.Netbios', doc: 'NetBIOS name of the forest.' },
  { name: 'Forest.FQDN', doc: 'DNS name of the forest.' },
  { name: 'Forest.LDAP', doc: 'LDAP form of the forest root domain.' },
  { name: 'Connector.ID', doc: 'The identifier of the connector the rule belongs to.' },
];

const KEYWORDS: NamedDocDto[] = [
  { name: 'True', doc: 'Boolean true.' },
  { name: 'False', doc: 'Boolean false.' },
  { name: 'NULL', doc: 'Nothing to contribute: a lower-precedence rule may contribute.' },
  {
    name: 'AuthoritativeNull',
    doc: 'Forces the target empty: no lower-precedence rule may contribute.',
  },
  {
    name: 'IgnoreThisFlow',
    doc: 'Contributes nothing and leaves the target value as it is.',
  },
  { name: 'CRLF', doc: 'A carriage return and line feed.' },
];

function checkContext(request: ExpressionRequestDto): CheckContext {
  return {
    schema: schemaOf(request.source.kind, request.source.objectType),
    direction: request.direction,
  };
}

function diagnosticDto(d: ExprDiagnosticDto): ExprDiagnosticDto {
  return { message: d.message, start: d.start, end: d.end, severity: d.severity };
}

function scalarText(v: Scalar): { type: string; text: string } {
  if (typeof v === 'string') return { type: 'string', text: JSON.stringify(v) };
  if (typeof v === 'boolean') return { type: 'Boolean', text: v ? 'True' : 'False' };
  if (typeof v === 'number' || typeof v === 'bigint') return { type: 'number', text: String(v) };
  if (v instanceof Ref) return { type: 'reference', text: v.dn };
  if (v instanceof DateTime) return { type: 'date', text: dateTimeToIso(v) };
  const readable = v.length === 16 ? bytesToGuid(v) : bytesToSid(v);
  return { type: 'binary', text: readable ?? bytesToBase64(v) };
}

/** A value as text; never markup. */
export function displayValue(v: FlowValue): DisplayValueDto {
  if (v === null) return { type: 'NULL', values: ['NULL'] };
  if (v === AUTHORITATIVE_NULL) return { type: 'special', values: ['AuthoritativeNull'] };
  if (v === IGNORE_THIS_FLOW) return { type: 'special', values: ['IgnoreThisFlow'] };
  if (Array.isArray(v)) {
    return {
      type: 'multi-valued',
      values: (v as readonly Scalar[]).map((s) => scalarText(s).text),
    };
  }
  const one = scalarText(v as Scalar);
  return { type: one.type, values: [one.text] };
}

function resultDto(r: EvalResult): ResultDto {
  return r.ok
    ? { ok: true, value: displayValue(r.value) }
    : { ok: false, error: { type: r.error.type, message: r.error.message } };
}

function typedAttributes(
  attributes: readonly TypedAttributeDto[],
  source: SchemaRefDto,
): { bag: AttributeBag; errors: string[] } {
  const schema = schemaOf(source.kind, source.objectType);
  const bag: AttributeBag = {};
  const errors: string[] = [];
  for (const { name, values } of attributes) {
    const trimmed = name.trim();
    if (!trimmed || values.length === 0) continue;
    const type = schema.attributes.get(trimmed);
    const out: Scalar[] = [];
    for (const text of values) {
      const r = valueFromText(text, type, trimmed);
      if (r.ok) out.push(r.value);
      else errors.push(`${trimmed}: ${r.message}`);
    }
    bag[trimmed] = type?.multi || out.length > 1 ? out : (out[0] as Scalar);
  }
  return { bag, errors };
}

function objectAttributes(input: { id: string; scope: 'cs' | 'mv' }): {
  bag: AttributeBag;
  parameters: Record<string, string>;
  errors: string[];
} {
  const session = currentSession();
  const bag: AttributeBag = {};
  const parameters: Record<string, string> = {};
  let json: Record<string, JsonData> | undefined;
  if (input.scope === 'cs') {
    const cs = session.csObject(input.id);
    if (!cs)
      return { bag, parameters, errors: ['The object is no longer in the connector space.'] };
    json = cs.attributes;
    // The AD connector's parameters for the domain the object is in.
    const ldap = domainLdapOf(cs.dn);
    if (ldap) {
      parameters['Domain.LDAP'] = ldap;
      parameters['Domain.FQDN'] = ldap.replace(/(^|,)DC=/gi, (m, sep: string) => (sep ? '.' : ''));
    }
  } else {
    const mv = session.mvObject(input.id);
    if (!mv) return { bag, parameters, errors: ['The object is no longer in the metaverse.'] };
    json = Object.fromEntries(mv.attributes.map((a) => [a.name, a.value]));
  }
  for (const [name, value] of Object.entries(json)) {
    const decoded = decodeJsonValue(value);
    if (decoded.ok && decoded.value !== null && typeof decoded.value !== 'symbol')
      bag[name] = decoded.value;
  }
  return { bag, parameters, errors: [] };
}

function rulesTestExpression(request: TestExpressionRequestDto): TestExpressionResponseDto {
  const { bag, errors, parameters } =
    request.input.kind === 'typed'
      ? { ...typedAttributes(request.input.attributes, request.source), parameters: {} }
      : objectAttributes(request.input);
  if (errors.length > 0) return { ok: false, diagnostics: [], inputErrors: errors };
  const ctx: EvalContext = {
    attributes: bag,
    parameters: { ...(request.parameters ?? {}), ...parameters },
    // The Test panel is a lab: a fixed clock and seed keep Now() and RandomNum() reproducible.
    clock: () => 133_500_000_000_000_000n,
    random: seededRandom(1),
  };
  const e = explainExpression(request.expression, ctx, checkContext(request));
  if (!e.ok) return { ok: false, diagnostics: e.diagnostics.map(diagnosticDto), inputErrors: [] };
  return {
    ok: true,
    diagnostics: e.diagnostics.map(diagnosticDto),
    result: resultDto(e.result),
    steps: e.steps.map((s) => ({
      start: s.start,
      end: s.end,
      text: s.text,
      depth: s.depth,
      outcome:
        s.outcome.status === 'evaluated'
          ? { status: 'evaluated', result: resultDto(s.outcome.result) }
          : { status: 'skipped', reason: s.outcome.reason },
    })),
    ...(e.perValue
      ? {
          perValue: {
            attribute: e.perValue.attribute,
            rows: e.perValue.rows.map((r) => ({
              input: scalarText(r.input).text,
              result: resultDto(r.result),
            })),
          },
        }
      : {}),
  };
}

// ------------------------------------------------------------------------------------ rule set

function connectors(): ConnectorDto[] {
  return (loadedInfo()?.connectors ?? []).map((c) => ({
    name: c.name,
    kind: c.kind.toLowerCase() === 'aad' ? 'aad' : 'ad',
  }));
}

function rowOf(r: SyncRule): RuleRowDto {
  const types = ruleObjectTypes(r);
  return {
    id: r.id,
    name: r.name,
    direction: r.direction,
    connector: r.connector,
    precedence: r.precedence,
    connectorObjectType: types.connector,
    metaverseObjectType: types.metaverse,
    linkType: r.linkType,
    enabled: !r.disabled,
    tag: r.immutableTag ?? '',
    isDefault: isDefaultRule(r),
  };
}

const sorted = (values: Iterable<string>) =>
  [...new Set(values)].filter((v) => v !== '').sort((a, b) => a.localeCompare(b));

/**
 * Connectors whose rules changed since their last Full Synchronization (the product's "full sync
 * required"), read from the workspace's action log so that it survives a reload and follows undo:
 * a saved, imported, reordered or deleted rule marks its connector (an outbound rule every
 * connector: its flows run whenever an object joined to the metaverse object is synchronized, and
 * regenerated default rules mark them all too); a later Full Synchronization of a connector, alone
 * or in an initial cycle, clears it.
 */
function fullSyncRequired(): string[] {
  const doc = workspaceApi.workspaceDocument();
  const engine = currentSession().engineState();
  if (!doc || !engine) return [];
  const all = connectors().map((c) => c.name);
  const lower = (names: readonly string[]) => names.map((n) => n.toLowerCase());
  const seen = new Map<string, SyncRule>(
    (workspaceState()?.scenario.rules.custom ?? []).map((r) => [r.id, r]),
  );
  const affected = (rule: SyncRule | undefined) =>
    lower(rule?.direction === 'Inbound' ? [rule.connector] : all);
  const pending = new Set<string>();
  for (const a of doc.actions.slice(replayStart(doc), doc.cursor)) {
    if (a.kind === 'rule-put') {
      for (const c of affected(a.rule)) pending.add(c);
      seen.set(a.rule.id, a.rule);
    } else if (a.kind === 'rule-delete') {
      for (const c of affected(seen.get(a.id))) pending.add(c);
    } else if (a.kind === 'installation') {
      for (const c of lower(all)) pending.add(c);
    } else if (a.kind === 'run') {
      for (const p of stepProfiles(engine, a.step))
        if (p.profile === 'Full Synchronization') pending.delete(p.connector.toLowerCase());
    }
  }
  return all.filter((name) => pending.has(name.toLowerCase()));
}

function freePrecedence(rules: readonly SyncRule[]): number {
  const used = new Set(rules.map((r) => r.precedence));
  for (let p = 99; p >= 1; p--) if (!used.has(p)) return p;
  return 0;
}

function rulesNew(direction: Direction): SyncRule {
  const session = currentSession();
  const rules = session.rules();
  const ids = new Set(rules.map((r) => r.id));
  let n = rules.length;
  let id = ruleIdentifier(`new|${n}`);
  while (ids.has(id)) id = ruleIdentifier(`new|${++n}`);
  const first = connectors().find((c) =>
    direction === 'Inbound' ? c.kind === 'ad' : c.kind === 'aad',
  );
  return {
    id,
    name: '',
    description: '',
    direction,
    connector: first?.name ?? '',
    sourceObjectType: direction === 'Inbound' ? 'user' : 'person',
    targetObjectType: direction === 'Inbound' ? 'person' : 'user',
    linkType: 'Join',
    precedence: freePrecedence(rules),
    disabled: false,
    enablePasswordSync: false,
    scopingFilter: [],
    joinRules: [],
    transformations: [],
  };
}

/**
 * Saves rules through the workspace's action log, so that a rule edit autosaves, replays after a
 * reload and undoes like every other edit. Returns the first failure's messages, if any.
 */
async function putRules(rules: SyncRule[]): Promise<string[] | undefined> {
  for (const rule of rules) {
    const r = await applyAction({ kind: 'rule-put', rule });
    if (!r.ok) return r.messages;
  }
  return undefined;
}

async function rulesSave(
  rule: SyncRule,
  options: { disableOriginal?: string } = {},
): Promise<SaveRuleResultDto> {
  const session = currentSession();
  let rules = session.rules();
  const original = options.disableOriginal
    ? rules.find((r) => r.id === options.disableOriginal)
    : undefined;
  if (original) rules = rules.map((r) => (r.id === original.id ? { ...r, disabled: true } : r));
  const issues = validateRule(rule, rules, connectors());
  if (issues.some((i) => i.severity === 'error')) return { ok: false, issues };
  const failed = await putRules(original ? [{ ...original, disabled: true }, rule] : [rule]);
  if (failed) {
    return {
      ok: false,
      issues: failed.map((message): RuleIssue => ({ path: '', severity: 'error', message })),
    };
  }
  return { ok: true, issues, fullSyncRequired: fullSyncRequired() };
}

/** Reads rule files (PowerShell, JSON or server-configuration XML); nothing is applied. */
function parseRuleFiles(
  request: RuleImportRequestDto,
): { ok: true; rules: SyncRule[] } | { ok: false; messages: string[] } {
  const known = connectors();
  let parsed: { ok: true; rules: SyncRule[] } | { ok: false; messages: string[] };
  if (request.format === 'json') {
    const [file] = request.files;
    parsed = file
      ? readRulesJson(file.text, file.name, known)
      : { ok: false, messages: ['No file.'] };
  } else if (request.format === 'powershell') {
    const names = new Map(known.map((c) => [connectorIdentifier(c.name), c.name]));
    const all: SyncRule[] = [];
    const messages: string[] = [];
    for (const f of request.files) {
      const r = parseRulesPowerShell(f.text, names);
      if (r.ok) all.push(...r.rules);
      else messages.push(`${f.name}: line ${r.error.line}: ${r.error.message}`);
    }
    parsed = messages.length > 0 ? { ok: false, messages } : { ok: true, rules: all };
  } else {
    const r = parseServerConfiguration(request.files);
    if (!r.ok) {
      parsed = {
        ok: false,
        messages: r.errors.map((e) =>
          [e.file, e.line, e.message].filter((x) => x !== undefined).join(': '),
        ),
      };
    } else {
      const messages: string[] = [];
      const rules = r.rules.map((rule) => {
        const c = known.find((k) => k.name.toLowerCase() === rule.connector.toLowerCase());
        if (!c)
          messages.push(
            `'${rule.name}': the connector '${rule.connector}' is not in this workspace.`,
          );
        return { ...rule, connector: c?.name ?? rule.connector };
      });
      parsed = messages.length > 0 ? { ok: false, messages } : { ok: true, rules };
    }
  }
  if (parsed.ok && parsed.rules.length === 0)
    return { ok: false, messages: ['The file holds no rule.'] };
  return parsed;
}

async function rulesImport(request: RuleImportRequestDto): Promise<RuleImportResultDto> {
  const parsed = parseRuleFiles(request);
  if (!parsed.ok) return parsed;
  const session = currentSession();
  const existing = new Set(session.rules().map((r) => r.id.toLowerCase()));
  const added: string[] = [];
  const replaced: string[] = [];
  for (const rule of parsed.rules) {
    (existing.has(rule.id.toLowerCase()) ? replaced : added).push(rule.name);
  }
  const failed = await putRules(parsed.rules);
  if (failed) return { ok: false, messages: failed };
  return { ok: true, added, replaced };
}

function openEngine(): SyncEngine {
  const engine = currentSession().engineState();
  if (!engine) throw new Error('No scenario is loaded.');
  return engine;
}

/** The out-of-box rules a fresh installation with this workspace's choices would have. */
function defaultRules(): SyncRule[] {
  const installation = workspaceState()?.scenario.installation;
  const all = connectors();
  const entra = all.find((c) => c.kind === 'aad');
  if (!installation || !entra) return [];
  return generateDefaultRules(
    { sourceAnchor: installation.sourceAnchor, userMatching: installation.userMatching },
    { forests: all.filter((c) => c.kind === 'ad').map((c) => c.name), entra: entra.name },
  );
}

function referenceRules(
  reference: ReferenceDto,
): { ok: true; name: string; rules: SyncRule[] } | { ok: false; messages: string[] } {
  if (reference.kind === 'defaults') {
    const rules = defaultRules();
    return rules.length > 0
      ? { ok: true, name: 'the out-of-box rules of this installation', rules }
      : { ok: false, messages: ['The workspace has no Entra ID connector or installation.'] };
  }
  const parsed = parseRuleFiles(reference.request);
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    name: reference.request.files.map((f) => f.name).join(', '),
    rules: parsed.rules,
  };
}

function rulesCompare(reference: ReferenceDto): CompareResultDto {
  const ref = referenceRules(reference);
  if (!ref.ok) return ref;
  return { ok: true, reference: ref.name, rows: compareRules(ref.rules, currentSession().rules()) };
}

let lastImpact: { id: number; report: ImpactReport } | undefined;
let impactCount = 0;

function proposedRules(
  request: ImpactRequestDto,
  current: SyncRule[],
): { ok: true; rules: SyncRule[] } | { ok: false; messages: string[] } {
  if (request.kind === 'draft') {
    const original = request.disableOriginal
      ? current.find((r) => r.id === request.disableOriginal)
      : undefined;
    return {
      ok: true,
      rules: applyRuleSetChange(current, {
        put: [...(original ? [{ ...original, disabled: true }] : []), request.rule],
      }),
    };
  }
  if (request.kind === 'delete')
    return { ok: true, rules: applyRuleSetChange(current, { delete: [request.id] }) };
  const ref = referenceRules(request.reference);
  if (!ref.ok) return ref;
  const names = connectors().map((c) => c.name);
  return {
    ok: true,
    rules: referenceAsReplacement(compareRules(ref.rules, current), ref.rules, names),
  };
}

let impactCancel: { cancelled: boolean } | undefined;

async function rulesImpact(
  request: ImpactRequestDto,
  onProgress?: (p: ImpactProgress) => void,
): Promise<ImpactSummaryDto> {
  const engine = openEngine();
  // The engine's own rule objects: compiled once, shared with the copies.
  const current = [...engine.rules.values()];
  const proposed = proposedRules(request, current);
  if (!proposed.ok) return proposed;
  const start = performance.now();
  const cancel = { cancelled: false };
  impactCancel = cancel;
  const steps = ruleSetImpactSteps(engine, proposed.rules, {
    stale: fullSyncRequired(),
  });
  let report: ImpactReport | undefined;
  let shown = start;
  for (;;) {
    const r = steps.next();
    if (r.done) {
      report = r.value;
      break;
    }
    if (performance.now() - shown > 100) {
      shown = performance.now();
      onProgress?.(r.value);
      // Let a cancel request (and the progress message) through.
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (cancel.cancelled || engine !== currentSession().engineState())
        return { ok: false, messages: ['Cancelled: the impact was not computed.'] };
    }
  }
  const elapsedMs = Math.round(performance.now() - start);
  lastImpact = { id: ++impactCount, report };
  const { metaverse: _m, exports: _e, newErrors, ...summary } = report;
  return {
    ok: true,
    ...structuredClone(summary),
    id: lastImpact.id,
    newErrors: structuredClone(newErrors.slice(0, 100)),
    newErrorCount: newErrors.length,
    elapsedMs,
  };
}

async function rulesReorder(ids: string[]): Promise<ReorderResultDto> {
  const session = currentSession();
  const r = reorderCustomRules(session.rules(), ids);
  if (!r.ok) return r;
  const byId = new Map(session.rules().map((x) => [x.id, x]));
  const moved = r.changes.flatMap((c) => {
    const rule = byId.get(c.id);
    return rule ? [{ ...rule, precedence: c.to }] : [];
  });
  const failed = await putRules(moved);
  if (failed) return { ok: false, message: failed.join('\n') } as ReorderResultDto;
  return { ok: true, changes: r.changes, fullSyncRequired: fullSyncRequired() };
}

export const rulesApi: RulesApi = {
  rulesConnectors: connectors,
  rulesList: (filter) => filterRules(currentSession().rules(), filter).map(rowOf),
  rulesFilterOptions: (direction) => {
    const rules = currentSession()
      .rules()
      .filter((r) => r.direction === direction);
    const uses = rules.map(ruleAttributeUse);
    return {
      connectors: sorted(connectors().map((c) => c.name)),
      connectorObjectTypes: sorted(rules.map((r) => ruleObjectTypes(r).connector)),
      metaverseObjectTypes: sorted(rules.map((r) => ruleObjectTypes(r).metaverse)),
      connectorAttributes: sorted(uses.flatMap((u) => u.connector)),
      metaverseAttributes: sorted(uses.flatMap((u) => u.metaverse)),
    };
  },
  rulesGet: (id) =>
    currentSession()
      .rules()
      .find((r) => r.id === id) ?? null,
  rulesNew,
  rulesClone: (id) => {
    const rules = currentSession().rules();
    const rule = rules.find((r) => r.id === id);
    if (!rule) return { ok: false, message: 'The rule no longer exists.' };
    const r = cloneDefaultRule(rule, rules);
    return r.ok ? { ok: true, clone: r.clone } : { ok: false, message: r.message };
  },
  rulesValidate: (rule) => validateRule(rule, currentSession().rules(), connectors()),
  rulesSave,
  rulesDelete: async (id) => {
    const session = currentSession();
    const rule = session.rules().find((r) => r.id === id);
    if (!rule) return { ok: false, message: 'The rule no longer exists.' };
    if (isDefaultRule(rule))
      return {
        ok: false,
        message: `'${rule.name}' is an out-of-box rule: an upgrade would re-create it. Disable it instead.`,
      };
    const r = await applyAction({ kind: 'rule-delete', id, name: rule.name });
    if (!r.ok) return { ok: false, message: r.messages.join('\n') };
    return { ok: true };
  },
  rulesFullSyncRequired: fullSyncRequired,
  rulesExport: ({ ids, format }) => {
    const all = currentSession().rules();
    const chosen = ids ? all.filter((r) => ids.includes(r.id)) : all;
    if (format === 'json') return writeRulesJson(chosen, connectors());
    return writeRulesPowerShell(
      chosen,
      new Map(connectors().map((c) => [c.name, connectorIdentifier(c.name)])),
    );
  },
  rulesImport,
  rulesRunCount: () => currentSession().runs().length,
  // Runs go through the workspace's action log, like every edit: saved, replayed and undoable.
  rulesRunScenarioSteps: async () => {
    const r = await metaverseApi.metaverseRunScenarioSteps();
    if (!r.ok) throw new Error(r.messages.join('\n'));
    return r.steps;
  },
  rulesRunFullSynchronization: async (names) => {
    const out: { connector: string; status: string }[] = [];
    for (const connector of names) {
      const r = await applyAction({
        kind: 'run',
        step: { run: 'Full Synchronization', connector },
      });
      if (!r.ok) throw new Error(r.messages.join('\n'));
      const run = currentSession().runs().at(-1);
      out.push({ connector, status: run?.status ?? 'success' });
    }
    return out;
  },
  rulesFindObjects: ({ scope, connector, objectType, text }) => {
    const session = currentSession();
    const q = text.trim();
    const result = session.search({
      scope: scope === 'mv' ? 'metaverse' : (connector ?? ''),
      ...(objectType ? { objectType } : {}),
      clauses: q
        ? [{ attribute: scope === 'mv' ? 'displayName' : 'dn', operator: 'Contains', value: q }]
        : [],
      limit: 20,
      columns: ['displayName'],
    });
    return result.rows.map((row) => ({
      id: row.id,
      scope,
      objectType: row.objectType,
      label: scope === 'mv' ? (row.columns['displayName'] ?? row.id) : (row.dn ?? row.id),
    }));
  },
  rulesCatalog: () => ({
    functions: allFunctionHelp(),
    parameters: PARAMETERS,
    keywords: KEYWORDS,
  }),
  rulesObjectTypes: (kind) => objectTypesOf(kind),
  rulesAttributes: (ref) => attributesOf(ref.kind, ref.objectType),
  rulesCheckExpression: (request) => {
    const parsed = parseExpression(request.expression);
    const diagnostics = parsed.ast
      ? [...parsed.diagnostics, ...checkExpression(parsed.ast, checkContext(request))]
      : parsed.diagnostics;
    return diagnostics.map(diagnosticDto);
  },
  rulesTestExpression,
  rulesExplainScope: (rule, objectId) =>
    structuredClone(explainScopeOnObject(openEngine(), rule, objectId)),
  rulesExplainJoin: (rule, objectId) =>
    structuredClone(explainJoinOnObject(openEngine(), rule, objectId)),
  rulesPrecedence: (request) =>
    structuredClone(precedenceView(openEngine(), currentSession().rules(), request)),
  rulesOutboundTargets: (connector) => outboundTargets(currentSession().rules(), connector),
  rulesReorder,
  rulesImpact,
  rulesImpactCancel: () => {
    if (impactCancel) impactCancel.cancelled = true;
  },
  rulesImpactPage: ({ id, ...request }) =>
    lastImpact?.id === id
      ? structuredClone(impactPage(lastImpact.report, request))
      : { expired: true },
  rulesCompare,
};

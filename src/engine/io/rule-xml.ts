/**
 * The server-configuration XML format of synchronization rules: the `SynchronizationRule_{guid}.xml`
 * files that `Get-ADSyncServerConfiguration` writes (and AADConnectConfigDocumenter reads), and the
 * `Connector_{guid}.xml` files that give each connector GUID its name.
 *
 * Reading is all-or-nothing: a file either yields a complete {@link SyncRule} or one error that names
 * the file and the element. Writing reproduces the exporter's layout byte for byte, so a reference
 * file read and written again is unchanged.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  SCOPE_OPERATORS,
  type Direction,
  type JoinCondition,
  type LinkType,
  type MergeType,
  type ScopeCondition,
  type ScopeOperator,
  type SyncRule,
  type Transformation,
} from '../rules/model.ts';

/** Where and why a file could not be read. `element` is a path such as `synchronizationRule/precedence`. */
export interface RuleXmlError {
  file: string;
  element: string;
  message: string;
  /** 1-based line, known for malformed XML. */
  line?: number;
}

export type RuleXmlResult =
  { ok: true; rule: SyncRule; connectorId: string } | { ok: false; error: RuleXmlError };

export type ConnectorXmlResult =
  { ok: true; connector: { id: string; name: string } } | { ok: false; error: RuleXmlError };

/** Connector GUID (any case, with or without braces) → connector name. */
export type ConnectorNames = ReadonlyMap<string, string> | Readonly<Record<string, string>>;

const ROOT = 'synchronizationRule';
const ARRAY_ELEMENTS = new Set(['mapping', 'attr', 'conditions', 'condition', 'scope']);
export const MERGE_TYPES: readonly MergeType[] = [
  'Update',
  'Merge',
  'MergeCaseInsensitive',
  'Replace',
];
export const LINK_TYPES: readonly LinkType[] = ['Join', 'StickyJoin', 'Provision'];
export const DIRECTIONS: readonly Direction[] = ['Inbound', 'Outbound'];

/** A lower-case GUID without braces, as {@link normalizeGuid} returns it. */
export function isGuid(text: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(text);
}
const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  // Expressions keep their exact text; whitespace between elements is ignored below.
  trimValues: false,
  // The exporter writes `&#xD;&#xA;` inside multi-line expressions.
  htmlEntities: true,
  isArray: (name) => ARRAY_ELEMENTS.has(name),
});

/** Lower-case GUID without braces, the form {@link SyncRule.id} and connector maps use. */
export function normalizeGuid(text: string): string {
  return text.trim().replace(/^\{/, '').replace(/\}$/, '').toLowerCase();
}

class XmlReadError extends Error {
  constructor(
    readonly element: string,
    message: string,
  ) {
    super(message);
  }
}

type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Text of a leaf element; `<x />` is the empty string. */
function text(node: Node, name: string, path: string, required = true): string | undefined {
  const value = node[name];
  if (value === undefined) {
    if (required) throw new XmlReadError(`${path}/${name}`, `missing element <${name}>`);
    return undefined;
  }
  if (typeof value === 'string') return value;
  if (isNode(value) && Object.keys(value).every((k) => k === '#text')) {
    return typeof value['#text'] === 'string' ? value['#text'] : '';
  }
  throw new XmlReadError(`${path}/${name}`, `<${name}> must hold text, not elements`);
}

function oneOf<T extends string>(
  value: string,
  allowed: readonly T[],
  element: string,
  caseInsensitive = false,
): T {
  const found = allowed.find((a) =>
    caseInsensitive ? a.toLowerCase() === value.trim().toLowerCase() : a === value.trim(),
  );
  if (found === undefined) {
    throw new XmlReadError(
      element,
      `"${value}" is not one of ${allowed.map((a) => `"${a}"`).join(', ')}`,
    );
  }
  return found;
}

function bool(value: string, element: string): boolean {
  const v = value.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new XmlReadError(element, `"${value}" is not True or False`);
}

/** Children that repeat (`conditions`, `scope` ...); an empty container element has none. */
function children(node: unknown, name: string, path: string): Node[] {
  if (node === undefined || node === '') return [];
  if (!isNode(node)) throw new XmlReadError(path, `expected <${name}> elements`);
  const list = node[name];
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new XmlReadError(path, `expected <${name}> elements`);
  return list.map((item, i) => {
    if (item === '') return {};
    if (!isNode(item)) throw new XmlReadError(`${path}/${name}[${i + 1}]`, `<${name}> is empty`);
    return item;
  });
}

function readMapping(m: Node, path: string): Transformation {
  const target = text(m, 'dest', path) ?? '';
  if (target.trim() === '') throw new XmlReadError(`${path}/dest`, 'the destination is empty');
  const mergeText = text(m, 'valueMergeType', path, false);
  const mergeType =
    mergeText === undefined
      ? 'Update'
      : oneOf(mergeText, MERGE_TYPES, `${path}/valueMergeType`, true);
  const onceText = m['@_execute-once'];
  const applyOnce = typeof onceText === 'string' ? bool(onceText, `${path}/@execute-once`) : false;
  const expression = text(m, 'expression', path, false);
  const src = m['src'];
  let attrs: string[] | undefined;
  let constant: string | undefined;
  if (src === undefined) {
    attrs = undefined;
  } else if (typeof src === 'string') {
    constant = src;
  } else if (isNode(src)) {
    const list = src['attr'];
    if (Array.isArray(list) && list.every((a): a is string => typeof a === 'string')) {
      attrs = list;
    } else if (list === undefined) {
      constant = typeof src['#text'] === 'string' ? src['#text'] : '';
    } else {
      throw new XmlReadError(`${path}/src`, '<src> holds something other than <attr> names');
    }
  } else {
    throw new XmlReadError(`${path}/src`, 'unreadable <src>');
  }
  if (expression !== undefined) {
    if (constant !== undefined && constant.trim() !== '') {
      throw new XmlReadError(`${path}/src`, 'an expression flow cannot also have a constant');
    }
    return {
      target,
      flowType: 'Expression',
      ...(attrs !== undefined ? { source: attrs } : {}),
      expression,
      applyOnce,
      mergeType,
    };
  }
  if (attrs !== undefined) {
    const [only, ...rest] = attrs;
    if (only === undefined || rest.length > 0) {
      throw new XmlReadError(
        `${path}/src`,
        'a direct flow (no <expression>) needs exactly one <attr>',
      );
    }
    return { target, flowType: 'Direct', source: only, applyOnce, mergeType };
  }
  if (constant === undefined) {
    throw new XmlReadError(path, 'the mapping has neither <src> nor <expression>');
  }
  return { target, flowType: 'Constant', value: constant, applyOnce, mergeType };
}

function readScope(s: Node, path: string): ScopeCondition {
  const attribute = text(s, 'csAttribute', path) ?? '';
  const operator = oneOf<ScopeOperator>(
    text(s, 'csOperator', path) ?? '',
    SCOPE_OPERATORS,
    `${path}/csOperator`,
    true,
  );
  return { attribute, operator, value: text(s, 'csValue', path, false) ?? '' };
}

function readJoin(c: Node, path: string): JoinCondition {
  const cs = text(c, 'caseSensitive', path, false);
  return {
    source: text(c, 'csAttribute', path) ?? '',
    target: text(c, 'ilmAttribute', path) ?? '',
    caseSensitive: cs === undefined ? false : bool(cs, `${path}/caseSensitive`),
  };
}

function lookupConnector(connectors: ConnectorNames, guid: string): string | undefined {
  if (connectors instanceof Map) {
    for (const [k, v] of connectors) if (normalizeGuid(k) === guid) return v;
    return undefined;
  }
  for (const [k, v] of Object.entries(connectors)) if (normalizeGuid(k) === guid) return v;
  return undefined;
}

function parseDocument(xml: string, file: string): { ok: true; doc: Node } | RuleXmlResultError {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    return {
      ok: false,
      error: { file, element: '', message: valid.err.msg, line: valid.err.line },
    };
  }
  const doc: unknown = parser.parse(xml);
  if (!isNode(doc))
    return { ok: false, error: { file, element: '', message: 'not an XML document' } };
  return { ok: true, doc };
}

type RuleXmlResultError = { ok: false; error: RuleXmlError };

/**
 * Reads one `SynchronizationRule_{guid}.xml` file.
 *
 * @example
 * const r = parseRuleXml(text, 'SynchronizationRule_{0b08…}.xml', { '{AE4DB4CC-…}': 'contoso.com' });
 * if (r.ok) console.log(r.rule.name, r.rule.connector); // "In from AD - User Join" "contoso.com"
 */
export function parseRuleXml(xml: string, file: string, connectors: ConnectorNames): RuleXmlResult {
  const parsed = parseDocument(xml, file);
  if (!parsed.ok) return parsed;
  const root = parsed.doc[ROOT];
  if (!isNode(root)) {
    return {
      ok: false,
      error: { file, element: ROOT, message: `the root element must be <${ROOT}>` },
    };
  }
  try {
    const p = ROOT;
    const connectorId = normalizeGuid(text(root, 'connector', p) ?? '');
    const connector = lookupConnector(connectors, connectorId);
    if (connector === undefined) {
      throw new XmlReadError(`${p}/connector`, `unknown connector {${connectorId}}`);
    }
    const precedenceText = (text(root, 'precedence', p) ?? '').trim();
    if (!/^\d+$/.test(precedenceText)) {
      throw new XmlReadError(`${p}/precedence`, `"${precedenceText}" is not a whole number`);
    }
    const tag = text(root, 'immutable-tag', p, false) ?? '';
    const id = normalizeGuid(text(root, 'id', p) ?? '');
    if (!isGuid(id)) {
      throw new XmlReadError(`${p}/id`, `"${id}" is not a GUID`);
    }
    const name = text(root, 'name', p) ?? '';
    if (name.trim() === '') throw new XmlReadError(`${p}/name`, 'the rule has no name');
    const rule: SyncRule = {
      id,
      name,
      description: text(root, 'description', p, false) ?? '',
      direction: oneOf(text(root, 'direction', p) ?? '', DIRECTIONS, `${p}/direction`, true),
      connector,
      sourceObjectType: text(root, 'sourceObjectType', p) ?? '',
      targetObjectType: text(root, 'targetObjectType', p) ?? '',
      linkType: oneOf(text(root, 'linkType', p) ?? '', LINK_TYPES, `${p}/linkType`, true),
      precedence: Number(precedenceText),
      disabled: bool(text(root, 'disabled', p, false) ?? 'False', `${p}/disabled`),
      enablePasswordSync: bool(
        text(root, 'EnablePasswordSync', p, false) ?? 'false',
        `${p}/EnablePasswordSync`,
      ),
      ...(tag.trim() !== '' ? { immutableTag: tag } : {}),
      scopingFilter: children(
        root['synchronizationCriteria'],
        'conditions',
        `${p}/synchronizationCriteria`,
      ).map((g, gi) => {
        const gp = `${p}/synchronizationCriteria/conditions[${gi + 1}]`;
        return children(g, 'scope', gp).map((s, si) => readScope(s, `${gp}/scope[${si + 1}]`));
      }),
      joinRules: children(
        root['relationshipCriteria'],
        'conditions',
        `${p}/relationshipCriteria`,
      ).map((g, gi) => {
        const gp = `${p}/relationshipCriteria/conditions[${gi + 1}]`;
        return children(g, 'condition', gp).map((c, ci) =>
          readJoin(c, `${gp}/condition[${ci + 1}]`),
        );
      }),
      transformations: children(
        root['attribute-mappings'],
        'mapping',
        `${p}/attribute-mappings`,
      ).map((m, mi) => readMapping(m, `${p}/attribute-mappings/mapping[${mi + 1}]`)),
    };
    return { ok: true, rule, connectorId };
  } catch (e) {
    if (e instanceof XmlReadError) {
      return { ok: false, error: { file, element: e.element, message: e.message } };
    }
    throw e;
  }
}

/**
 * Reads the id and name of a `Connector_{guid}.xml` file (`<ma-data><id>…</id><name>…</name>`).
 *
 * @example
 * const c = parseConnectorXml(text, 'Connector_{ae4d…}.xml');
 * if (c.ok) names.set(c.connector.id, c.connector.name); // 'ae4db4cc-…' → 'contoso.com'
 */
export function parseConnectorXml(xml: string, file: string): ConnectorXmlResult {
  // Only the head matters; the schema that follows can be megabytes of DSML.
  const head =
    /<ma-data>\s*(?:<format-version>[^<]*<\/format-version>\s*)?<id>([^<]*)<\/id>\s*<name>([^<]*)<\/name>/.exec(
      xml,
    );
  if (head?.[1] !== undefined && head[2] !== undefined) {
    const name = decodeXmlText(head[2]);
    return { ok: true, connector: { id: normalizeGuid(head[1]), name } };
  }
  const parsed = parseDocument(xml, file);
  if (!parsed.ok) return parsed;
  const ma = parsed.doc['ma-data'];
  if (!isNode(ma)) {
    return {
      ok: false,
      error: { file, element: 'ma-data', message: 'the root element must be <ma-data>' },
    };
  }
  try {
    const id = normalizeGuid(text(ma, 'id', 'ma-data') ?? '');
    const name = text(ma, 'name', 'ma-data') ?? '';
    return { ok: true, connector: { id, name } };
  } catch (e) {
    if (e instanceof XmlReadError) {
      return { ok: false, error: { file, element: e.element, message: e.message } };
    }
    throw e;
  }
}

function decodeXmlText(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-fA-F]+);/g, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

export type RuleSetXmlResult =
  | { ok: true; rules: SyncRule[]; connectors: Map<string, string> }
  | { ok: false; errors: RuleXmlError[] };

/**
 * Reads a whole server-configuration export: every connector file first (for the GUID → name map),
 * then every rule file. Any error rejects the whole set, and every failing file is reported.
 *
 * @example
 * const r = parseServerConfiguration([{ name: 'Connectors/Connector_{…}.xml', text }, …]);
 * if (r.ok) r.rules.length; // 62 for the 2016 reference export
 */
export function parseServerConfiguration(
  files: readonly { name: string; text: string }[],
): RuleSetXmlResult {
  const errors: RuleXmlError[] = [];
  const connectors = new Map<string, string>();
  const isConnector = (n: string) => /(^|[\\/])Connector_[^\\/]*\.xml$/i.test(n);
  const isRule = (n: string) => /(^|[\\/])SynchronizationRule_[^\\/]*\.xml$/i.test(n);
  for (const f of files.filter((f) => isConnector(f.name))) {
    const c = parseConnectorXml(f.text, f.name);
    if (c.ok) connectors.set(c.connector.id, c.connector.name);
    else errors.push(c.error);
  }
  const rules: SyncRule[] = [];
  for (const f of files.filter((f) => isRule(f.name))) {
    const r = parseRuleXml(f.text, f.name, connectors);
    if (r.ok) rules.push(r.rule);
    else errors.push(r.error);
  }
  if (errors.length > 0) return { ok: false, errors };
  rules.sort((a, b) => a.precedence - b.precedence);
  return { ok: true, rules, connectors };
}

function esc(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#xD;')
    .replace(/\n/g, '&#xA;');
}

function leaf(indent: string, name: string, value: string): string {
  return value === '' ? `${indent}<${name} />` : `${indent}<${name}>${esc(value)}</${name}>`;
}

function container(indent: string, name: string, body: string[]): string[] {
  return body.length === 0
    ? [`${indent}<${name} />`]
    : [`${indent}<${name}>`, ...body, `${indent}</${name}>`];
}

function mappingXml(t: Transformation): string[] {
  const out = [t.applyOnce ? '    <mapping execute-once="true">' : '    <mapping>'];
  out.push(leaf('      ', 'dest', t.target));
  if (t.flowType === 'Constant') {
    out.push(leaf('      ', 'src', t.value ?? ''));
  } else {
    const attrs = t.source === undefined ? [] : Array.isArray(t.source) ? t.source : [t.source];
    if (attrs.length > 0) {
      out.push('      <src>', ...attrs.map((a) => leaf('        ', 'attr', a)), '      </src>');
    }
    if (t.flowType === 'Expression') out.push(leaf('      ', 'expression', t.expression ?? ''));
  }
  out.push(leaf('      ', 'valueMergeType', t.mergeType), '    </mapping>');
  return out;
}

/**
 * Writes a rule in the server-configuration XML format. `connectorIds` maps connector names
 * (case-insensitive) to GUIDs; an unknown name is an error, since the format only holds GUIDs.
 *
 * @example
 * const x = writeRuleXml(rule, new Map([['contoso.com', 'ae4db4cc-b16b-4eb2-acf5-837ca84e4d7d']]));
 * if (x.ok) save(`SynchronizationRule_{${rule.id}}.xml`, x.xml);
 */
export function writeRuleXml(
  rule: SyncRule,
  connectorIds: ReadonlyMap<string, string>,
): { ok: true; xml: string } | { ok: false; message: string } {
  let guid: string | undefined;
  for (const [name, id] of connectorIds) {
    if (name.toLowerCase() === rule.connector.toLowerCase()) guid = normalizeGuid(id);
  }
  if (guid === undefined) {
    return { ok: false, message: `no connector GUID is known for "${rule.connector}"` };
  }
  const i2 = '  ';
  const lines = [
    `<${ROOT}>`,
    leaf(i2, 'id', `{${rule.id}}`),
    leaf(i2, 'internal-id', `{${rule.id}}`),
    leaf(i2, 'version', '1'),
    leaf(i2, 'name', rule.name),
    leaf(i2, 'description', rule.description),
    leaf(i2, 'immutable-tag', rule.immutableTag ?? ''),
    leaf(i2, 'direction', rule.direction),
    leaf(i2, 'disabled', rule.disabled ? 'True' : 'False'),
    leaf(i2, 'connector', `{${guid}}`),
    leaf(i2, 'sourceObjectType', rule.sourceObjectType),
    leaf(i2, 'targetObjectType', rule.targetObjectType),
    leaf(i2, 'linkType', rule.linkType),
    leaf(i2, 'precedence', String(rule.precedence)),
    leaf(i2, 'precedence-after', `{${EMPTY_GUID}}`),
    leaf(i2, 'precedence-before', `{${EMPTY_GUID}}`),
    leaf(i2, 'softDeleteExpiryInterval', '00:00:00'),
    leaf(i2, 'EnablePasswordSync', rule.enablePasswordSync ? 'true' : 'false'),
    ...container(i2, 'attribute-mappings', rule.transformations.flatMap(mappingXml)),
    ...container(
      i2,
      'relationshipCriteria',
      rule.joinRules.flatMap((g) =>
        container(
          '    ',
          'conditions',
          g.flatMap((c) => [
            '      <condition>',
            ...(c.caseSensitive ? ['        <caseSensitive>True</caseSensitive>'] : []),
            leaf('        ', 'csAttribute', c.source),
            leaf('        ', 'ilmAttribute', c.target),
            '      </condition>',
          ]),
        ),
      ),
    ),
    ...container(
      i2,
      'synchronizationCriteria',
      rule.scopingFilter.flatMap((g) =>
        container(
          '    ',
          'conditions',
          g.flatMap((s) => [
            '      <scope>',
            leaf('        ', 'csAttribute', s.attribute),
            leaf('        ', 'csOperator', s.operator),
            leaf('        ', 'csValue', s.value),
            '      </scope>',
          ]),
        ),
      ),
    ),
    `</${ROOT}>`,
  ];
  return { ok: true, xml: lines.join('\n') };
}

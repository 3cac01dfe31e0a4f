/**
 * Scenario files (DESIGN.md §2): one JSON format for the app's workspaces, the `synclab` command
 * and tests. Reading is all or nothing: either a complete {@link Scenario} or every error found,
 * each naming its JSON path and, where the text allows, its line and column.
 */
import { z } from 'zod';
import type { AttributeBag } from '../expr/values.ts';
import type { CloudObjectType, TenantFeatures } from '../entra/types.ts';
import {
  SCOPE_OPERATORS,
  type JoinCondition,
  type ScopeCondition,
  type SyncRule,
  type Transformation,
} from '../rules/model.ts';
import {
  AD_ATTRIBUTES,
  AD_OBJECT_CLASSES,
  TENANT_ATTRIBUTES,
  TENANT_OBJECT_TYPES,
  lookupAttribute,
} from './attribute-syntax.ts';
import {
  connectorConfigurationSchema,
  type ConnectorConfiguration,
} from '../sync/connector-config.ts';
import { dnDomain, dnKey, parseDn } from './dn.ts';
import {
  locateJsonPaths,
  parseJson,
  stringifyJson,
  type JsonData,
  type JsonObject,
  type JsonPath,
} from './json-text.ts';
import { decodeJsonValue, encodeJsonValue, type DecodeOptions } from './json-values.ts';

// ---------------------------------------------------------------------------------------------
// The model the sync engine consumes
// ---------------------------------------------------------------------------------------------

export type SourceAnchorChoice = 'mS-DS-ConsistencyGuid' | 'objectGUID';
export type UserMatching =
  'none' | 'mail' | 'objectSidToMsExchMasterAccountSid' | 'sAMAccountNameAndMailNickname';

/** The installation wizard's choices that shape the out-of-box rules. */
export interface Installation {
  sourceAnchor: SourceAnchorChoice;
  userMatching: UserMatching;
  passwordHashSync: boolean;
}

/** A cloud object present in the tenant before the scenario starts (usually cloud-only). */
export interface TenantObjectSpec {
  id: string;
  objectType: CloudObjectType;
  /** Directory roles, e.g. `Global Administrator`. */
  roles: string[];
  /** Entra ID connector attribute names. */
  attributes: AttributeBag;
}

export interface TenantSpec {
  initialDomain: string;
  verifiedDomains: string[];
  features: TenantFeatures;
  /** Deletes per export to Entra ID that stop the run; `null` when prevention is disabled. */
  deletionThreshold: number | null;
  objects: TenantObjectSpec[];
}

/** An AD object: its DN, structural class and attributes (LDAP display names). */
export interface ForestObject {
  dn: string;
  objectClass: string;
  attributes: AttributeBag;
}

export interface DomainSpec {
  /** DNS name, e.g. `emea.contoso.com`. */
  name: string;
  netbios: string;
}

export interface ForestSpec {
  /** Forest root DNS name; also the AD connector's name. */
  name: string;
  netbios: string;
  /** Further domains in the forest (child domains or other trees); the root is implied. */
  domains?: DomainSpec[];
  objects: ForestObject[];
  /** The AD connector's configuration (OU, group, attribute and object-type filters). */
  connector?: ConnectorConfiguration;
}

export interface RulesSpec {
  /** Generate the out-of-box rules for the installation choices. */
  defaults: boolean;
  /** Names of out-of-box rules to disable. */
  disable: string[];
  custom: SyncRule[];
}

export type RunProfileName =
  'Full Import' | 'Delta Import' | 'Full Synchronization' | 'Delta Synchronization' | 'Export';

export interface TenantObjectChange {
  id: string;
  set: AttributeBag;
  clear: string[];
  /** Replaces the roles when present. */
  roles?: string[];
}

/** Changes made directly in Entra ID (by an administrator, not by sync). */
export interface TenantChange {
  add: TenantObjectSpec[];
  modify: TenantObjectChange[];
  /** Cloud objects to delete (cloud-only users go to the recycle bin). */
  delete: string[];
  /** Objects to delete permanently, synced ones included (`Remove-MsolUser -RemoveFromRecycleBin`). */
  hardDelete?: string[];
  /** Users to restore from the recycle bin. */
  restore?: string[];
  /** Run the service's duplicate-attribute-resiliency sweep now. */
  runBackgroundTasks?: boolean;
  features?: Partial<TenantFeatures>;
  /** `null` disables the threshold; absent leaves it as it is. */
  deletionThreshold?: number | null;
}

export type ScenarioStep =
  | { cycle: 'initial' | 'delta' }
  | { run: RunProfileName; connector: string }
  | { add: { forest: string; object: ForestObject } }
  | { modify: { forest: string; dn: string; set: AttributeBag; clear: string[] } }
  | { delete: { forest: string; dn: string } }
  | { tenant: TenantChange }
  /** Changes an AD connector's configuration (marks "Full Import required"). */
  | { configure: ConnectorConfigurationChange }
  /** Turns staging mode on or off (off does not export: the next cycle does). */
  | { stagingMode: boolean };

/** The fields given replace the connector's; `null` resets one to "everything". */
export interface ConnectorConfigurationChange {
  connector: string;
  containers?: ConnectorConfiguration['containers'] | null;
  groupFilter?: string | null;
  attributes?: Record<string, string[]> | null;
  objectTypes?: string[] | null;
}

export interface Scenario {
  synclab: 1;
  name: string;
  description: string;
  /** What a built-in scenario teaches, shown in the scenario library. */
  teaches?: string;
  installation: Installation;
  tenant: TenantSpec;
  forests: ForestSpec[];
  /** Staging mode (spec §1.8): imports and synchronizations run, scheduled exports do not. */
  stagingMode?: boolean;
  rules: RulesSpec;
  /** Never empty after parsing: an absent list means one initial cycle. */
  steps: ScenarioStep[];
}

export interface ScenarioError {
  /** JSON path, e.g. `forests[0].objects[3].attributes.objectGUID`; `''` for the whole file. */
  path: string;
  message: string;
  /** 1-based, when the position in the text is known. */
  line?: number;
  column?: number;
}

export type ScenarioParseResult =
  { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] };

/** The Entra ID connector's name, as the wizard names it. */
export function aadConnectorName(initialDomain: string): string {
  return `${initialDomain} - AAD`;
}

/** Defaults of a tenant created today (DOCS/how-to-connect-syncservice-features). */
export const DEFAULT_TENANT_FEATURES: TenantFeatures = {
  blockSoftMatchEnabled: false,
  softMatchOnUpnEnabled: true,
  synchronizeUpnForManagedUsersEnabled: true,
  blockCloudObjectTakeoverThroughHardMatchEnabled: false,
};

/** The wizard's express settings. */
export const DEFAULT_INSTALLATION: Installation = {
  sourceAnchor: 'mS-DS-ConsistencyGuid',
  userMatching: 'none',
  passwordHashSync: true,
};

/** The real product's default export deletion threshold. */
export const DEFAULT_DELETION_THRESHOLD = 500;

const MAX_TEXT_LENGTH = 200_000_000;
const MAX_ERRORS = 100;

// ---------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------

type Ctx = z.core.$RefinementCtx;

const AD_NAME_RE = /^[A-Za-z][A-Za-z0-9-]*$/;
const TENANT_NAME_RE = /^[A-Za-z][A-Za-z0-9_-]*$/;

const anyJson = z.custom<JsonData>(() => true);
const text = z.string().min(1, 'must not be empty');

/** What reading a bag needs to know of an attribute name: worked out once per spelling. */
interface NameInfo {
  /** Why the name is refused before its value is looked at, if it is. */
  invalid: string | null;
  /** The canonical name (the key itself when the attribute is not in the table). */
  name: string;
  lower: string;
  /** A number per lower-case name, to find names that differ only in case without comparing. */
  lowerId: number;
  reserved: string | null;
  options: DecodeOptions;
}

/** Per side. Emptied between bags when it grows large: names come from files. */
const NAME_INFOS = { ad: new Map<string, NameInfo>(), tenant: new Map<string, NameInfo>() };
const LOWER_IDS = new Map<string, number>();
/** Per lower-case name id: the last bag (by serial) that held it, and under which key. */
let seenInBag: number[] = [];
let keyInBag: string[] = [];
let bagSerial = 0;

function nameInfo(key: string, side: 'ad' | 'tenant'): NameInfo {
  const cache = NAME_INFOS[side];
  const hit = cache.get(key);
  if (hit) return hit;
  const known = lookupAttribute(side === 'ad' ? AD_ATTRIBUTES : TENANT_ATTRIBUTES, key);
  const name = known?.name ?? key;
  const lower = name.toLowerCase();
  let lowerId = LOWER_IDS.get(lower);
  if (lowerId === undefined) LOWER_IDS.set(lower, (lowerId = LOWER_IDS.size));
  const info: NameInfo = {
    invalid: (side === 'ad' ? AD_NAME_RE : TENANT_NAME_RE).test(key)
      ? null
      : 'not an attribute name',
    name,
    lower,
    lowerId,
    reserved:
      side === 'ad' && (lower === 'objectclass' || lower === 'distinguishedname' || lower === 'dn')
        ? `given by the object's ${lower === 'objectclass' ? 'objectClass' : 'dn'} field, not an attribute`
        : null,
    options: known ? { syntax: known.syntax } : {},
  };
  cache.set(key, info);
  return info;
}

/** Receives a problem of a bag: the path below the bag and the message. */
type BagIssue = (path: (string | number)[], message: string) => void;

/**
 * Decodes an attribute bag. Files hold up to hundreds of thousands of bags, so this is the hot path
 * of reading a scenario: names are looked up once per spelling, and duplicates (names differ only
 * in case) are found among the few keys of the bag.
 */
function decodeBag(
  raw: Record<string, JsonData>,
  side: 'ad' | 'tenant',
  onIssue: BagIssue,
  options: { nullMeansClear?: string[] } = {},
): AttributeBag {
  const out: AttributeBag = {};
  if (LOWER_IDS.size > 50_000) {
    for (const m of [NAME_INFOS.ad, NAME_INFOS.tenant, LOWER_IDS]) m.clear();
    seenInBag = [];
    keyInBag = [];
  }
  const serial = ++bagSerial;
  for (const key of Object.keys(raw)) {
    const info = nameInfo(key, side);
    if (info.invalid !== null) {
      onIssue([key], info.invalid);
      continue;
    }
    if (seenInBag[info.lowerId] === serial) {
      const earlier = keyInBag[info.lowerId] as string;
      onIssue([key], `the same attribute as "${earlier}" (names are case-insensitive)`);
      continue;
    }
    seenInBag[info.lowerId] = serial;
    keyInBag[info.lowerId] = key;
    if (info.reserved !== null) {
      onIssue([key], info.reserved);
      continue;
    }
    const r = decodeJsonValue(raw[key] as JsonData, info.options);
    if (!r.ok) {
      onIssue([key, ...r.path], r.message);
      continue;
    }
    const v = r.value;
    if (v === null) {
      options.nullMeansClear?.push(info.name);
      continue;
    }
    // An attribute with no values is absent in AD and in Entra ID.
    if (Array.isArray(v) && v.length === 0) continue;
    if (typeof v === 'symbol') continue; // decodeJsonValue only yields symbols with allowSpecial
    out[info.name] = v;
  }
  return out;
}

/** Reports a bag's problems as issues of the schema being checked. */
function issuesTo(ctx: Ctx): BagIssue {
  return (path, message) => ctx.addIssue({ code: 'custom', message, path });
}

const bag = (side: 'ad' | 'tenant') =>
  z.record(z.string(), anyJson).transform((raw, ctx) => decodeBag(raw, side, issuesTo(ctx)));

const forestObject = z.strictObject({
  dn: text,
  objectClass: z.string().refine((c) => AD_OBJECT_CLASSES.includes(c), {
    error: (iss) =>
      `unknown object class ${JSON.stringify(iss.input)}; expected one of ${AD_OBJECT_CLASSES.join(', ')}`,
  }),
  attributes: bag('ad').default({}),
});

const FOREST_OBJECT_FIELDS = new Set(['dn', 'objectClass', 'attributes']);
const AD_CLASSES = new Set(AD_OBJECT_CLASSES);

function isJsonObject(data: JsonData | undefined): data is JsonObject {
  return data !== null && typeof data === 'object' && !Array.isArray(data);
}

/**
 * A forest object read without zod, when it has no problem at all; `null` sends it through the
 * schema, which words every problem. A forest holds up to hundreds of thousands of objects.
 */
function quickForestObject(data: JsonData | undefined): ForestObject | null {
  if (!isJsonObject(data)) return null;
  for (const k of Object.keys(data)) if (!FOREST_OBJECT_FIELDS.has(k)) return null;
  const { dn, objectClass, attributes } = data;
  if (typeof dn !== 'string' || dn.length === 0) return null;
  if (typeof objectClass !== 'string' || !AD_CLASSES.has(objectClass)) return null;
  if (attributes === undefined) return { dn, objectClass, attributes: {} };
  if (!isJsonObject(attributes)) return null;
  let clean = true;
  const bag = decodeBag(attributes, 'ad', () => (clean = false));
  return clean ? { dn, objectClass, attributes: bag } : null;
}

/** `z.array(forestObject).default([])`, with {@link quickForestObject} first for each object. */
const forestObjects = anyJson.optional().transform((data, ctx): ForestObject[] => {
  if (data === undefined) return [];
  if (!Array.isArray(data)) {
    ctx.addIssue({ code: 'invalid_type', expected: 'array', input: data });
    return z.NEVER;
  }
  const out: ForestObject[] = [];
  for (let i = 0; i < data.length; i++) {
    const quick = quickForestObject(data[i]);
    if (quick) {
      out.push(quick);
      continue;
    }
    const r = forestObject.safeParse(data[i]);
    if (r.success) out.push(r.data);
    else for (const issue of r.error.issues) ctx.addIssue({ ...issue, path: [i, ...issue.path] });
  }
  return out;
});

const cloudObjectType = z.enum(TENANT_OBJECT_TYPES);

const tenantObject = z.strictObject({
  id: text,
  objectType: cloudObjectType,
  roles: z.array(z.string()).default([]),
  attributes: bag('tenant').default({}),
});

const features = z.strictObject({
  blockSoftMatchEnabled: z.boolean().default(DEFAULT_TENANT_FEATURES.blockSoftMatchEnabled),
  softMatchOnUpnEnabled: z.boolean().default(DEFAULT_TENANT_FEATURES.softMatchOnUpnEnabled),
  synchronizeUpnForManagedUsersEnabled: z
    .boolean()
    .default(DEFAULT_TENANT_FEATURES.synchronizeUpnForManagedUsersEnabled),
  blockCloudObjectTakeoverThroughHardMatchEnabled: z
    .boolean()
    .default(DEFAULT_TENANT_FEATURES.blockCloudObjectTakeoverThroughHardMatchEnabled),
});

/** A number, or `null` / `false` for "disabled". */
const threshold = z
  .union([z.number().int().min(0), z.null(), z.literal(false)], {
    error: 'must be a whole number of deletes, or null / false to disable',
  })
  .transform((v) => (v === false ? null : v));

const domainName = z
  .string()
  .regex(/^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/, {
    error: 'not a DNS domain name',
  });
const netbios = z.string().regex(/^[^\\/:*?"<>|. ][^\\/:*?"<>|]{0,14}$/, {
  error: 'not a NetBIOS name (1 to 15 characters, none of \\/:*?"<>|)',
});

const tenant = z.strictObject({
  initialDomain: domainName,
  verifiedDomains: z.array(domainName).default([]),
  features: features.default({ ...DEFAULT_TENANT_FEATURES }),
  deletionThreshold: threshold.default(DEFAULT_DELETION_THRESHOLD),
  objects: z.array(tenantObject).default([]),
});

const forest = z.strictObject({
  name: domainName,
  netbios,
  domains: z.array(z.strictObject({ name: domainName, netbios })).optional(),
  objects: forestObjects,
  connector: connectorConfigurationSchema.optional(),
});

const scopeValue = z
  .union([z.string(), z.number(), z.boolean()], { error: 'must be a string' })
  .transform(String);

const scopeCondition: z.ZodType<ScopeCondition, unknown> = z.strictObject({
  attribute: text,
  operator: z.enum(SCOPE_OPERATORS),
  value: scopeValue.default(''),
});

const joinCondition: z.ZodType<JoinCondition, unknown> = z.strictObject({
  source: text,
  target: text,
  caseSensitive: z.boolean().default(false),
});

const transformation = z
  .strictObject({
    target: text,
    flowType: z.enum(['Direct', 'Constant', 'Expression']).optional(),
    source: z.union([z.string(), z.array(z.string())]).optional(),
    value: z.string().optional(),
    expression: z.string().optional(),
    applyOnce: z.boolean().default(false),
    mergeType: z.enum(['Update', 'Merge', 'MergeCaseInsensitive', 'Replace']).default('Update'),
  })
  .transform((t, ctx): Transformation => {
    // The flow type follows from what is given when it is not written.
    const flowType =
      t.flowType ??
      (t.expression !== undefined ? 'Expression' : t.value !== undefined ? 'Constant' : 'Direct');
    const needs = { Direct: 'source', Constant: 'value', Expression: 'expression' } as const;
    const field = needs[flowType];
    if (t[field] === undefined) {
      ctx.addIssue({ code: 'custom', message: `a ${flowType} flow needs "${field}"`, path: [] });
    }
    if (flowType !== 'Constant' && t.value !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `only a Constant flow has "value"`,
        path: ['value'],
      });
    }
    if (flowType !== 'Expression' && t.expression !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `only an Expression flow has "expression"`,
        path: ['expression'],
      });
    }
    const out: Transformation = {
      target: t.target,
      flowType,
      applyOnce: t.applyOnce,
      mergeType: t.mergeType,
    };
    if (t.source !== undefined) out.source = t.source;
    if (t.value !== undefined) out.value = t.value;
    if (t.expression !== undefined) out.expression = t.expression;
    return out;
  });

const syncRule = z
  .strictObject({
    id: z.string().optional(),
    name: text,
    description: z.string().default(''),
    direction: z.enum(['Inbound', 'Outbound']),
    connector: text,
    sourceObjectType: text,
    targetObjectType: text,
    linkType: z.enum(['Join', 'StickyJoin', 'Provision']).default('Join'),
    precedence: z.number().int().min(0),
    disabled: z.boolean().default(false),
    enablePasswordSync: z.boolean().default(false),
    immutableTag: z.string().optional(),
    scopingFilter: z.array(z.array(scopeCondition)).default([]),
    joinRules: z.array(z.array(joinCondition)).default([]),
    transformations: z.array(transformation).default([]),
  })
  .transform((r): SyncRule => {
    const { id, immutableTag, ...rest } = r;
    const rule: SyncRule = { id: id ?? stableRuleId(r.name), ...rest };
    if (immutableTag !== undefined) rule.immutableTag = immutableTag;
    return rule;
  });

const rules = z.strictObject({
  defaults: z.boolean().default(true),
  disable: z.array(z.string()).default([]),
  custom: z.array(syncRule).default([]),
});

const modifyBody = (side: 'ad' | 'tenant') =>
  z.record(z.string(), anyJson).transform((raw, ctx) => {
    const clear: string[] = [];
    const set = decodeBag(raw, side, issuesTo(ctx), { nullMeansClear: clear });
    return { set, clear };
  });

const clearList = (side: 'ad' | 'tenant') =>
  z
    .array(z.string())
    .transform((names) =>
      names.map(
        (n) => lookupAttribute(side === 'ad' ? AD_ATTRIBUTES : TENANT_ATTRIBUTES, n)?.name ?? n,
      ),
    );

const tenantModify = z
  .strictObject({
    id: text,
    set: modifyBody('tenant').default({ set: {}, clear: [] }),
    clear: clearList('tenant').default([]),
    roles: z.array(z.string()).optional(),
  })
  .transform((m): TenantObjectChange => {
    const out: TenantObjectChange = {
      id: m.id,
      set: m.set.set,
      clear: unique([...m.clear, ...m.set.clear]),
    };
    if (m.roles !== undefined) out.roles = m.roles;
    return out;
  });

const STEP_SCHEMAS = {
  cycle: z.strictObject({ cycle: z.enum(['initial', 'delta']) }),
  run: z.strictObject({
    run: z.enum([
      'Full Import',
      'Delta Import',
      'Full Synchronization',
      'Delta Synchronization',
      'Export',
    ]),
    connector: text,
  }),
  add: z.strictObject({ add: z.strictObject({ forest: text, object: forestObject }) }),
  modify: z.strictObject({
    modify: z
      .strictObject({
        forest: text,
        dn: text,
        set: modifyBody('ad').default({ set: {}, clear: [] }),
        clear: clearList('ad').default([]),
      })
      .transform((m) => ({
        forest: m.forest,
        dn: m.dn,
        set: m.set.set,
        clear: unique([...m.clear, ...m.set.clear]),
      })),
  }),
  delete: z.strictObject({ delete: z.strictObject({ forest: text, dn: text }) }),
  configure: z.strictObject({
    configure: z.strictObject({
      connector: text,
      containers: connectorConfigurationSchema.shape.containers.nullable(),
      groupFilter: z.string().nullable().optional(),
      attributes: z.record(z.string(), z.array(z.string())).nullable().optional(),
      objectTypes: z.array(z.string()).nullable().optional(),
    }),
  }),
  stagingMode: z.strictObject({ stagingMode: z.boolean() }),
  tenant: z.strictObject({
    tenant: z
      .strictObject({
        add: z.array(tenantObject).default([]),
        modify: z.array(tenantModify).default([]),
        delete: z.array(text).default([]),
        hardDelete: z.array(text).optional(),
        restore: z.array(text).optional(),
        runBackgroundTasks: z.boolean().optional(),
        features: z
          .strictObject({
            blockSoftMatchEnabled: z.boolean().optional(),
            softMatchOnUpnEnabled: z.boolean().optional(),
            synchronizeUpnForManagedUsersEnabled: z.boolean().optional(),
            blockCloudObjectTakeoverThroughHardMatchEnabled: z.boolean().optional(),
          })
          .optional(),
        deletionThreshold: threshold.optional(),
      })
      .transform((t): TenantChange => {
        const out: TenantChange = { add: t.add, modify: t.modify, delete: t.delete };
        if (t.hardDelete !== undefined) out.hardDelete = t.hardDelete;
        if (t.restore !== undefined) out.restore = t.restore;
        if (t.runBackgroundTasks !== undefined) out.runBackgroundTasks = t.runBackgroundTasks;
        if (t.features !== undefined) out.features = stripUndefined(t.features);
        if (t.deletionThreshold !== undefined) out.deletionThreshold = t.deletionThreshold;
        return out;
      }),
  }),
} as const;

type StepKind = keyof typeof STEP_SCHEMAS;
const STEP_KINDS = Object.keys(STEP_SCHEMAS) as StepKind[];

const step = z.record(z.string(), anyJson).transform((raw, ctx): ScenarioStep => {
  const kinds = STEP_KINDS.filter((k) => k in raw);
  const kind = kinds[0];
  if (kinds.length !== 1 || kind === undefined) {
    ctx.addIssue({
      code: 'custom',
      message:
        kinds.length === 0
          ? `a step is one of ${STEP_KINDS.map((k) => `{"${k}": …}`).join(', ')}`
          : `a step has exactly one of ${kinds.map((k) => `"${k}"`).join(', ')}`,
      path: [],
    });
    return z.NEVER;
  }
  const r = STEP_SCHEMAS[kind].safeParse(raw);
  if (!r.success) {
    for (const issue of r.error.issues) ctx.addIssue({ ...issue, path: issue.path } as never);
    return z.NEVER;
  }
  return r.data as ScenarioStep;
});

const scenarioSchema = z.strictObject({
  synclab: z.literal(1, { error: 'must be 1 (the scenario format version)' }),
  name: text,
  description: z.string().default(''),
  teaches: z.string().optional(),
  installation: z
    .strictObject({
      sourceAnchor: z
        .enum(['mS-DS-ConsistencyGuid', 'objectGUID'])
        .default(DEFAULT_INSTALLATION.sourceAnchor),
      userMatching: z
        .enum([
          'none',
          'mail',
          'objectSidToMsExchMasterAccountSid',
          'sAMAccountNameAndMailNickname',
        ])
        .default(DEFAULT_INSTALLATION.userMatching),
      passwordHashSync: z.boolean().default(DEFAULT_INSTALLATION.passwordHashSync),
    })
    .default({ ...DEFAULT_INSTALLATION }),
  tenant,
  forests: z.array(forest).default([]),
  stagingMode: z.boolean().optional(),
  rules: rules.default({ defaults: true, disable: [], custom: [] }),
  steps: z
    .array(step)
    .default([])
    .transform((s): ScenarioStep[] => (s.length === 0 ? [{ cycle: 'initial' }] : s)),
});

function unique(names: string[]): string[] {
  return [...new Set(names)];
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** A GUID-shaped id derived from the rule name, so files without ids still load the same way. */
function stableRuleId(name: string): string {
  // Four FNV-1a passes with different seeds give 128 stable bits.
  const words = [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x85ebca6b].map((seed) => {
    let h = seed >>> 0;
    for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
    return h.toString(16).padStart(8, '0');
  });
  const hex = words.join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

// ---------------------------------------------------------------------------------------------
// Checks across the document (after the shape is right)
// ---------------------------------------------------------------------------------------------

interface Issue {
  path: JsonPath;
  message: string;
}

function crossCheck(s: Scenario): Issue[] {
  const issues: Issue[] = [];
  const aad = aadConnectorName(s.tenant.initialDomain);
  const forestsByName = new Map<string, ForestSpec>();
  const netbiosSeen = new Map<string, string>();
  /** Per forest: normalized DN key → present. Steps update it as they add and delete. */
  const dns = new Map<string, Set<string>>();

  s.forests.forEach((f, fi) => {
    const key = f.name.toLowerCase();
    if (forestsByName.has(key))
      issues.push({ path: ['forests', fi, 'name'], message: `a second forest named "${f.name}"` });
    forestsByName.set(key, f);
    const names = [{ netbios: f.netbios, path: ['forests', fi, 'netbios'] as JsonPath }];
    f.domains?.forEach((d, di) =>
      names.push({ netbios: d.netbios, path: ['forests', fi, 'domains', di, 'netbios'] }),
    );
    for (const n of names) {
      const other = netbiosSeen.get(n.netbios.toUpperCase());
      if (other !== undefined)
        issues.push({
          path: n.path,
          message: `NetBIOS name "${n.netbios}" is already used by ${other}`,
        });
      netbiosSeen.set(n.netbios.toUpperCase(), f.name);
    }
    const present = new Set<string>();
    dns.set(key, present);
    const domains = forestDomains(f);
    f.objects.forEach((o, oi) => {
      // One parse per DN at most: the key, and the domain read off the key when it is plain.
      const k = quickDnKey(o.dn);
      const domain = k === null ? undefined : plainKeyDomain(k);
      const problem =
        domain !== undefined && domains.includes(domain) ? null : checkDn(o.dn, domains, f.name);
      if (problem !== null || k === null) {
        issues.push({ path: ['forests', fi, 'objects', oi, 'dn'], message: problem ?? '' });
        return;
      }
      if (present.has(k)) {
        issues.push({
          path: ['forests', fi, 'objects', oi, 'dn'],
          message: `duplicate DN "${o.dn}" in forest ${f.name}`,
        });
      }
      present.add(k);
    });
  });

  const tenantIds = new Set<string>();
  s.tenant.objects.forEach((o, oi) => {
    if (tenantIds.has(o.id))
      issues.push({
        path: ['tenant', 'objects', oi, 'id'],
        message: `duplicate tenant object id "${o.id}"`,
      });
    tenantIds.add(o.id);
  });

  const connectors = new Set([...forestsByName.values()].map((f) => f.name.toLowerCase()));
  const connectorList = () =>
    [...s.forests.map((f) => f.name), aad].map((c) => `"${c}"`).join(', ');
  const knownConnector = (c: string) =>
    connectors.has(c.toLowerCase()) || c.toLowerCase() === aad.toLowerCase();
  if (connectors.has(aad.toLowerCase()))
    issues.push({ path: ['forests'], message: `a forest may not be named "${aad}"` });

  const ruleIds = new Set<string>();
  const precedences = new Map<number, string>();
  s.rules.custom.forEach((r, ri) => {
    const at = (field: string): JsonPath => ['rules', 'custom', ri, field];
    if (!knownConnector(r.connector)) {
      issues.push({
        path: at('connector'),
        message: `no connector "${r.connector}"; connectors are ${connectorList()}`,
      });
    }
    if (ruleIds.has(r.id.toLowerCase()))
      issues.push({ path: at('id'), message: `duplicate rule id "${r.id}"` });
    ruleIds.add(r.id.toLowerCase());
    const other = precedences.get(r.precedence);
    if (other !== undefined) {
      issues.push({
        path: at('precedence'),
        message: `precedence ${r.precedence} is already used by rule "${other}"`,
      });
    }
    precedences.set(r.precedence, r.name);
  });

  s.steps.forEach((st, si) => {
    const at = (...rest: (string | number)[]): JsonPath => ['steps', si, ...rest];
    const forestOf = (name: string, path: JsonPath): Set<string> | undefined => {
      const present = dns.get(name.toLowerCase());
      if (present === undefined) {
        issues.push({
          path,
          message: `no forest "${name}"; forests are ${s.forests.map((f) => `"${f.name}"`).join(', ') || 'none'}`,
        });
      }
      return present;
    };
    if ('run' in st && !knownConnector(st.connector)) {
      issues.push({
        path: at('connector'),
        message: `no connector "${st.connector}"; connectors are ${connectorList()}`,
      });
    } else if ('add' in st) {
      const present = forestOf(st.add.forest, at('add', 'forest'));
      const f = forestsByName.get(st.add.forest.toLowerCase());
      if (present === undefined || f === undefined) return;
      const problem = checkDn(st.add.object.dn, forestDomains(f), f.name);
      if (problem !== null) {
        issues.push({ path: at('add', 'object', 'dn'), message: problem });
        return;
      }
      const k = dnKey(st.add.object.dn) ?? '';
      if (present.has(k))
        issues.push({
          path: at('add', 'object', 'dn'),
          message: `"${st.add.object.dn}" already exists in ${f.name}`,
        });
      present.add(k);
    } else if ('modify' in st || 'delete' in st) {
      const body = 'modify' in st ? st.modify : st.delete;
      const verb = 'modify' in st ? 'modify' : 'delete';
      const present = forestOf(body.forest, at(verb, 'forest'));
      if (present === undefined) return;
      const k = dnKey(body.dn);
      if (k === null || !present.has(k)) {
        issues.push({
          path: at(verb, 'dn'),
          message: `no object "${body.dn}" in ${body.forest} at this step`,
        });
      } else if (verb === 'delete') present.delete(k);
    } else if ('tenant' in st) {
      st.tenant.add.forEach((o, i) => {
        if (tenantIds.has(o.id))
          issues.push({
            path: at('tenant', 'add', i, 'id'),
            message: `tenant object id "${o.id}" already exists`,
          });
        tenantIds.add(o.id);
      });
      // Objects that sync created have generated ids: steps name them by userPrincipalName or
      // address (the tenant resolves those when the step runs), so only plain ids are checked here.
      const known = (id: string) => tenantIds.has(id) || id.includes('@');
      st.tenant.modify.forEach((m, i) => {
        if (!known(m.id))
          issues.push({
            path: at('tenant', 'modify', i, 'id'),
            message: `no tenant object "${m.id}"`,
          });
      });
      for (const verb of ['delete', 'hardDelete'] as const) {
        (st.tenant[verb] ?? []).forEach((id, i) => {
          if (!tenantIds.delete(id) && !id.includes('@'))
            issues.push({ path: at('tenant', verb, i), message: `no tenant object "${id}"` });
        });
      }
      (st.tenant.restore ?? []).forEach((id, i) => {
        if (!known(id))
          issues.push({ path: at('tenant', 'restore', i), message: `no tenant object "${id}"` });
        tenantIds.add(id);
      });
    }
  });
  return issues;
}

function forestDomains(f: ForestSpec): string[] {
  return [f.name, ...(f.domains ?? []).map((d) => d.name)].map((d) => d.toLowerCase());
}

/**
 * A DN whose {@link dnKey} is its lower-case text: plain `type=value` RDNs, no spaces around
 * separators, no multi-valued RDN and nothing that is escaped (what generated and exported forests
 * write). Others go through the DN parser.
 */
const SIMPLE_DN =
  /^[A-Za-z][A-Za-z0-9-]*=[^ ,=+\\"<>;#](?:[^,=+\\"<>;#]*[^ ,=+\\"<>;#])?(?:,[A-Za-z][A-Za-z0-9-]*=[^ ,=+\\"<>;#](?:[^,=+\\"<>;#]*[^ ,=+\\"<>;#])?)*$/;

/**
 * {@link dnKey} without parsing the DNs that need none (see SIMPLE_DN).
 *
 * @example
 * quickDnKey('CN=Ann,OU=Users,DC=contoso,DC=com') // 'cn=ann,ou=users,dc=contoso,dc=com'
 */
export function quickDnKey(dn: string): string | null {
  return SIMPLE_DN.test(dn) ? dn.toLowerCase() : dnKey(dn);
}

/**
 * The domain of a DN from its {@link dnKey}, when the key has no escapes and no multi-valued RDN
 * (then its commas separate RDNs and its `dc=` values are the labels); otherwise `undefined`.
 */
function plainKeyDomain(key: string): string | undefined {
  if (key.includes('\\') || key.includes('+')) return undefined;
  const parts = key.split(',');
  let i = parts.length;
  while (i > 0 && (parts[i - 1] as string).startsWith('dc=')) i--;
  return parts
    .slice(i)
    .map((p) => p.slice(3))
    .join('.');
}

function checkDn(dn: string, domains: string[], forestName: string): string | null {
  const parsed = parseDn(dn);
  if (!parsed.ok) return `not a DN: ${parsed.message}`;
  const domain = dnDomain(parsed.rdns);
  if (!domains.includes(domain)) {
    return `"${dn}" is not in a domain of forest ${forestName} (${domains.join(', ')}); add the domain to "domains"`;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/**
 * Formats a JSON path the way error messages show it.
 *
 * @example
 * formatJsonPath(['forests', 0, 'objects', 3, 'attributes', 'objectGUID'])
 * // 'forests[0].objects[3].attributes.objectGUID'
 */
export function formatJsonPath(path: JsonPath): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(p)) out += out === '' ? p : `.${p}`;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out;
}

/**
 * One line per error, as the command line prints them.
 *
 * @example
 * formatScenarioError({ path: 'tenant.initialDomain', message: 'not a DNS domain name', line: 4, column: 22 }, 'a.json')
 * // 'a.json:4:22: tenant.initialDomain: not a DNS domain name'
 */
export function formatScenarioError(e: ScenarioError, fileName?: string): string {
  const where = [fileName, e.line, e.column].filter((x) => x !== undefined).join(':');
  return [where, e.path, e.message].filter((x) => x !== undefined && x !== '').join(': ');
}

function describeIssue(issue: z.core.$ZodIssue, input: JsonData): Issue[] {
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((k) => ({
        path: [...issue.path, k] as JsonPath,
        message: `unknown field "${k}"`,
      }));
    case 'invalid_type': {
      const actual = valueAt(input, issue.path);
      if (actual === undefined)
        return [{ path: issue.path as JsonPath, message: `required field is missing` }];
      return [
        {
          path: issue.path as JsonPath,
          message: `expected ${article(issue.expected)}, not ${jsonType(actual)}`,
        },
      ];
    }
    case 'invalid_value':
      return [
        {
          path: issue.path as JsonPath,
          message:
            issue.values.length === 1
              ? issue.message
              : `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
        },
      ];
    default:
      return [{ path: issue.path as JsonPath, message: issue.message }];
  }
}

function article(type: string): string {
  if (type === 'int') return 'a whole number';
  // zod's records are JSON objects (attribute bags).
  if (type === 'record') return 'an object';
  if (type === 'array' || type === 'object') return `an ${type}`;
  return `a ${type}`;
}

function jsonType(v: JsonData): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'bigint' || typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'string') return `a string`;
  return `the ${typeof v} ${v}`;
}

function valueAt(data: JsonData, path: readonly PropertyKey[]): JsonData | undefined {
  let cur: JsonData | undefined = data;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Array.isArray(cur)
      ? typeof p === 'number'
        ? cur[p]
        : undefined
      : (cur as JsonObject)[String(p)];
    if (cur === undefined) return undefined;
  }
  return cur;
}

/**
 * Control characters never found in a text file, and U+FFFD, which a decoder puts where bytes were
 * not text: finding one means the file is binary.
 */
// eslint-disable-next-line no-control-regex
const BINARY_RE = /[\u0000-\u0008\u000b\u000e-\u001f\ufffd]/;

function findBinary(textIn: string): number {
  return textIn.search(BINARY_RE);
}

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/**
 * Reads a scenario file. On any error, returns every error found and no scenario.
 *
 * @example
 * const r = parseScenario('{"synclab": 1, "name": "x", "tenant": {"initialDomain": "contoso.onmicrosoft.com"}}');
 * if (r.ok) r.scenario.steps // [{ cycle: 'initial' }]
 * else r.errors.map((e) => formatScenarioError(e)) // e.g. 'forests[0].objects[3].attributes.objectGUID: not a GUID: "x"'
 */
export function parseScenario(textIn: string, fileName?: string): ScenarioParseResult {
  void fileName; // kept for callers' messages; positions here are file-independent
  if (textIn.length > MAX_TEXT_LENGTH) {
    return {
      ok: false,
      errors: [
        {
          path: '',
          message: `the file is too large (${Math.round(textIn.length / 1e6)} million characters; the limit is ${MAX_TEXT_LENGTH / 1e6} million)`,
        },
      ],
    };
  }
  const json = parseJson(textIn);
  // Binary data never makes valid JSON but for U+FFFD, which only a quick search can rule out.
  const bin = json.ok ? textIn.indexOf('\ufffd') : findBinary(textIn);
  if (bin >= 0) {
    const before = textIn.slice(0, bin);
    const line = before.split('\n').length;
    return {
      ok: false,
      errors: [
        {
          path: '',
          message: 'the file is not text (it holds binary data); a scenario is a JSON text file',
          line,
          column: bin - before.lastIndexOf('\n'),
        },
      ],
    };
  }
  if (!json.ok) {
    return {
      ok: false,
      errors: [
        {
          path: formatJsonPath(json.path),
          message: `not valid JSON: ${json.message}`,
          ...json.position,
        },
      ],
    };
  }
  if (json.data === null || typeof json.data !== 'object' || Array.isArray(json.data)) {
    return {
      ok: false,
      errors: [
        {
          path: '',
          message: 'a scenario is a JSON object ({"synclab": 1, …})',
          line: 1,
          column: 1,
        },
      ],
    };
  }
  const parsed = scenarioSchema.safeParse(json.data);
  let issues: Issue[];
  if (parsed.success) {
    const scenario: Scenario = parsed.data;
    issues = crossCheck(scenario);
    if (issues.length === 0) return { ok: true, scenario };
  } else {
    issues = parsed.error.issues.flatMap((i) => describeIssue(i, json.data));
  }
  return { ok: false, errors: withPositions(textIn, issues) };
}

function withPositions(textIn: string, issues: Issue[]): ScenarioError[] {
  const shown = issues.slice(0, MAX_ERRORS);
  // A missing field has no position of its own: fall back to the nearest enclosing value.
  const candidates = shown.flatMap((i) => i.path.map((_, n) => i.path.slice(0, n + 1)));
  candidates.push([]);
  const found = locateJsonPaths(textIn, candidates);
  const byKey = new Map(candidates.map((p, k) => [JSON.stringify(p), found[k] ?? null]));
  const errors: ScenarioError[] = shown.map((i) => {
    let pos = null;
    for (let n = i.path.length; n >= 0 && pos === null; n--) {
      pos = byKey.get(JSON.stringify(i.path.slice(0, n))) ?? null;
    }
    return { path: formatJsonPath(i.path), message: i.message, ...(pos ?? {}) };
  });
  if (issues.length > MAX_ERRORS) {
    errors.push({ path: '', message: `${issues.length - MAX_ERRORS} more errors not shown` });
  }
  return errors;
}

function encodeBag(b: AttributeBag, side: 'ad' | 'tenant'): JsonObject {
  const table = side === 'ad' ? AD_ATTRIBUTES : TENANT_ATTRIBUTES;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(b)) {
    if (Array.isArray(v) && v.length === 0) continue;
    const known = lookupAttribute(table, k);
    out[k] = encodeJsonValue(v, known ? { syntax: known.syntax } : {});
  }
  return out;
}

function encodeForestObject(o: ForestObject): JsonObject {
  return { dn: o.dn, objectClass: o.objectClass, attributes: encodeBag(o.attributes, 'ad') };
}

function encodeTenantObject(o: TenantObjectSpec): JsonObject {
  return {
    id: o.id,
    objectType: o.objectType,
    roles: [...o.roles],
    attributes: encodeBag(o.attributes, 'tenant'),
  };
}

function encodeRule(r: SyncRule): JsonObject {
  const out: JsonObject = {
    id: r.id,
    name: r.name,
    description: r.description,
    direction: r.direction,
    connector: r.connector,
    sourceObjectType: r.sourceObjectType,
    targetObjectType: r.targetObjectType,
    linkType: r.linkType,
    precedence: r.precedence,
    disabled: r.disabled,
    enablePasswordSync: r.enablePasswordSync,
  };
  if (r.immutableTag !== undefined) out.immutableTag = r.immutableTag;
  out.scopingFilter = r.scopingFilter.map((g) => g.map((c) => ({ ...c })));
  out.joinRules = r.joinRules.map((g) => g.map((c) => ({ ...c })));
  out.transformations = r.transformations.map((t) => {
    const o: JsonObject = { target: t.target, flowType: t.flowType };
    if (t.source !== undefined) o.source = Array.isArray(t.source) ? [...t.source] : t.source;
    if (t.value !== undefined) o.value = t.value;
    if (t.expression !== undefined) o.expression = t.expression;
    o.applyOnce = t.applyOnce;
    o.mergeType = t.mergeType;
    return o;
  });
  return out;
}

function encodeStep(st: ScenarioStep): JsonObject {
  if ('cycle' in st) return { cycle: st.cycle };
  if ('run' in st) return { run: st.run, connector: st.connector };
  if ('add' in st)
    return { add: { forest: st.add.forest, object: encodeForestObject(st.add.object) } };
  if ('modify' in st) {
    const m = st.modify;
    return {
      modify: { forest: m.forest, dn: m.dn, set: encodeBag(m.set, 'ad'), clear: [...m.clear] },
    };
  }
  if ('delete' in st) return { delete: { forest: st.delete.forest, dn: st.delete.dn } };
  if ('configure' in st)
    return { configure: structuredClone(st.configure) as unknown as JsonObject };
  if ('stagingMode' in st) return { stagingMode: st.stagingMode };
  const t = st.tenant;
  const out: JsonObject = {
    add: t.add.map(encodeTenantObject),
    modify: t.modify.map((m) => {
      const o: JsonObject = { id: m.id, set: encodeBag(m.set, 'tenant'), clear: [...m.clear] };
      if (m.roles !== undefined) o.roles = [...m.roles];
      return o;
    }),
    delete: [...t.delete],
  };
  if (t.hardDelete !== undefined) out.hardDelete = [...t.hardDelete];
  if (t.restore !== undefined) out.restore = [...t.restore];
  if (t.runBackgroundTasks !== undefined) out.runBackgroundTasks = t.runBackgroundTasks;
  if (t.features !== undefined) out.features = { ...t.features } as JsonObject;
  if (t.deletionThreshold !== undefined) out.deletionThreshold = t.deletionThreshold;
  return { tenant: out };
}

/** Directory objects are written one per line: a 100,000-object file stays readable and small. */
const ONE_LINE_ITEMS = new Set(['objects']);

/**
 * Writes a scenario as JSON text (two-space indent). Binary identifiers are written as GUID and SID
 * strings and references as DN strings where the attribute's syntax is known, so that
 * `parseScenario(serializeScenario(s))` gives `s` back.
 *
 * @example
 * serializeScenario(scenario) // '{\n  "synclab": 1,\n  "name": "GALSync merger", …'
 */
export function serializeScenario(s: Scenario): string {
  const doc: JsonObject = { synclab: s.synclab, name: s.name, description: s.description };
  if (s.teaches !== undefined) doc.teaches = s.teaches;
  doc.installation = { ...s.installation };
  doc.tenant = {
    initialDomain: s.tenant.initialDomain,
    verifiedDomains: [...s.tenant.verifiedDomains],
    features: { ...s.tenant.features },
    deletionThreshold: s.tenant.deletionThreshold,
    objects: s.tenant.objects.map(encodeTenantObject),
  };
  doc.forests = s.forests.map((f) => {
    const o: JsonObject = { name: f.name, netbios: f.netbios };
    if (f.domains !== undefined)
      o.domains = f.domains.map((d) => ({ name: d.name, netbios: d.netbios }));
    o.objects = f.objects.map(encodeForestObject);
    if (f.connector !== undefined)
      o.connector = structuredClone(f.connector) as unknown as JsonObject;
    return o;
  });
  if (s.stagingMode !== undefined) doc.stagingMode = s.stagingMode;
  doc.rules = {
    defaults: s.rules.defaults,
    disable: [...s.rules.disable],
    custom: s.rules.custom.map(encodeRule),
  };
  doc.steps = s.steps.map(encodeStep);
  return stringifyJson(doc, { indent: 2, oneLineItemsOf: ONE_LINE_ITEMS }) + '\n';
}

/**
 * A workspace is the list of what the user did, from opening a scenario on: directory edits,
 * tenant administration, installation choices, rule edits, imports, generated forests and runs.
 * The engine is deterministic, so replaying the list rebuilds exactly the same state; undo and
 * redo move a cursor in it, and the list is what is autosaved and exported.
 *
 * Every action is plain JSON (the user's texts, not decoded values), so that it survives
 * IndexedDB, structured cloning and files unchanged.
 */
import { z } from 'zod';
import type { SyncRule } from '../rules/model.ts';
import type { TenantFeatures } from '../entra/types.ts';
import { parseJson, type JsonData } from './json-text.ts';
import type {
  ConnectorConfigurationChange,
  Installation,
  RunProfileName,
  SourceAnchorChoice,
  UserMatching,
} from './scenario.ts';

/** An attribute's values as the user typed them, one text per value. */
export type TextAttributes = Record<string, string[]>;

export type RunStep = { cycle: 'initial' | 'delta' } | { run: RunProfileName; connector: string };

export type WorkspaceAction =
  /** Replaces everything with a scenario (the first action of every workspace). */
  | { kind: 'open-scenario'; text: string; fileName: string; builtInId?: string }
  | { kind: 'forest-add'; name: string; netbios: string }
  | {
      kind: 'object-add';
      forest: string;
      dn: string;
      objectClass: string;
      attributes: TextAttributes;
    }
  | { kind: 'object-modify'; forest: string; dn: string; set: TextAttributes; clear: string[] }
  | { kind: 'object-move'; forest: string; dn: string; container: string }
  | { kind: 'object-enable'; forest: string; dn: string; enabled: boolean }
  | { kind: 'object-delete'; forest: string; dn: string }
  | {
      kind: 'import';
      format: 'ldif' | 'csv';
      fileName: string;
      text: string;
      forest: string;
      /** Creates the forest (with this NetBIOS name) rather than importing into an existing one. */
      newForestNetbios?: string;
    }
  | {
      kind: 'generate';
      forest: string;
      newForestNetbios?: string;
      seed: number;
      users: number;
      groups: number;
      contacts: number;
      duplicateShare: number;
    }
  | { kind: 'tenant-add'; objectType: string; roles: string[]; attributes: TextAttributes }
  | { kind: 'tenant-modify'; id: string; set: TextAttributes; clear: string[]; roles?: string[] }
  | { kind: 'tenant-delete'; id: string }
  | { kind: 'tenant-features'; features: Partial<TenantFeatures> }
  | { kind: 'tenant-threshold'; threshold: number | null }
  /** Adds (`verified`) or removes a verified custom domain of the tenant. */
  | { kind: 'tenant-domain'; domain: string; verified: boolean }
  | { kind: 'installation'; sourceAnchor: SourceAnchorChoice; userMatching: UserMatching }
  | { kind: 'rule-put'; rule: SyncRule }
  | { kind: 'rule-delete'; id: string; name?: string }
  | { kind: 'run'; step: RunStep }
  /** Changes an AD connector's configuration (the fields given; `null` resets one). */
  | ({ kind: 'connector-configure' } & ConnectorConfigurationChange)
  /** Staging mode on or off; `export` also runs the Export profiles when leaving it. */
  | { kind: 'staging-mode'; enabled: boolean; export?: boolean }
  /** Preview of one connector-space object, committed (a synchronization of that object alone). */
  | { kind: 'preview-commit'; connector: string; csId: string; dn: string; mode: 'full' | 'delta' };

export type WorkspaceActionKind = WorkspaceAction['kind'];

/** What the user did, and how much of it is in effect (the rest can be redone). */
export interface WorkspaceDoc {
  actions: WorkspaceAction[];
  /** Actions `[0, cursor)` are applied. */
  cursor: number;
}

/**
 * A new workspace that opens a scenario.
 *
 * @example
 * newWorkspaceDoc({ kind: 'open-scenario', text, fileName: 'galsync-merger.json' }) // { actions: [open], cursor: 1 }
 */
export function newWorkspaceDoc(open: Extract<WorkspaceAction, { kind: 'open-scenario' }>) {
  return { actions: [open], cursor: 1 } satisfies WorkspaceDoc;
}

/**
 * Appends an action after the cursor; whatever had been undone can no longer be redone.
 *
 * @example
 * recordAction(doc, { kind: 'object-delete', forest: 'contoso.com', dn: 'CN=Ann,DC=contoso,DC=com' }).cursor // doc.cursor + 1
 */
export function recordAction(doc: WorkspaceDoc, action: WorkspaceAction): WorkspaceDoc {
  return { actions: [...doc.actions.slice(0, doc.cursor), action], cursor: doc.cursor + 1 };
}

/** True when there is an action to undo (the first opening of a scenario cannot be undone). */
export function canUndo(doc: WorkspaceDoc): boolean {
  return doc.cursor > 1;
}

export function canRedo(doc: WorkspaceDoc): boolean {
  return doc.cursor < doc.actions.length;
}

/** The document with the last applied action undone. */
export function undoDoc(doc: WorkspaceDoc): WorkspaceDoc {
  return canUndo(doc) ? { ...doc, cursor: doc.cursor - 1 } : doc;
}

/** The document with the next undone action applied again. */
export function redoDoc(doc: WorkspaceDoc): WorkspaceDoc {
  return canRedo(doc) ? { ...doc, cursor: doc.cursor + 1 } : doc;
}

/**
 * Where a replay starts: the last scenario opened before the cursor (everything earlier is
 * replaced by it anyway).
 */
export function replayStart(doc: WorkspaceDoc): number {
  for (let i = Math.min(doc.cursor, doc.actions.length) - 1; i >= 0; i--) {
    if (doc.actions[i]?.kind === 'open-scenario') return i;
  }
  return 0;
}

// ------------------------------------------------------------------------------ change log

function attrList(set: TextAttributes, clear: readonly string[] = []): string {
  const parts = [
    ...Object.entries(set).map(([k, v]) => `${k} = ${v.length === 1 ? v[0] : `[${v.join('; ')}]`}`),
    ...clear.map((k) => `${k} cleared`),
  ];
  const text = parts.join(', ');
  return text.length > 160 ? text.slice(0, 157) + '…' : text;
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * One line of the change log, in the words of the tools an administrator uses.
 *
 * @example
 * describeAction({ kind: 'object-enable', forest: 'contoso.com', dn: 'CN=Ann,DC=contoso,DC=com', enabled: false })
 * // 'Disabled CN=Ann,DC=contoso,DC=com in contoso.com (userAccountControl)'
 */
export function describeAction(a: WorkspaceAction): string {
  switch (a.kind) {
    case 'open-scenario':
      return `Opened scenario ${a.fileName}`;
    case 'forest-add':
      return `Added forest ${a.name} (${a.netbios})`;
    case 'object-add':
      return `Added ${a.objectClass} ${a.dn} in ${a.forest}`;
    case 'object-modify':
      return `Modified ${a.dn} in ${a.forest}: ${attrList(a.set, a.clear)}`;
    case 'object-move':
      return `Moved ${a.dn} to ${a.container} in ${a.forest}`;
    case 'object-enable':
      return `${a.enabled ? 'Enabled' : 'Disabled'} ${a.dn} in ${a.forest} (userAccountControl)`;
    case 'object-delete':
      return `Deleted ${a.dn} from ${a.forest}`;
    case 'import':
      return `Imported ${a.format.toUpperCase()} file ${a.fileName} into ${a.newForestNetbios !== undefined ? 'new forest ' : ''}${a.forest}`;
    case 'generate':
      return `Generated ${plural(a.users, 'user')}, ${plural(a.groups, 'group')} and ${plural(a.contacts, 'contact')} in ${a.newForestNetbios !== undefined ? 'new forest ' : ''}${a.forest} (seed ${a.seed}, ${Math.round(a.duplicateShare * 100)} % cross-forest duplicates)`;
    case 'tenant-add':
      return `Entra ID: created cloud-only ${a.objectType} ${a.attributes.userPrincipalName?.[0] ?? a.attributes.displayName?.[0] ?? ''}${a.roles.length > 0 ? ` with roles ${a.roles.join(', ')}` : ''}`;
    case 'tenant-modify':
      return `Entra ID: edited ${a.id}: ${attrList(a.set, a.clear)}${a.roles ? `${Object.keys(a.set).length + a.clear.length > 0 ? ', ' : ''}roles = [${a.roles.join(', ')}]` : ''}`;
    case 'tenant-delete':
      return `Entra ID: deleted ${a.id}`;
    case 'tenant-features':
      return `Entra ID features: ${Object.entries(a.features)
        .map(([k, v]) => `${k} = ${v ? 'True' : 'False'}`)
        .join(', ')}`;
    case 'tenant-threshold':
      return a.threshold === null
        ? 'Disabled the accidental deletes threshold'
        : `Set the accidental deletes threshold to ${a.threshold}`;
    case 'tenant-domain':
      return a.verified
        ? `Entra ID: added the verified domain ${a.domain}`
        : `Entra ID: removed the domain ${a.domain}`;
    case 'installation':
      return `Installation: sourceAnchor ${a.sourceAnchor}, user matching ${a.userMatching} (default rules regenerated)`;
    case 'rule-put':
      return `Saved rule ${a.rule.name}`;
    case 'rule-delete':
      return `Deleted rule ${a.name ?? a.id}`;
    case 'connector-configure':
      return `Configured connector ${a.connector}: ${Object.keys(a)
        .filter((k) => k !== 'kind' && k !== 'connector')
        .join(', ')} (Full Import required)`;
    case 'staging-mode':
      return a.enabled
        ? 'Enabled staging mode'
        : `Disabled staging mode${a.export ? ' and exported the pending exports' : ''}`;
    case 'preview-commit':
      return `Committed a ${a.mode === 'full' ? 'Full' : 'Delta'} Synchronization preview of ${a.dn} in ${a.connector}`;
    case 'run':
      return 'cycle' in a.step
        ? `Ran ${a.step.cycle === 'initial' ? 'an initial' : 'a delta'} sync cycle`
        : `Ran ${a.step.run} on ${a.step.connector}`;
  }
}

export interface ChangeLogEntry {
  index: number;
  text: string;
  /** False for undone actions (they can be redone). */
  applied: boolean;
}

/** The change log: every action, oldest first, undone ones marked. */
export function changeLog(doc: WorkspaceDoc): ChangeLogEntry[] {
  return doc.actions.map((a, index) => ({
    index,
    text: describeAction(a),
    applied: index < doc.cursor,
  }));
}

// ------------------------------------------------------------------------------ files

/** The format of an exported workspace file. */
export interface WorkspaceFile {
  synclabWorkspace: 1;
  name: string;
  doc: WorkspaceDoc;
}

const text = z.string();
const textAttributes = z.record(z.string(), z.array(z.string()));
const forestName = z.string().min(1);
const netbios = z.string().min(1).max(15);
const count = z.number().int().min(0).max(1_000_000);
const features = z
  .object({
    blockSoftMatchEnabled: z.boolean(),
    softMatchOnUpnEnabled: z.boolean(),
    synchronizeUpnForManagedUsersEnabled: z.boolean(),
    blockCloudObjectTakeoverThroughHardMatchEnabled: z.boolean(),
  })
  .partial()
  .strict();
const profile = z.enum([
  'Full Import',
  'Delta Import',
  'Full Synchronization',
  'Delta Synchronization',
  'Export',
]);

const actionSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('open-scenario'),
      text,
      fileName: text,
      builtInId: text.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('forest-add'), name: forestName, netbios }).strict(),
  z
    .object({
      kind: z.literal('object-add'),
      forest: forestName,
      dn: text,
      objectClass: text,
      attributes: textAttributes,
    })
    .strict(),
  z
    .object({
      kind: z.literal('object-modify'),
      forest: forestName,
      dn: text,
      set: textAttributes,
      clear: z.array(z.string()),
    })
    .strict(),
  z
    .object({ kind: z.literal('object-move'), forest: forestName, dn: text, container: text })
    .strict(),
  z
    .object({
      kind: z.literal('object-enable'),
      forest: forestName,
      dn: text,
      enabled: z.boolean(),
    })
    .strict(),
  z.object({ kind: z.literal('object-delete'), forest: forestName, dn: text }).strict(),
  z
    .object({
      kind: z.literal('connector-configure'),
      connector: text,
      containers: z
        .object({ include: z.array(text), exclude: z.array(text) })
        .strict()
        .nullable()
        .optional(),
      groupFilter: text.nullable().optional(),
      attributes: z.record(z.string(), z.array(text)).nullable().optional(),
      objectTypes: z.array(text).nullable().optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('staging-mode'),
      enabled: z.boolean(),
      export: z.boolean().optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('import'),
      format: z.enum(['ldif', 'csv']),
      fileName: text,
      text,
      forest: forestName,
      newForestNetbios: netbios.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('generate'),
      forest: forestName,
      newForestNetbios: netbios.optional(),
      seed: z.number().int(),
      users: count,
      groups: count,
      contacts: count,
      duplicateShare: z.number().min(0).max(1),
    })
    .strict(),
  z
    .object({
      kind: z.literal('tenant-add'),
      objectType: text,
      roles: z.array(z.string()),
      attributes: textAttributes,
    })
    .strict(),
  z
    .object({
      kind: z.literal('tenant-modify'),
      id: text,
      set: textAttributes,
      clear: z.array(z.string()),
      roles: z.array(z.string()).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('tenant-delete'), id: text }).strict(),
  z.object({ kind: z.literal('tenant-features'), features }).strict(),
  z
    .object({
      kind: z.literal('tenant-threshold'),
      threshold: z.number().int().min(0).nullable(),
    })
    .strict(),
  z
    .object({ kind: z.literal('tenant-domain'), domain: z.string().min(1), verified: z.boolean() })
    .strict(),
  z
    .object({
      kind: z.literal('installation'),
      sourceAnchor: z.enum(['mS-DS-ConsistencyGuid', 'objectGUID']),
      userMatching: z.enum([
        'none',
        'mail',
        'objectSidToMsExchMasterAccountSid',
        'sAMAccountNameAndMailNickname',
      ]),
    })
    .strict(),
  // Rules are checked by the engine when the action is replayed.
  z.object({ kind: z.literal('rule-put'), rule: z.looseObject({ id: text, name: text }) }).strict(),
  z.object({ kind: z.literal('rule-delete'), id: text, name: text.optional() }).strict(),
  z
    .object({
      kind: z.literal('preview-commit'),
      connector: text,
      csId: text,
      dn: text,
      mode: z.enum(['full', 'delta']),
    })
    .strict(),
  z
    .object({
      kind: z.literal('run'),
      step: z.union([
        z.object({ cycle: z.enum(['initial', 'delta']) }).strict(),
        z.object({ run: profile, connector: text }).strict(),
      ]),
    })
    .strict(),
]);

const fileSchema = z
  .object({
    synclabWorkspace: z.literal(1),
    name: z.string().min(1),
    doc: z
      .object({ actions: z.array(actionSchema).min(1), cursor: z.number().int().min(1) })
      .strict(),
  })
  .strict();

export type WorkspaceFileResult =
  { ok: true; file: WorkspaceFile } | { ok: false; errors: { path: string; message: string }[] };

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

function plainJson(data: JsonData): unknown {
  if (typeof data === 'bigint') return Number(data);
  if (Array.isArray(data)) return data.map(plainJson);
  if (data !== null && typeof data === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(data)) out[k] = plainJson(v);
    return out;
  }
  return data;
}

/**
 * Reads an exported workspace file. Errors name the JSON path (or the line and column of a JSON
 * syntax error); the first action must open a scenario.
 *
 * @example
 * parseWorkspaceFile('{"synclabWorkspace": 1, "name": "Lab", "doc": {"actions": [], "cursor": 1}}')
 * // { ok: false, errors: [{ path: 'doc.actions', message: … }] }
 */
export function parseWorkspaceFile(textIn: string): WorkspaceFileResult {
  const parsed = parseJson(textIn.charCodeAt(0) === 0xfeff ? textIn.slice(1) : textIn);
  if (!parsed.ok) {
    const { line, column } = parsed.position;
    return {
      ok: false,
      errors: [{ path: '', message: `line ${line}, column ${column}: ${parsed.message}` }],
    };
  }
  const checked = fileSchema.safeParse(plainJson(parsed.data));
  if (!checked.success) {
    return {
      ok: false,
      errors: checked.error.issues.slice(0, 20).map((i) => ({
        path: pathText(i.path),
        message: i.message,
      })),
    };
  }
  const file = checked.data as unknown as WorkspaceFile;
  if (file.doc.actions[0]?.kind !== 'open-scenario') {
    return {
      ok: false,
      errors: [{ path: 'doc.actions[0].kind', message: 'the first action must open a scenario' }],
    };
  }
  if (file.doc.cursor > file.doc.actions.length) {
    return {
      ok: false,
      errors: [{ path: 'doc.cursor', message: 'the cursor is past the last action' }],
    };
  }
  return { ok: true, file };
}

/** Writes a workspace file (JSON). */
export function serializeWorkspaceFile(file: WorkspaceFile): string {
  return JSON.stringify(file, null, 1) + '\n';
}

/** The parts of an installation the workspace lets the user change. */
export type InstallationChoice = Pick<Installation, 'sourceAnchor' | 'userMatching'>;

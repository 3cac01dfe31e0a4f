/**
 * What the UI follows step by step, and what Preview shows: one object's processing, from rules in
 * scope through join or projection and import flows to provisioning and export flows.
 */
import type { ObjectError, Value } from '../expr/values.ts';
import type { PendingImportType, RunProfileName } from './model.ts';
import type { AttributeChange } from './value-keys.ts';

export interface RuleRef {
  id: string;
  name: string;
  precedence: number;
}

export type LinkOutcome =
  | { action: 'joined'; ruleName: string; mvId: string; group: number }
  | { action: 'projected'; ruleName: string; mvId: string }
  | { action: 'already-joined'; mvId: string; ruleName?: string }
  | { action: 'disconnected'; reason: string; mvId: string }
  | { action: 'stayed-disconnector'; reason: string }
  | { action: 'deleted'; mvId?: string }
  | { action: 'skipped'; reason: string };

export interface FlowTrace {
  attribute: string;
  value: Value | null | 'AuthoritativeNull' | 'IgnoreThisFlow';
  ruleName: string;
  precedence: number;
  outcome: 'won' | 'merged' | 'lost' | 'null' | 'ignored' | 'authoritative-null';
}

export interface OutboundTrace {
  connector: string;
  action: 'provisioned' | 'joined' | 'deprovisioned' | 'disconnected' | 'updated' | 'unchanged';
  ruleName?: string;
  dn: string;
  csId: string;
  changes: AttributeChange[];
}

export interface ObjectTrace {
  connector: string;
  csId: string;
  dn: string;
  objectType: string;
  pendingImport?: PendingImportType;
  rulesInScope: RuleRef[];
  link: LinkOutcome;
  importFlows: FlowTrace[];
  mvId?: string;
  mvChanges: AttributeChange[];
  mvDeleted: boolean;
  outbound: OutboundTrace[];
  error?: ObjectError;
}

/** What an import did to one connector-space object, as the Operations tab counts it. */
export type ImportOperation = 'Add' | 'Update' | 'Rename' | 'Delete' | 'Delete-Add';

/**
 * One object staged by an import (Full or Delta Import): the change it brought, as the object's
 * Import tab shows it (attribute, old value, new value).
 */
export interface ImportTrace {
  connector: string;
  csId: string;
  /** The DN the directory reports (the new DN of a rename). */
  dn: string;
  /** The connector space's DN before a rename. */
  oldDn?: string;
  objectType: string;
  /** The anchor in the connected directory (hex objectGUID in AD, the cloud id in Entra ID). */
  anchor?: string;
  operation: ImportOperation;
  /** The attribute changes staged as the pending import; empty for a delete. */
  changes: AttributeChange[];
}

/** What an export did to one connector-space object. */
export type ExportOperation = 'Add' | 'Update' | 'Rename' | 'Delete';

export type ExportResult =
  | {
      status: 'success';
      /** The anchor Entra ID returned (the cloud object's id); absent for AD and for deletes. */
      anchor?: string;
      /** Reference attributes held back until their targets exist (sent again after the loop). */
      deferred?: string[];
    }
  | { status: 'error'; type: string; message: string }
  /** Nothing reached the connected directory (an object deleted before it was ever exported). */
  | { status: 'not-sent'; reason: string };

/** One object of an Export run: what was exported and what the connected directory answered. */
export interface ExportTrace {
  connector: string;
  csId: string;
  /** The DN exported (the new DN of a rename). */
  dn: string;
  /** The connector space's DN before a rename. */
  oldDn?: string;
  objectType: string;
  operation: ExportOperation;
  /**
   * The second pass of an Entra ID export: reference attributes sent again once the objects they
   * name were added in the same run.
   */
  deferredReferences?: boolean;
  /** Attribute changes exported, from the confirmed (imported) value to the exported one. */
  changes: AttributeChange[];
  result: ExportResult;
}

/** One unit of execution the UI can follow and rewind to. */
export type StepEvent =
  | { kind: 'run-start'; connector: string; profile: RunProfileName; runIndex: number }
  | {
      kind: 'object';
      connector: string;
      profile: RunProfileName;
      csId: string;
      dn: string;
      /** Synchronization runs (and Preview). */
      trace?: ObjectTrace;
      /** Import runs. */
      importTrace?: ImportTrace;
      /** Export runs. */
      exportTrace?: ExportTrace;
    }
  /**
   * Objects an import read without changing anything (no step: the run counts only changes), so
   * that a large import still reports progress and lets a driver look for a cancel request.
   */
  | { kind: 'progress'; connector: string; profile: RunProfileName; objects: number }
  | {
      kind: 'run-end';
      connector: string;
      profile: RunProfileName;
      runIndex: number;
      status: string;
    };

/** The step of one object. */
export type ObjectStep = Extract<StepEvent, { kind: 'object' }>;

/**
 * How many objects an event accounts for, for a progress bar: one per object step, the count of a
 * progress event, none for the start and end of a run.
 *
 * @example
 * let done = 0;
 * for (const ev of events) done += objectsDone(ev);
 */
export function objectsDone(ev: StepEvent): number {
  return ev.kind === 'object' ? 1 : ev.kind === 'progress' ? ev.objects : 0;
}

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

/** One unit of execution the UI can follow and rewind to. */
export type StepEvent =
  | { kind: 'run-start'; connector: string; profile: RunProfileName; runIndex: number }
  | {
      kind: 'object';
      connector: string;
      profile: RunProfileName;
      csId: string;
      dn: string;
      trace?: ObjectTrace;
    }
  | {
      kind: 'run-end';
      connector: string;
      profile: RunProfileName;
      runIndex: number;
      status: string;
    };

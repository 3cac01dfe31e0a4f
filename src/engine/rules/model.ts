/**
 * The synchronization rule model: the fields of the Synchronization Rules Editor (spec §2.2) in the
 * shape the scenario file uses (DESIGN.md §2).
 */

export type Direction = 'Inbound' | 'Outbound';
export type LinkType = 'Join' | 'StickyJoin' | 'Provision';
export type FlowType = 'Direct' | 'Constant' | 'Expression';
export type MergeType = 'Update' | 'Merge' | 'MergeCaseInsensitive' | 'Replace';

export const SCOPE_OPERATORS = [
  'EQUAL',
  'NOTEQUAL',
  'LESSTHAN',
  'LESSTHAN_OR_EQUAL',
  'GREATERTHAN',
  'GREATERTHAN_OR_EQUAL',
  'CONTAINS',
  'NOTCONTAINS',
  'STARTSWITH',
  'NOTSTARTSWITH',
  'ENDSWITH',
  'NOTENDSWITH',
  'ISNULL',
  'ISNOTNULL',
  'ISIN',
  'ISNOTIN',
  'ISBITSET',
  'ISNOTBITSET',
  'ISBITNOTSET',
  'ISMEMBEROF',
  'ISNOTMEMBEROF',
] as const;
export type ScopeOperator = (typeof SCOPE_OPERATORS)[number];

/** One scoping clause. `value` may hold a parameter such as `%Connector.ID%`. */
export interface ScopeCondition {
  attribute: string;
  operator: ScopeOperator;
  value: string;
}

/** One join clause: connector-space attribute `source` equals metaverse attribute `target`. */
export interface JoinCondition {
  source: string;
  target: string;
  caseSensitive: boolean;
}

export interface Transformation {
  /** Target attribute: metaverse attribute inbound, connector-space attribute outbound. */
  target: string;
  flowType: FlowType;
  /** Direct: the source attribute. Expression: the attributes it reads (informational). */
  source?: string | string[];
  /** Constant: the constant text. */
  value?: string;
  /** Expression: the expression text. */
  expression?: string;
  applyOnce: boolean;
  mergeType: MergeType;
}

export interface SyncRule {
  /** Stable identifier (the real product's Identifier GUID). */
  id: string;
  name: string;
  description: string;
  direction: Direction;
  /** Connector name, e.g. `contoso.com` or `contoso.onmicrosoft.com - AAD`. */
  connector: string;
  /** Inbound: connector object type (`user`). Outbound: metaverse object type (`person`). */
  sourceObjectType: string;
  /** Inbound: metaverse object type (`person`). Outbound: connector object type (`user`). */
  targetObjectType: string;
  linkType: LinkType;
  precedence: number;
  disabled: boolean;
  enablePasswordSync: boolean;
  /** Only out-of-box rules carry one, e.g. `Microsoft.InfromADUserJoin.003`. */
  immutableTag?: string;
  /** Groups are ORed; the clauses of a group are ANDed. Empty: every object of the type. */
  scopingFilter: ScopeCondition[][];
  /** Groups are tried in order; the first with exactly one match wins. */
  joinRules: JoinCondition[][];
  transformations: Transformation[];
}

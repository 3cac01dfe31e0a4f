/**
 * Metaverse Search operators and the attribute types that take them: one table for the engine's
 * searches, which reject any other operator, and for the query builder, which offers no other.
 * Dependency-free, so that the page can import it without the engine.
 */

/**
 * The operators of the real Metaverse Search (the sync service's `mv-attr` search types exact,
 * contains, not-contains, starts, ends, value-exists and no-value), in the order its list shows them.
 */
export type SearchOperator =
  'Equals' | 'Contains' | 'NotContains' | 'StartsWith' | 'EndsWith' | 'IsPresent' | 'IsNotPresent';

export const MV_OPERATORS: readonly SearchOperator[] = [
  'Equals',
  'Contains',
  'NotContains',
  'StartsWith',
  'EndsWith',
  'IsPresent',
  'IsNotPresent',
];

/**
 * The kinds of metaverse attribute, as the Metaverse Designer types them (String, Integer, Boolean,
 * Binary, Reference); the metaverse has no date type, dates are strings.
 */
export type MvAttributeKind = 'String' | 'Integer' | 'Boolean' | 'Binary' | 'Reference';

/**
 * The operators each kind takes: substring tests need text, so the other kinds take Equals and the
 * presence tests (see docs/fidelity.md, Metaverse Search operators by attribute type).
 */
export const MV_OPERATORS_BY_KIND: Readonly<Record<MvAttributeKind, readonly SearchOperator[]>> = {
  String: MV_OPERATORS,
  Integer: ['Equals', 'IsPresent', 'IsNotPresent'],
  Boolean: ['Equals', 'IsPresent', 'IsNotPresent'],
  Binary: ['Equals', 'IsPresent', 'IsNotPresent'],
  Reference: ['Equals', 'IsPresent', 'IsNotPresent'],
};

/** True for one of the {@link MV_OPERATORS} (a request from outside may carry anything). */
export function isSearchOperator(op: unknown): op is SearchOperator {
  return MV_OPERATORS.includes(op as SearchOperator);
}

/** Operators that take no value. */
export function operatorTakesValue(op: SearchOperator): boolean {
  return op !== 'IsPresent' && op !== 'IsNotPresent';
}

/**
 * Why `operator` cannot search `attribute` (of type `kind`), in words that name the attribute, its
 * type and the operators it takes; undefined when it can.
 *
 * @example
 * operatorProblem('cloudFiltered', 'Boolean', 'StartsWith')
 * // 'StartsWith does not apply to cloudFiltered, a Boolean attribute: a Boolean attribute takes Equals, IsPresent, IsNotPresent.'
 */
export function operatorProblem(
  attribute: string,
  kind: MvAttributeKind,
  operator: string,
): string | undefined {
  if (!isSearchOperator(operator))
    return `${JSON.stringify(operator)} is not a Metaverse Search operator: the operators are ${MV_OPERATORS.join(', ')}.`;
  const allowed = MV_OPERATORS_BY_KIND[kind];
  if (allowed.includes(operator)) return undefined;
  const a = `${kind === 'Integer' ? 'an' : 'a'} ${kind} attribute`;
  return `${operator} does not apply to ${attribute}, ${a}: ${a} takes ${allowed.join(', ')}.`;
}

/** A search clause whose operator the attribute does not take (see {@link operatorProblem}). */
export class SearchOperatorError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'SearchOperatorError';
  }
}

/**
 * The value model shared by the expression evaluator and the sync engine.
 *
 * Attribute values in connector spaces, the metaverse and the tenant use exactly these types, so
 * that an attribute flows without conversion. Integers beyond 2^53 (FILETIME, msExchRecipientTypeDetails
 * bit masks) are `bigint`; smaller integers are plain `number`.
 */

/** A reference (DN-valued) attribute value, such as `manager` or `member`. */
export class Ref {
  constructor(readonly dn: string) {}
  toString(): string {
    return this.dn;
  }
}

/**
 * A UTC date-time, kept as a Windows FILETIME (100-nanosecond intervals since 1601-01-01 UTC) so that
 * `DateFromNum` and `NumFromDate` round-trip exactly.
 */
export class DateTime {
  constructor(readonly fileTime: bigint) {}
}

export type Scalar = string | number | bigint | boolean | Uint8Array | Ref | DateTime;

/** A present value: one scalar for a single-valued attribute, an array for a multi-valued one. */
export type Value = Scalar | readonly Scalar[];

/** Attributes of one object. An absent key means the attribute is absent (NULL). */
export type AttributeBag = Record<string, Value>;

/** `AuthoritativeNull`: forces the target empty; no lower-precedence rule may contribute. */
export const AUTHORITATIVE_NULL: unique symbol = Symbol.for('synclab.AuthoritativeNull');
/** `IgnoreThisFlow`: contributes nothing and leaves the target as it is. */
export const IGNORE_THIS_FLOW: unique symbol = Symbol.for('synclab.IgnoreThisFlow');

export type Special = typeof AUTHORITATIVE_NULL | typeof IGNORE_THIS_FLOW;

/** What an expression evaluates to: NULL (`null`), a value, or one of the special literals. */
export type FlowValue = null | Value | Special;

/** An object-level error raised while evaluating, as the sync engine reports it on the object. */
export interface ObjectError {
  /** e.g. `sync-rule-error-function-triggered` for `Error("...")`. */
  type: string;
  message: string;
}

export type EvalResult = { ok: true; value: FlowValue } | { ok: false; error: ObjectError };

export function isSpecial(v: FlowValue): v is Special {
  return v === AUTHORITATIVE_NULL || v === IGNORE_THIS_FLOW;
}

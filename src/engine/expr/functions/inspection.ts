/**
 * Inspection functions: IsNull, IsEmpty, IsNullOrEmpty, IsPresent, IsString, IsNumeric, IsDate,
 * IsGuid.
 */
import { isGuidString } from '../../io/binary.ts';
import { asString } from '../runtime.ts';
import { DateTime, isSpecial, type FlowValue } from '../values.ts';
import { canBeNumber, canBeString } from './conversion.ts';
import { parseDate } from './date.ts';
import { sig, type FunctionDef } from './types.ts';

function isNullOrEmpty(v: FlowValue): boolean {
  return v === null || isSpecial(v) || v === '' || (Array.isArray(v) && v.length === 0);
}

function every(v: FlowValue, test: (x: FlowValue) => boolean): boolean {
  if (Array.isArray(v)) return v.length > 0 && v.every(test);
  return test(v);
}

export const inspectionFunctions: FunctionDef[] = [
  {
    name: 'IsNull',
    kind: 'strict',
    signatures: [sig('bool', 'var')],
    lift: [],
    impl: ([v]) => v == null,
  },
  {
    name: 'IsEmpty',
    kind: 'strict',
    signatures: [sig('bool', 'var')],
    lift: [],
    impl: ([v]) => v === '',
  },
  {
    name: 'IsNullOrEmpty',
    kind: 'strict',
    signatures: [sig('bool', 'var')],
    lift: [],
    impl: ([v]) => isNullOrEmpty(v ?? null),
  },
  {
    name: 'IsPresent',
    kind: 'strict',
    signatures: [sig('bool', 'var')],
    lift: [],
    impl: ([v]) => !isNullOrEmpty(v ?? null),
  },
  {
    name: 'IsString',
    kind: 'strict',
    signatures: [sig('bool', 'var')],
    lift: [],
    impl: ([v]) => every(v ?? null, canBeString),
  },
  {
    name: 'IsNumeric',
    kind: 'strict',
    signatures: [sig('bool', 'var')],
    lift: [],
    impl: ([v]) => every(v ?? null, canBeNumber),
  },
  {
    name: 'IsDate',
    kind: 'strict',
    signatures: [sig('bool', 'var')],
    lift: [],
    impl: ([v]) =>
      every(
        v ?? null,
        (x) => x instanceof DateTime || (typeof x === 'string' && parseDate(x) !== null),
      ),
  },
  {
    name: 'IsGuid',
    kind: 'strict',
    signatures: [sig('bool', 'str')],
    lift: [0],
    impl([v]) {
      if (v == null || v instanceof Uint8Array) return false;
      return isGuidString(asString(v, 'IsGuid').trim());
    },
  },
];

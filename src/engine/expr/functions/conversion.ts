/**
 * Conversion functions: CBool, CStr, CNum, CRef, CGuid, CBin, the Base64 and UTF-8 hex codecs,
 * StringFromGuid, StringFromSid and Guid.
 */
import {
  base64ToBytes,
  bytesToBase64,
  bytesToGuid,
  bytesToSid,
  bytesToUpperHex,
  guidToBytes,
  hexToBytes,
  utf8Bytes,
} from '../../io/binary.ts';
import {
  asBinary,
  asBoolean,
  asNumber,
  asString,
  fail,
  normalize,
  parseInteger,
} from '../runtime.ts';
import { Ref, type FlowValue } from '../values.ts';
import { opt, perValue, sig, type FunctionDef } from './types.ts';

/** UTF-16LE, what .NET calls `Encoding.Unicode`. */
export function utf16leEncode(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[2 * i] = c & 0xff;
    out[2 * i + 1] = c >>> 8;
  }
  return out;
}

export function utf16leDecode(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i + 1 < b.length; i += 2)
    s += String.fromCharCode((b[i] ?? 0) | ((b[i + 1] ?? 0) << 8));
  // An odd trailing byte decodes to U+FFFD, as .NET's decoder does.
  if (b.length % 2 === 1) s += '\ufffd';
  return s;
}

const utf8Decoder = new TextDecoder('utf-8');

export function utf8Decode(b: Uint8Array): string {
  return utf8Decoder.decode(b);
}

/** Little-endian two's complement bytes of `value`, `width` bytes long (BitConverter order). */
function integerBytes(value: bigint, width: number): Uint8Array {
  const out = new Uint8Array(width);
  let v = BigInt.asUintN(width * 8, value);
  for (let i = 0; i < width; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

const ENCODINGS = ['Unicode', 'UTF8', 'ASCII'] as const;

export const conversionFunctions: FunctionDef[] = [
  {
    name: 'CBool',
    kind: 'strict',
    signatures: [sig('bool', 'exp')],
    lift: [0],
    impl: ([v]) => asBoolean(v ?? null, 'CBool'),
  },
  {
    name: 'CStr',
    kind: 'strict',
    // The reference lists num, ref and bool. The default rules also write CStr([objectGUID]) behind
    // IsString([objectGUID]), so binary type-checks; at run time a binary value fails.
    signatures: [
      sig('str', 'num'),
      sig('str', 'ref'),
      sig('str', 'bool'),
      sig('str', 'str'),
      sig('str', 'dt'),
      sig('str', 'bin'),
    ],
    lift: [0],
    impl([v]) {
      if (v == null) return null;
      if (v instanceof Uint8Array)
        return fail('CStr: a binary value cannot be converted to a string.');
      return asString(v, 'CStr');
    },
  },
  {
    name: 'CNum',
    kind: 'strict',
    // CNum(bin) reads the bytes as a little-endian unsigned integer: the device-key flows call
    // CNum(Mid([searchableDeviceKey],5,2)) to read a length field. [inferred]
    signatures: [sig('num', 'str'), sig('num', 'num'), sig('num', 'bin')],
    lift: [0],
    impl([v]) {
      if (v == null) return null;
      if (typeof v === 'boolean') return fail('CNum: a Boolean value is not a number.');
      if (v instanceof Uint8Array) {
        if (v.length > 8) return fail('CNum: a binary value of more than 8 bytes is not a number.');
        let n = 0n;
        for (let i = v.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(v[i] ?? 0);
        return normalize(n);
      }
      return asNumber(v, 'CNum');
    },
  },
  perValue('CRef', [sig('ref', 'str')], (v) => {
    return v instanceof Ref ? v : new Ref(asString(v, 'CRef'));
  }),
  perValue('CGuid', [sig('bin', 'str')], (v) => {
    const s = asString(v, 'CGuid');
    return guidToBytes(s.trim()) ?? fail(`CGuid: '${s}' is not a GUID.`);
  }),
  {
    // Not in the reference; the device-key flows call CBin(Len(…), 2) and CBin(2, 1): an integer
    // as that many little-endian bytes. CBin(str) reads Base64, CBin(bin) is the identity. [inferred]
    name: 'CBin',
    kind: 'strict',
    signatures: [sig('bin', 'num', 'num'), sig('bin', 'str'), sig('bin', 'bin')],
    lift: [0, 1],
    impl([v, width]) {
      if (v == null) return null;
      if (width !== undefined && width !== null) {
        const w = Number(asNumber(width, 'CBin'));
        if (!(w >= 1 && w <= 8)) return fail('CBin: the byte count must be between 1 and 8.');
        return integerBytes(BigInt(asNumber(v, 'CBin')), w);
      }
      if (v instanceof Uint8Array) return v;
      if (typeof v === 'number' || typeof v === 'bigint') return integerBytes(BigInt(v), 8);
      const s = asString(v, 'CBin');
      return base64ToBytes(s) ?? fail(`CBin: '${s}' is not Base64.`);
    },
  },
  perValue('ConvertToBase64', [sig('str', 'str'), sig('str', 'bin')], (v) => {
    // Strings are encoded as UTF-16LE ("Unicode"); binary values (objectGUID) as their bytes.
    return bytesToBase64(
      v instanceof Uint8Array ? v : utf16leEncode(asString(v, 'ConvertToBase64')),
    );
  }),
  {
    name: 'ConvertFromBase64',
    kind: 'strict',
    signatures: [opt(1, 'str', 'str', 'enum')],
    enums: { 1: ENCODINGS },
    lift: [0],
    impl([v, enc]) {
      if (v == null) return null;
      const s = asString(v, 'ConvertFromBase64');
      const bytes = base64ToBytes(s) ?? fail(`ConvertFromBase64: '${s}' is not Base64.`);
      const encoding = enc == null ? 'Unicode' : asString(enc, 'ConvertFromBase64');
      if (encoding === 'Unicode') return utf16leDecode(bytes);
      if (encoding === 'UTF8') return utf8Decode(bytes);
      if (encoding === 'ASCII')
        return Array.from(bytes, (b) => String.fromCharCode(b < 128 ? b : 63)).join('');
      return fail(`ConvertFromBase64: unknown encoding '${encoding}'.`);
    },
  },
  perValue('ConvertToUTF8Hex', [sig('str', 'str')], (v) => {
    return bytesToUpperHex(
      v instanceof Uint8Array ? v : utf8Bytes(asString(v, 'ConvertToUTF8Hex')),
    );
  }),
  perValue('ConvertFromUTF8Hex', [sig('str', 'str')], (v) => {
    const s = asString(v, 'ConvertFromUTF8Hex');
    const bytes = hexToBytes(s) ?? fail(`ConvertFromUTF8Hex: '${s}' is not UTF-8 hex.`);
    return utf8Decode(bytes);
  }),
  perValue('StringFromGuid', [sig('str', 'bin')], (v) => {
    return (
      bytesToGuid(asBinary(v, 'StringFromGuid')) ?? fail('StringFromGuid: a GUID is 16 bytes.')
    );
  }),
  perValue('StringFromSid', [sig('str', 'bin')], (v) => {
    return (
      bytesToSid(asBinary(v, 'StringFromSid')) ?? fail('StringFromSid: the value is not a SID.')
    );
  }),
  {
    name: 'Guid',
    kind: 'strict',
    signatures: [sig('str')],
    lift: [],
    volatile: true,
    impl(_args, ctx) {
      const random = ctx.random ?? fail('Guid: no random source is configured.');
      const b = new Uint8Array(16);
      for (let i = 0; i < 16; i++) b[i] = Math.floor(random() * 256) & 0xff;
      // Version 4, RFC 4122 variant, like Guid.NewGuid(); byte 7 and 8 in ToByteArray() order.
      b[7] = ((b[7] ?? 0) & 0x0f) | 0x40;
      b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
      return bytesToGuid(b) ?? '';
    },
  },
];

/** True when CStr could convert the value (IsString). */
export function canBeString(v: FlowValue): boolean {
  return v !== null && typeof v !== 'symbol' && !(v instanceof Uint8Array) && !Array.isArray(v);
}

/** True when CNum could convert the value (IsNumeric). */
export function canBeNumber(v: FlowValue): boolean {
  if (typeof v === 'number' || typeof v === 'bigint') return true;
  if (typeof v === 'string') return parseInteger(v) !== undefined;
  return false;
}

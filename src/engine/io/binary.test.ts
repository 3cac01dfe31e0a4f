import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  base64ToBytes,
  bytesEqual,
  bytesToBase64,
  bytesToGuid,
  bytesToHex,
  bytesToUpperHex,
  bytesToSid,
  guidToBytes,
  hexToBytes,
  isGuidString,
  isSidString,
  sidToBytes,
  utf8Bytes,
} from './binary.ts';

describe('GUID', () => {
  it('uses the byte order of Guid.ToByteArray()', () => {
    const bytes = guidToBytes('5b973110-6382-4a80-bbf8-6bb21c1bb741');
    expect(bytes).not.toBeNull();
    expect(bytesToBase64(bytes ?? new Uint8Array())).toBe('EDGXW4JjgEq7+GuyHBu3QQ==');
    expect(bytesToHex(bytes ?? new Uint8Array())).toBe('1031975b8263804abbf86bb21c1bb741');
  });
  it('accepts braces and upper case, and formats lower case', () => {
    const bytes = guidToBytes('{5B973110-6382-4A80-BBF8-6BB21C1BB741}');
    expect(bytes && bytesToGuid(bytes)).toBe('5b973110-6382-4a80-bbf8-6bb21c1bb741');
  });
  it('rejects malformed GUIDs', () => {
    for (const bad of [
      '',
      '5b973110-6382-4a80-bbf8-6bb21c1bb74',
      '5b973110638249a80bbf86bb21c1bb741',
      '{5b973110-6382-4a80-bbf8-6bb21c1bb741',
      '5b973110-6382-4a80-bbf8-6bb21c1bb741}',
      'zb973110-6382-4a80-bbf8-6bb21c1bb741',
    ]) {
      expect(guidToBytes(bad), bad).toBeNull();
      expect(isGuidString(bad), bad).toBe(false);
    }
    expect(bytesToGuid(new Uint8Array(15))).toBeNull();
  });
  it('round-trips any 16 bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (b) => {
        const text = bytesToGuid(b);
        expect(text).not.toBeNull();
        const back = guidToBytes(text ?? '');
        expect(back && bytesEqual(back, b)).toBe(true);
      }),
    );
  });
});

describe('SID', () => {
  it('encodes the well-known Administrators SID', () => {
    const b = sidToBytes('S-1-5-32-544');
    expect(b && bytesToHex(b)).toBe('01020000000000052000000020020000');
  });
  it('encodes a domain SID with little-endian sub-authorities', () => {
    const b = sidToBytes('S-1-5-21-1004336348-1177238915-682003330-512');
    expect(b && bytesToHex(b)).toBe('010500000000000515000000dcf4dc3b833d2b46828ba62800020000');
    expect(b && bytesToSid(b)).toBe('S-1-5-21-1004336348-1177238915-682003330-512');
  });
  it('handles a 48-bit identifier authority', () => {
    const b = sidToBytes('S-1-281474976710655-1');
    expect(b && bytesToHex(b)).toBe('0101ffffffffffff01000000');
    expect(b && bytesToSid(b)).toBe('S-1-281474976710655-1');
  });
  it('rejects malformed SIDs', () => {
    for (const bad of [
      'S-2-5-21',
      'S-1-',
      'X-1-5',
      'S-1-5-4294967296',
      'S-1-281474976710656',
      'S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16',
      'S-1-5--1',
    ]) {
      expect(isSidString(bad), bad).toBe(false);
    }
    expect(bytesToSid(new Uint8Array([1, 2, 0, 0, 0, 0, 0, 5, 1, 0, 0, 0]))).toBeNull();
    expect(bytesToSid(new Uint8Array([2, 0, 0, 0, 0, 0, 0, 5]))).toBeNull();
  });
  it('round-trips generated SIDs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 48 - 1 }),
        fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 15 }),
        (auth, subs) => {
          const text = ['S-1', auth, ...subs].join('-');
          const b = sidToBytes(text);
          expect(b).not.toBeNull();
          expect(b && bytesToSid(b)).toBe(text);
        },
      ),
    );
  });
});

describe('base64 and hex', () => {
  it('matches RFC 4648 test vectors', () => {
    const enc = new TextEncoder();
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, b64] of vectors) {
      expect(bytesToBase64(enc.encode(plain))).toBe(b64);
      expect(new TextDecoder().decode(base64ToBytes(b64) ?? undefined)).toBe(plain);
    }
  });
  it('agrees with btoa/atob on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        const ours = bytesToBase64(b);
        expect(ours).toBe(btoa(String.fromCharCode(...b)));
        const back = base64ToBytes(ours);
        expect(back && bytesEqual(back, b)).toBe(true);
      }),
    );
  });
  it('accepts missing padding and whitespace, rejects garbage', () => {
    expect(base64ToBytes('Zm8')).toEqual(new Uint8Array([0x66, 0x6f]));
    expect(base64ToBytes('Zm9v\n YmFy')).toEqual(new TextEncoder().encode('foobar'));
    expect(base64ToBytes('Zm9v!')).toBeNull();
    expect(base64ToBytes('Z')).toBeNull();
    expect(base64ToBytes('Zm8==')).toBeNull();
    expect(base64ToBytes('Zé==')).toBeNull();
  });
  it('hex round-trips and rejects odd or non-hex input', () => {
    expect(hexToBytes('00Ff10')).toEqual(new Uint8Array([0, 255, 16]));
    expect(bytesToHex(new Uint8Array([0, 255, 16]))).toBe('00ff10');
    expect(bytesToUpperHex(new Uint8Array([0, 255, 16, 171]))).toBe('00FF10AB');
    expect(bytesToHex(new Uint8Array())).toBe('');
    expect(hexToBytes('abc')).toBeNull();
    expect(hexToBytes('zz')).toBeNull();
  });
});

describe('UTF-8', () => {
  it('gives the bytes the encoder gives, ASCII or not, short or long', () => {
    const encoder = new TextEncoder();
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        expect([...utf8Bytes(text)]).toEqual([...encoder.encode(text)]);
      }),
    );
    expect(bytesToUpperHex(utf8Bytes('Hello world!'))).toBe('48656C6C6F20776F726C6421');
    expect(bytesToUpperHex(utf8Bytes('ö'))).toBe('C3B6');
    expect(utf8Bytes('x'.repeat(300))).toHaveLength(300);
  });
});

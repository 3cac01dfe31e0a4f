import { describe, expect, it } from 'vitest';
import { Ref } from '../expr/values.ts';
import {
  attributesOf,
  connectorKindOf,
  objectTypesOf,
  ruleSides,
  valueFromText,
} from './editor-schema.ts';

describe('editor schema', () => {
  it('tells the Entra ID connector from AD forests by its name', () => {
    expect(connectorKindOf('contoso.onmicrosoft.com - AAD')).toBe('aad');
    expect(connectorKindOf('contoso.com')).toBe('ad');
  });

  it('maps a rule direction to the sides it reads and writes', () => {
    expect(ruleSides('Inbound', 'ad')).toEqual({ source: 'ad', target: 'mv' });
    expect(ruleSides('Outbound', 'aad')).toEqual({ source: 'mv', target: 'aad' });
  });

  it('lists object types and per-type attributes', () => {
    expect(objectTypesOf('mv')).toEqual(expect.arrayContaining(['person', 'group', 'device']));
    expect(objectTypesOf('ad')).toContain('inetOrgPerson');
    const person = attributesOf('mv', 'person');
    expect(person.find((a) => a.name === 'proxyAddresses')).toMatchObject({ multi: true });
    expect(person.map((a) => a.name)).toEqual(
      [...person.map((a) => a.name)].sort((a, b) => a.localeCompare(b)),
    );
    // An unknown or wildcard type offers the whole side.
    expect(attributesOf('mv', '*').length).toBeGreaterThanOrEqual(person.length);
  });

  it('converts typed text by attribute syntax', () => {
    expect(valueFromText('512', { syntax: 'num', multi: false })).toEqual({ ok: true, value: 512 });
    expect(valueFromText('abc', { syntax: 'num', multi: false }).ok).toBe(false);
    expect(valueFromText('TRUE', { syntax: 'bool', multi: false })).toEqual({
      ok: true,
      value: true,
    });
    expect(valueFromText('CN=Ann,DC=contoso,DC=com', { syntax: 'ref', multi: false })).toEqual({
      ok: true,
      value: new Ref('CN=Ann,DC=contoso,DC=com'),
    });
    const guid = valueFromText('5b973110-6382-4a80-bbf8-6bb21c1bb741', {
      syntax: 'bin',
      multi: false,
    });
    expect(guid.ok && Array.from(guid.value as Uint8Array).slice(0, 4)).toEqual([
      0x10, 0x31, 0x97, 0x5b,
    ]);
    const sid = valueFromText('S-1-5-21-1-2-3-1104', { syntax: 'bin', multi: false }, 'objectSid');
    expect(sid.ok && (sid.value as Uint8Array)[0]).toBe(1);
    expect(valueFromText('Ann', undefined)).toEqual({ ok: true, value: 'Ann' });
  });
});

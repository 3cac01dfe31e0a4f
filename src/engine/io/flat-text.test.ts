import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { flat, flatten } from './flat-text.ts';

describe('flat', () => {
  it('gives the text of the untagged template literal', () => {
    const cn = 'Ann Lee';
    const ou = 'OU=Users,DC=contoso,DC=com';
    expect(flat`CN=${cn},${ou}`).toBe(`CN=${cn},${ou}`);
    expect(flat`${1000 + 234} ${true} ${null} ${undefined} ${5n}`).toBe(
      '1234 true null undefined 5',
    );
    expect(flat``).toBe('');
    expect(flat`${'only'}`).toBe('only');
  });

  it('matches the template literal for any parts (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (a, b, c) => {
        expect(flat`${a}-${b}@${c}`).toBe(`${a}-${b}@${c}`);
      }),
    );
  });
});

describe('flatten', () => {
  it('keeps the text', () => {
    expect(flatten('')).toBe('');
    expect(flatten('x')).toBe('x');
    const long = `${'User'}_${'5b973110-1b5f-4b8a-9d0c-6a1f2e3d4c5b'}`;
    expect(flatten(long)).toBe(long);
    expect(flatten('Zoë Ångström 名前')).toBe('Zoë Ångström 名前');
  });
});

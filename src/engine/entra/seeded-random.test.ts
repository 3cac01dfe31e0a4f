import { describe, expect, it } from 'vitest';
import { nthRandom, SeededRandom } from './seeded-random.ts';

describe('SeededRandom', () => {
  it('gives the same GUIDs for a seed, release after release (object ids in saved scenarios)', () => {
    const r = new SeededRandom('contoso');
    expect([r.guid(), r.guid(), r.guid()]).toEqual([
      '71e774df-9e55-463e-96e9-27d469d0d5dc',
      'cbba878e-8525-449a-9478-73db00232ae8',
      '0eb34041-ee7b-464e-bf4a-0dd1e68003d5',
    ]);
  });

  it('continues the same sequence in a clone', () => {
    const a = new SeededRandom(42);
    a.guid();
    const b = a.clone();
    expect(b.guid()).toBe(a.guid());
  });

  it('nthRandom(seed, n) is the n-th draw of the generator, for any n', () => {
    for (const seed of [1, 7, 0xffffffff]) {
      const r = new SeededRandom(seed);
      for (let n = 1; n <= 200; n++) expect(nthRandom(seed, n)).toBe(r.next());
    }
  });
});

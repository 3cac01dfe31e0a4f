import { describe, expect, it } from 'vitest';
import { functionNames } from '../expr/index.ts';
import { allFunctionHelp, functionHelp } from './function-docs.ts';

describe('function documentation', () => {
  it('documents every function of the engine with a line and parameter names', () => {
    const help = allFunctionHelp();
    expect(help.map((h) => h.name).sort()).toEqual(functionNames().sort());
    for (const h of help) {
      expect(h.doc, h.name).not.toBe('');
      for (const s of h.signatures) expect(s, h.name).not.toMatch(/arg\d/);
    }
  });

  it('prints signatures with optional parameters in brackets', () => {
    expect(functionHelp('Left')?.signatures[0]).toBe('str Left(str string, num NumChars)');
    expect(functionHelp('InStr')?.signatures[0]).toBe(
      'num InStr(str stringcheck, str stringmatch, [num start], [enum compare])',
    );
    expect(functionHelp('left')).toBeUndefined();
  });
});

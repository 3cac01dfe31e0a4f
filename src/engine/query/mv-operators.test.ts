import { describe, expect, it } from 'vitest';
import {
  isSearchOperator,
  MV_OPERATORS,
  MV_OPERATORS_BY_KIND,
  operatorProblem,
  operatorTakesValue,
  type MvAttributeKind,
} from './mv-operators.ts';

const KINDS: MvAttributeKind[] = ['String', 'Integer', 'Boolean', 'Binary', 'Reference'];

describe('Metaverse Search operators by attribute type', () => {
  it("lists each type's operators in the product's order", () => {
    expect(MV_OPERATORS).toEqual([
      'Equals',
      'Contains',
      'NotContains',
      'StartsWith',
      'EndsWith',
      'IsPresent',
      'IsNotPresent',
    ]);
    expect(MV_OPERATORS_BY_KIND).toEqual({
      String: MV_OPERATORS,
      Integer: ['Equals', 'IsPresent', 'IsNotPresent'],
      Boolean: ['Equals', 'IsPresent', 'IsNotPresent'],
      Binary: ['Equals', 'IsPresent', 'IsNotPresent'],
      Reference: ['Equals', 'IsPresent', 'IsNotPresent'],
    });
  });

  it('accepts exactly the operators of the type, and names attribute, type and operators otherwise', () => {
    for (const kind of KINDS) {
      for (const op of MV_OPERATORS) {
        const problem = operatorProblem('attr', kind, op);
        if (MV_OPERATORS_BY_KIND[kind].includes(op)) expect(problem).toBeUndefined();
        else
          expect(problem).toMatch(
            new RegExp(
              `^${op} does not apply to attr, an? ${kind} attribute: an? ${kind} attribute takes Equals, IsPresent, IsNotPresent\\.$`,
            ),
          );
      }
    }
    expect(operatorProblem('memberCount', 'Integer', 'Contains')).toBe(
      'Contains does not apply to memberCount, an Integer attribute: an Integer attribute takes Equals, IsPresent, IsNotPresent.',
    );
  });

  it('rejects what is not an operator at all, on every type', () => {
    for (const kind of KINDS)
      expect(operatorProblem('mail', kind, 'GreaterThan')).toBe(
        '"GreaterThan" is not a Metaverse Search operator: the operators are Equals, Contains, NotContains, StartsWith, EndsWith, IsPresent, IsNotPresent.',
      );
    expect(isSearchOperator('equals')).toBe(false);
    expect(isSearchOperator('Equals')).toBe(true);
  });

  it('knows which operators take a value', () => {
    expect(MV_OPERATORS.filter(operatorTakesValue)).toEqual([
      'Equals',
      'Contains',
      'NotContains',
      'StartsWith',
      'EndsWith',
    ]);
  });
});

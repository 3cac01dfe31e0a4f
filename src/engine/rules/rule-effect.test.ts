import { describe, expect, it } from 'vitest';
import { user } from '../sync/test-helpers.ts';
import type { SyncEngine } from '../sync/engine.ts';
import { customRule, displayNameRule, settledWorkspace } from './rule-test-helpers.ts';
import { inboundDiffers, linksDiffer } from './rule-effect.ts';

const csNamed = (engine: SyncEngine, cn: string) => {
  for (const id of engine.csIds('contoso.com')) {
    const o = engine.cs.get(id);
    if (o?.dn.startsWith(`CN=${cn},`)) return o;
  }
  throw new Error(`no ${cn}`);
};

describe('rule effects', () => {
  it('a flow edit differs only where the edited flow gives another value', () => {
    const engine = settledWorkspace([
      user('Ann', { givenName: 'Ann', sn: 'Lee' }),
      user('Bob', { givenName: 'Bob', sn: 'Ray' }),
      user('Cy'),
    ]);
    const before = displayNameRule('r', 50, '[sn]');
    const after = displayNameRule('r', 50, 'IIF([sn]="Lee","L",[sn])');
    expect(inboundDiffers(engine, { before, after }, csNamed(engine, 'Ann'))).toBe(true);
    expect(inboundDiffers(engine, { before, after }, csNamed(engine, 'Bob'))).toBe(false);
    // Out of scope (no sn) in both versions.
    expect(inboundDiffers(engine, { before, after }, csNamed(engine, 'Cy'))).toBe(false);
  });

  it('a scope or precedence change differs where the rule contributes a value', () => {
    const engine = settledWorkspace([user('Ann', { givenName: 'Ann', sn: 'Lee' }), user('Cy')]);
    const before = displayNameRule('r', 50, '[sn]');
    const wider = { ...before, scopingFilter: [] };
    expect(inboundDiffers(engine, { before, after: wider }, csNamed(engine, 'Ann'))).toBe(false);
    // Cy comes into scope, but [sn] is NULL for him: nothing changes.
    expect(inboundDiffers(engine, { before, after: wider }, csNamed(engine, 'Cy'))).toBe(false);
    const moved = { ...before, precedence: 40 };
    expect(inboundDiffers(engine, { before, after: moved }, csNamed(engine, 'Ann'))).toBe(true);
    expect(inboundDiffers(engine, { after: before }, csNamed(engine, 'Ann'))).toBe(true);
  });

  it('link changes are recognized', () => {
    const flow = customRule();
    expect(linksDiffer({ before: flow, after: { ...flow, description: 'x' } })).toBe(false);
    const join = customRule({
      joinRules: [[{ source: 'mail', target: 'mail', caseSensitive: false }]],
    });
    expect(linksDiffer({ before: join, after: { ...join, description: 'x' } })).toBe(false);
    expect(linksDiffer({ before: join, after: { ...join, linkType: 'Provision' } })).toBe(true);
    expect(linksDiffer({ before: join, after: { ...join, disabled: true } })).toBe(true);
    expect(linksDiffer({ after: join })).toBe(true);
  });
});

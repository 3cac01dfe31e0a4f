import { describe, expect, it } from 'vitest';
import { AAD, user } from '../sync/test-helpers.ts';
import type { SyncEngine } from '../sync/engine.ts';
import {
  explainJoinOnObject,
  explainScopeOnObject,
  explainScopingFilter,
} from './explain-object.ts';
import { customRule, settledWorkspace } from './rule-test-helpers.ts';

const workspace = () =>
  settledWorkspace([
    user('Ann', { mail: 'ann@contoso.com', employeeID: 'E1', department: 'Sales' }),
    user('Bob', { mail: 'bob@fabrikam.com', employeeID: 'E2', department: 'Sales' }),
  ]);

const csOf = (engine: SyncEngine, cn: string): string => {
  for (const id of engine.csIds('contoso.com'))
    if (engine.cs.get(id)?.dn.startsWith(`CN=${cn},`)) return id;
  throw new Error(`no ${cn}`);
};

const rule = customRule;

describe('explainScopingFilter', () => {
  it('shows every clause with the values it compared, parameters replaced', () => {
    const e = explainScopingFilter(
      [
        [
          { attribute: 'mail', operator: 'ENDSWITH', value: '@contoso.com' },
          { attribute: 'department', operator: 'ISNOTNULL', value: '' },
        ],
        [{ attribute: 'company', operator: 'EQUAL', value: '%Forest.FQDN%' }],
      ],
      {
        attributes: { mail: 'ann@contoso.com', company: 'contoso.com' },
        parameters: { 'Forest.FQDN': 'contoso.com' },
      },
    );
    expect(e.groups.map((g) => g.clauses.map((c) => c.result))).toEqual([[true, false], [true]]);
    expect(e.groups[0]?.clauses[0]?.actual).toEqual(['ann@contoso.com']);
    expect(e.groups[0]?.clauses[1]?.actual).toEqual([]);
    expect(e.groups[1]?.clauses[0]?.compared).toBe('contoso.com');
    expect(e.inScope).toBe(true);
  });

  it('an empty filter puts the object in scope', () => {
    expect(explainScopingFilter([], { attributes: {} }).inScope).toBe(true);
  });
});

describe('explainScopeOnObject', () => {
  it('evaluates a draft rule on a real connector-space object', () => {
    const engine = workspace();
    const draft = rule({
      scopingFilter: [[{ attribute: 'mail', operator: 'ENDSWITH', value: '@contoso.com' }]],
    });
    const ann = explainScopeOnObject(engine, draft, csOf(engine, 'Ann'));
    const bob = explainScopeOnObject(engine, draft, csOf(engine, 'Bob'));
    expect(ann.ok && ann.explanation.inScope).toBe(true);
    expect(bob.ok && bob.explanation.inScope).toBe(false);
    expect(bob.ok && bob.explanation.groups[0]?.clauses[0]?.actual).toEqual(['bob@fabrikam.com']);
  });

  it('refuses an object of another connector', () => {
    const engine = workspace();
    const r = explainScopeOnObject(engine, rule({ connector: AAD }), csOf(engine, 'Ann'));
    expect(r).toEqual({ ok: false, message: `The object is in contoso.com, not in ${AAD}.` });
  });
});

describe('explainJoinOnObject', () => {
  it('lists the candidates of each group and the outcome', () => {
    const engine = workspace();
    const draft = rule({
      joinRules: [
        [{ source: 'department', target: 'department', caseSensitive: false }],
        [{ source: 'mail', target: 'mail', caseSensitive: false }],
      ],
    });
    const bob = explainJoinOnObject(engine, draft, csOf(engine, 'Bob'));
    if (!bob.ok) throw new Error(bob.message);
    const [g1, g2] = bob.explanation.groups;
    // Ann and Bob are both in Sales: several candidates, so the next group decides.
    expect(g1).toMatchObject({ outcome: 'several', count: 2 });
    expect(g1?.clauses[0]?.values).toEqual(['Sales']);
    expect(g2).toMatchObject({ outcome: 'join', count: 1 });
    expect(g2?.candidates[0]?.label).toBe('Bob');
    // Bob's own connector-space object is the one joined already: the engine reports the clash.
    expect(bob.explanation.result).toBe('Joins Bob (group 2).');
    expect(bob.explanation.alreadyJoined).toMatch(/already joined to Bob/);
  });

  it('says what happens without a match: projection or a disconnector', () => {
    const engine = workspace();
    const groups = [[{ source: 'employeeID', target: 'mail', caseSensitive: false }]];
    const join = explainJoinOnObject(engine, rule({ joinRules: groups }), csOf(engine, 'Ann'));
    const provision = explainJoinOnObject(
      engine,
      rule({ joinRules: groups, linkType: 'Provision' }),
      csOf(engine, 'Ann'),
    );
    expect(join.ok && join.explanation.groups[0]?.outcome).toBe('no-match');
    expect(join.ok && join.explanation.result).toMatch(/stays a disconnector/);
    expect(provision.ok && provision.explanation.result).toMatch(/projects a new person/);
  });

  it('outbound: finds connector-space candidates for a metaverse object', () => {
    const engine = workspace();
    const ann = [...engine.mv.values()].find((m) => m.attributes['displayName'] === 'Ann');
    if (!ann) throw new Error('no Ann');
    const r = explainJoinOnObject(
      engine,
      rule({
        direction: 'Outbound',
        connector: AAD,
        sourceObjectType: 'person',
        targetObjectType: 'user',
        joinRules: [[{ source: 'sourceAnchor', target: 'sourceAnchor', caseSensitive: true }]],
      }),
      ann.id,
    );
    if (!r.ok) throw new Error(r.message);
    // Its Entra ID object matches but is joined already, so the engine would not count it.
    expect(r.explanation.groups[0]).toMatchObject({ outcome: 'no-match', count: 0 });
    expect(r.explanation.groups[0]?.candidates[0]?.excluded).toBe('already joined');
    expect(r.explanation.alreadyJoined).toMatch(/already joined to CN=\{/);
  });
});

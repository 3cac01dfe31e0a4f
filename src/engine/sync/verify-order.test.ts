import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyOrderCommand } from '../../cli/verify-order.ts';
import { parseScenario, type Scenario } from '../io/scenario.ts';
import { toResultDocument } from './result.ts';
import { createEngine, runScenarioSteps } from './scenario-runner.ts';
import { canonicalState, planOrders, verifyOrder } from './verify-order.ts';

const ROOT = join(import.meta.dirname, '../../..');
const fileOf = (name: string) => join(ROOT, 'scenarios', `${name}.json`);

function scenario(name: string, edit?: (s: Scenario) => void): Scenario {
  const parsed = parseScenario(readFileSync(fileOf(name), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.errors[0]?.message);
  edit?.(parsed.scenario);
  return parsed.scenario;
}

const orderText = (o: string[]) => o.join(' > ');

describe('planOrders', () => {
  it('runs every order while there are few', () => {
    const plan = planOrders(['a', 'b', 'c']);
    expect(plan.strategy).toBe('every-order');
    expect(plan.orders.map((o) => o.join(''))).toEqual(['abc', 'acb', 'bac', 'bca', 'cab', 'cba']);
    expect(plan.possible).toBe(6);
  });

  it('samples distinct seeded orders above the bound, the declared order first', () => {
    const forests = ['a', 'b', 'c', 'd', 'e'];
    const plan = planOrders(forests, { samples: 10, seed: 42 });
    expect(plan.strategy).toBe('sampled');
    expect(plan.possible).toBe(120);
    expect(plan.orders).toHaveLength(10);
    expect(plan.orders[0]).toEqual(forests);
    expect(new Set(plan.orders.map((o) => o.join(''))).size).toBe(10);
    for (const o of plan.orders) expect([...o].sort()).toEqual(forests);
    expect(planOrders(forests, { samples: 10, seed: 42 })).toEqual(plan);
    expect(planOrders(forests, { samples: 10, seed: 43 }).orders).not.toEqual(plan.orders);
  });

  it('never asks for more samples than there are orders', () => {
    expect(planOrders(['a', 'b', 'c'], { maxPermutations: 2, samples: 50 }).orders).toHaveLength(6);
  });
});

describe('canonicalState', () => {
  it('replaces order-dependent ids, also inside values (cloudAnchor User_<objectId>)', () => {
    const s = scenario('galsync-merger');
    const engine = createEngine(s, { journal: false });
    runScenarioSteps(engine, [{ cycle: 'initial' }, { cycle: 'delta' }]);
    const doc = toResultDocument(engine);
    const state = canonicalState(doc, s);
    const ids = [...doc.metaverse.map((m) => m.id), ...doc.tenant.map((t) => t.id)];
    const everything = JSON.stringify([...state.objects.values()].map((o) => [...o.values]));
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(everything).not.toContain(id);
    expect(everything).toContain('User_<tenant user sourceAnchor=');
  });

  it('a metaverse object is known by its AD objects, an Entra ID object by its sourceAnchor', () => {
    const s = scenario('user-matching-pitfall');
    const engine = createEngine(s, { journal: false });
    runScenarioSteps(engine, [{ cycle: 'initial' }]);
    const keys = [...canonicalState(toResultDocument(engine), s).objects.keys()];
    expect(keys).toContain(
      'metaverse person [contoso.com: cn=dana fox,ou=galsync,dc=contoso,dc=com]',
    );
    expect(keys.filter((k) => k.startsWith('tenant contact sourceAnchor='))).toHaveLength(1);
  });
});

describe('verifyOrder', () => {
  it('finds the order dependence of the user-matching pitfall', () => {
    const report = verifyOrder(scenario('user-matching-pitfall'));
    expect(report.orderMatters).toBe(true);
    expect(report.strategy).toBe('every-order');
    expect(report.outcomes).toHaveLength(2);
    const contosoFirst = ['contoso.com', 'fabrikam.com'];
    const fabrikamFirst = ['fabrikam.com', 'contoso.com'];
    const byKey = (object: string, attribute: string) =>
      report.differences.find((d) => d.object === object && d.attribute === attribute);
    // Contact first: it projects, and Dana's user projects a second object beside it.
    const merged = byKey(
      'metaverse person [contoso.com: cn=dana fox,ou=galsync,dc=contoso,dc=com + fabrikam.com: cn=dana fox,ou=fabrikam users,dc=fabrikam,dc=com]',
      '(object)',
    );
    expect(merged?.values).toEqual([
      { value: 'absent', orders: [contosoFirst] },
      { value: 'present', orders: [fabrikamFirst] },
    ]);
    const contact = report.differences.find(
      (d) => d.side === 'tenant' && d.object.startsWith('tenant contact') && d.label === 'Dana Fox',
    );
    expect(contact?.attribute).toBe('(object)');
    expect(contact?.values.find((v) => v.value === 'present')?.orders).toEqual([contosoFirst]);
    const errors = report.differences.find(
      (d) => d.side === 'tenant' && d.attribute === '(provisioningErrors)',
    );
    expect(errors?.label).toBe('Dana Fox');
    // Nothing about Ann Lee, who is in one forest only.
    expect(report.differences.some((d) => d.label === 'Ann Lee')).toBe(false);
  });

  it('finds none in the GALSync merger with user matching on mail', () => {
    const report = verifyOrder(scenario('galsync-merger'));
    expect(report.orderMatters).toBe(false);
    expect(report.orders).toHaveLength(2);
    expect(report.outcomes).toEqual([
      expect.objectContaining({ orders: report.orders, metaverseObjects: 4, tenantObjects: 4 }),
    ]);
    expect(report.differences).toEqual([]);
  });

  it('the same GALSync merger without user matching on mail depends on the order', () => {
    const cycle = { steps: [{ cycle: 'initial' as const }] };
    expect(verifyOrder(scenario('galsync-merger'), cycle).orderMatters).toBe(false);
    const report = verifyOrder(
      scenario('galsync-merger', (s) => {
        s.installation.userMatching = 'none';
      }),
      cycle,
    );
    expect(report.orderMatters).toBe(true);
  });

  it('a duplicate UPN: which object keeps it depends on the export order; the digits do not count', () => {
    const report = verifyOrder(scenario('duplicate-upn'), {
      steps: [{ cycle: 'initial' }],
      settle: false,
    });
    expect(report.orderMatters).toBe(true);
    const upns = report.differences.filter((d) => d.attribute === 'userPrincipalName');
    expect(upns.map((d) => d.label).sort()).toEqual(['John Doe', 'John Smith']);
    for (const d of upns)
      expect(d.values.map((v) => v.value).sort()).toEqual([
        'john####@contoso.onmicrosoft.com',
        'john@contoso.com',
      ]);
    // After John Smith is deleted the quarantined values come back: no difference left.
    expect(verifyOrder(scenario('duplicate-upn')).orderMatters).toBe(false);
  });

  it('settling with a delta cycle lets references exported before their targets resolve', () => {
    const s = scenario('account-resource-forest');
    const unsettled = verifyOrder(s, { settle: false });
    expect(unsettled.orderMatters).toBe(true);
    expect(unsettled.differences.map((d) => d.attribute)).toContain('member');
    expect(verifyOrder(s).orderMatters).toBe(false);
  });

  it('lists at most maxDifferences and counts the rest', () => {
    const report = verifyOrder(scenario('user-matching-pitfall'), { maxDifferences: 2 });
    expect(report.differences).toHaveLength(2);
    expect(report.omittedDifferences).toBeGreaterThan(0);
  });

  it('a step that fails under every order is reported as a failure', () => {
    const report = verifyOrder(scenario('galsync-merger'), {
      steps: [{ run: 'Export', connector: 'nowhere' }],
    });
    expect(report.orderMatters).toBe(false);
    expect(report.outcomes[0]?.failure).toContain('nowhere');
  });
});

function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = verifyOrderCommand(args, {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    readFile: (p) => readFileSync(p, 'utf8'),
  });
  return { code, out, err };
}

describe('synclab verify-order', () => {
  it('exits 1 and prints the report when the order matters', () => {
    const r = cli([fileOf('user-matching-pitfall')]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { orderMatters: boolean; orders: string[][] };
    expect(report.orderMatters).toBe(true);
    expect(report.orders.map(orderText)).toEqual([
      'contoso.com > fabrikam.com',
      'fabrikam.com > contoso.com',
    ]);
  });

  it('exits 0 when it does not', () => {
    const r = cli([fileOf('galsync-merger'), '--samples', '3', '--seed', '9']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).orderMatters).toBe(false);
  });

  it('exits 2 on bad input', () => {
    expect(cli([]).code).toBe(2);
    expect(cli([fileOf('does-not-exist')]).err).toContain('cannot read');
    expect(cli([fileOf('galsync-merger'), '--samples', '0']).code).toBe(2);
    expect(cli([fileOf('galsync-merger'), '--bogus']).code).toBe(2);
    const bad = cli(['x.json']);
    expect(bad.code).toBe(2);
  });

  it('exits 2 with the JSON path when the scenario is invalid', () => {
    let err = '';
    const code = verifyOrderCommand(['bad.json'], {
      stdout: () => {},
      stderr: (t) => {
        err += t;
      },
      readFile: () => '{"synclab": 1, "name": "x", "forests": [], "bogus": 1}',
    });
    expect(code).toBe(2);
    expect(err).toContain('bad.json');
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, type Scenario } from '../io/scenario.ts';
import { createEngine, scenarioStepEvents } from '../sync/scenario-runner.ts';
import type { SyncEngine } from '../sync/engine.ts';
import { decidingPart, scopeVerdict, whyNotInEntra, whyNotJoined } from './explain.ts';
import { compareMv, mvHistory, mvReport } from './mv-details.ts';
import { searchMetaverse } from './mv-query.ts';

function builtIn(id: string, edit?: (doc: Record<string, unknown>) => void): Scenario {
  const doc = JSON.parse(readFileSync(`scenarios/${id}.json`, 'utf8')) as Record<string, unknown>;
  edit?.(doc);
  const parsed = parseScenario(JSON.stringify(doc));
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  return parsed.scenario;
}

/** Runs each step after a journal mark named like the worker's workspace actions. */
function run(scenario: Scenario): SyncEngine {
  const e = createEngine(scenario);
  e.journal.mark('Scenario loaded');
  for (const step of scenario.steps) {
    e.journal.mark(
      'cycle' in step
        ? `Run ${step.cycle} cycle`
        : 'run' in step
          ? `${step.connector}: ${step.run}`
          : 'Change',
    );
    const gen = scenarioStepEvents(e, step);
    for (let r = gen.next(); !r.done; r = gen.next());
  }
  return e;
}

function mvByName(e: SyncEngine, name: string, extra: Record<string, string> = {}): string[] {
  return searchMetaverse(e, {
    query: {
      groups: [
        [
          { attribute: 'displayName', operator: 'Equals', value: name },
          ...Object.entries(extra).map(([attribute, value]) => ({
            attribute,
            operator: 'Equals' as const,
            value,
          })),
        ],
      ],
    },
  }).rows.map((r) => r.id);
}

function csByDn(e: SyncEngine, connector: string, dn: string): string {
  const id = e.csIdByDn(connector, dn);
  if (!id) throw new Error(`no ${dn}`);
  return id;
}

describe('scopeVerdict', () => {
  it('names the first failing clause of each OR group, and holds when one group holds', () => {
    const filter = [
      [
        { attribute: 'cloudFiltered', operator: 'NOTEQUAL' as const, value: 'True' },
        { attribute: 'sourceObjectType', operator: 'EQUAL' as const, value: 'User' },
      ],
      [{ attribute: 'isCriticalSystemObject', operator: 'ISNULL' as const, value: '' }],
    ];
    const out = scopeVerdict('R', 100, filter, {
      attributes: { cloudFiltered: true, sourceObjectType: 'User', isCriticalSystemObject: true },
    });
    expect(out.inScope).toBe(false);
    expect(out.failed.map((f) => f.text)).toEqual([
      'cloudFiltered NOTEQUAL True fails: cloudFiltered is true',
      'isCriticalSystemObject ISNULL fails: isCriticalSystemObject is true',
    ]);
    expect(
      scopeVerdict('R', 100, filter, { attributes: { sourceObjectType: 'User' } }),
    ).toMatchObject({
      inScope: true,
      failed: [],
    });
  });
});

describe('decidingPart', () => {
  const expr =
    'IIF(IsPresent([isCriticalSystemObject]) || IsPresent([sAMAccountName]) = False || Left([sAMAccountName], 4) = "AAD_", True, NULL)';
  it('finds the first true disjunct of an IIF condition', () => {
    expect(
      decidingPart(expr, { attributes: { isCriticalSystemObject: true, sAMAccountName: 'x' } }),
    ).toBe('IsPresent([isCriticalSystemObject]) is True (isCriticalSystemObject = true)');
    expect(decidingPart(expr, { attributes: { sAMAccountName: 'AAD_1' } })).toBe(
      'Left([sAMAccountName], 4) = "AAD_" is True (sAMAccountName = AAD_1)',
    );
  });
  it('reports a false condition whole, and nothing for other shapes', () => {
    expect(decidingPart('IIF([a] = 1, True, NULL)', { attributes: { a: 2 } })).toBe(
      '[a] = 1 is False (a = 2)',
    );
    expect(decidingPart('Trim([a])', { attributes: { a: 'x' } })).toBeUndefined();
  });
});

describe('GALSync merger: the promoted contact', () => {
  const e = run(builtIn('galsync-merger'));
  const [carl] = mvByName(e, 'Carl Berg');

  it('has one metaverse object whose sourceObjectType went from Contact to User', () => {
    expect(mvByName(e, 'Carl Berg')).toHaveLength(1);
    const h = mvHistory(e, carl as string);
    const sot = h.attributes.find((a) => a.name === 'sourceObjectType');
    expect(sot?.changes.map((c) => [c.label, c.value])).toEqual([
      ['contoso.com: Full Synchronization', 'Contact'],
      ['Run initial cycle', 'User'],
    ]);
    expect(h.events.map((x) => x.text)).toContain('Created as person.');
    expect(
      h.events.some((x) => x.text.startsWith('Connector linked: fabrikam.com CN=Carl Berg')),
    ).toBe(true);
  });

  it('reports the contributing rule, the step that last changed it and the contribution that lost', () => {
    const r = mvReport(e, carl as string);
    const sot = r?.attributes.find((a) => a.name === 'sourceObjectType');
    expect(sot).toMatchObject({
      display: 'User',
      connector: 'fabrikam.com',
      lastChanged: { label: 'Run initial cycle' },
    });
    expect(sot?.ruleName).toMatch(/^In from AD - User/);
    const contact = sot?.competing.find((c) => c.connector === 'contoso.com');
    expect(contact?.ruleName).toMatch(/^In from AD - Contact/);
    expect(contact?.value).toBe('Contact');
    expect(contact?.reason).toBe('lower precedence');
    expect((contact?.precedence ?? 0) > (sot?.precedence ?? 0)).toBe(true);
  });

  it('lists the connectors with the rule that joined, projected or provisioned each', () => {
    const r = mvReport(e, carl as string);
    const links = r?.connectors.map((c) => [c.connector, c.ruleName, c.link]);
    expect(links).toEqual([
      ['contoso.com', 'In from AD - Contact Join', 'projected'],
      ['fabrikam.com', 'In from AD - User Join', 'joined'],
      ['contoso.onmicrosoft.com - AAD', 'Out to AAD - User Join', 'provisioned'],
    ]);
  });

  it('is in Entra ID, and its CS objects are joined', () => {
    const why = whyNotInEntra(e, carl as string);
    expect(why.fine).toBe(true);
    expect(why.summary).toMatch(/^It is in Entra ID as user/);
    const cs = csByDn(e, 'fabrikam.com', 'CN=Carl Berg,OU=Fabrikam Users,DC=fabrikam,DC=com');
    expect(whyNotJoined(e, cs)).toMatchObject({
      fine: true,
      summary: `It is joined to metaverse object ${carl} by 'In from AD - User Join'.`,
    });
  });
});

describe('Why not in Entra ID?', () => {
  it('names the failing clause and why cloudFiltered is True (AAD_ service account)', () => {
    const e = run(builtIn('single-forest'));
    const [svc] = mvByName(e, 'On-Premises Directory Synchronization Service Account');
    const why = whyNotInEntra(e, svc as string);
    expect(why.fine).toBe(false);
    expect(why.summary).toBe(
      "Not in Entra ID: the provisioning rule 'Out to AAD - User Join' does not take it in scope (cloudFiltered NOTEQUAL True fails).",
    );
    expect(why.details[0]).toBe(
      "'Out to AAD - User Join' does not take it in scope: cloudFiltered NOTEQUAL True fails: cloudFiltered is true.",
    );
    expect(why.details).toContain(
      'cloudFiltered is true because Left([sAMAccountName], 4) = "AAD_" is True (sAMAccountName = AAD_8c1b3a0f5e2d) on CN=AAD_8c1b3a0f5e2d,CN=Users,DC=contoso,DC=com.',
    );
    expect(
      why.details.some((d) => /^cloudFiltered = true comes from 'In from AD - User Join'/.test(d)),
    ).toBe(true);
  });

  it('names isCriticalSystemObject when that decides', () => {
    const e = run(
      builtIn('single-forest', (doc) => {
        const forests = doc.forests as {
          objects: { dn: string; attributes: Record<string, unknown> }[];
        }[];
        const bob = forests[0]?.objects.find((o) => o.dn.startsWith('CN=Bob Kent'));
        // Present but False: the inbound rules take it (NOTEQUAL True), cloudFiltered does not.
        if (bob) bob.attributes.isCriticalSystemObject = false;
      }),
    );
    const [bob] = mvByName(e, 'Bob Kent');
    expect(bob).toBeDefined();
    const why = whyNotInEntra(e, bob as string);
    expect(
      why.details.some((d) =>
        d.includes(
          'because IsPresent([isCriticalSystemObject]) is True (isCriticalSystemObject = false)',
        ),
      ),
    ).toBe(true);
  });

  it('names the export error that stopped it', () => {
    const e = run(builtIn('single-forest'));
    const [ann] = mvByName(e, 'Ann Lee');
    const mv = e.mv.get(ann as string);
    const aad = mv?.connectors
      .map((id) => e.cs.get(id))
      .find((c) => c?.connector.endsWith('- AAD'));
    if (!aad) throw new Error('no AAD object');
    e.cs.set(aad.id, {
      ...aad,
      exportError: { type: 'AttributeValueMustBeUnique', message: 'mail is taken.' },
    });
    expect(whyNotInEntra(e, ann as string)).toMatchObject({
      fine: false,
      summary: 'The export to Entra ID failed: AttributeValueMustBeUnique.',
    });
  });
});

describe('Why is this connector-space object not joined?', () => {
  it('names the inbound scoping clause (critical system groups)', () => {
    const e = run(builtIn('group-mail-enabled'));
    const cs = csByDn(e, 'contoso.com', 'CN=Domain Admins,CN=Users,DC=contoso,DC=com');
    const why = whyNotJoined(e, cs);
    expect(why.fine).toBe(false);
    expect(why.summary).toBe(
      'No inbound rule that joins or projects takes it in scope, so it stays a disconnector.',
    );
    expect(
      why.details.some((d) =>
        d.startsWith(
          "'In from AD - Group Join' does not take it in scope: isCriticalSystemObject NOTEQUAL True fails: isCriticalSystemObject is true",
        ),
      ),
    ).toBe(true);
  });

  it('says which join group found several metaverse objects', () => {
    const e = run(
      builtIn('user-matching-pitfall', (doc) => {
        const forests = doc.forests as Record<string, unknown>[];
        forests.push({
          name: 'northwind.com',
          netbios: 'NORTHWIND',
          objects: [
            {
              dn: 'CN=Dana Fox,OU=GAL,DC=northwind,DC=com',
              objectClass: 'contact',
              attributes: {
                objectGUID: '0e581d7a-e4b7-4882-ac0f-91bb88bd9ddd',
                displayName: 'Dana Fox',
                mail: 'dana.fox@fabrikam.com',
                proxyAddresses: ['SMTP:dana.fox@fabrikam.com'],
              },
            },
          ],
        });
        doc.steps = [
          { run: 'Full Import', connector: 'contoso.com' },
          { run: 'Full Import', connector: 'fabrikam.com' },
          { run: 'Full Import', connector: 'northwind.com' },
          { run: 'Full Synchronization', connector: 'contoso.com' },
          { run: 'Full Synchronization', connector: 'fabrikam.com' },
        ];
      }),
    );
    expect(mvByName(e, 'Dana Fox')).toHaveLength(2);
    const cs = csByDn(e, 'northwind.com', 'CN=Dana Fox,OU=GAL,DC=northwind,DC=com');
    const why = whyNotJoined(e, cs);
    expect(why.fine).toBe(false);
    expect(why.details[0]).toMatch(/not synchronized yet/);
    const group = why.details.find((d) =>
      d.startsWith(
        "Join group 1 of 'In from AD - Contact Join' (mail = mail) found 2 metaverse objects",
      ),
    );
    expect(group).toBeDefined();
    expect(why.summary).toBe(
      "No join group found exactly one match; 'In from AD - Contact Join' projects it at the next synchronization.",
    );
  });
});

describe('compareMv', () => {
  it('shows the two objects with the same mail side by side (user matching pitfall)', () => {
    const e = run(builtIn('user-matching-pitfall'));
    const [a, b] = mvByName(e, 'Dana Fox');
    const c = compareMv(e, a as string, b as string);
    const row = (name: string) => c?.rows.find((r) => r.attribute === name);
    expect(row('mail')).toMatchObject({
      left: 'dana.fox@fabrikam.com',
      right: 'dana.fox@fabrikam.com',
      same: true,
    });
    const sot = row('sourceObjectType');
    expect(sot?.same).toBe(false);
    expect([sot?.left, sot?.right].sort()).toEqual(['Contact', 'User']);
    expect(sot?.leftRule).toMatch(/^In from AD - (User|Contact)/);
    expect(
      c?.left.connectors.some((x) => x.startsWith('contoso.com') || x.startsWith('fabrikam.com')),
    ).toBe(true);
    expect(compareMv(e, a as string, 'nope')).toBeUndefined();
  });
});

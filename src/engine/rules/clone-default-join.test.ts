/**
 * Cloning "In from AD - User Join" in the Synchronization Rules Editor (the original disabled, the
 * clone at 99): the objects it joined must stay joined. The product evaluates join rules once; an
 * object stays joined while a rule that links it is in scope (DOCS/concept-azure-ad-connect-sync-
 * declarative-provisioning, "Join"), and the best-practice page tells admins to clone exactly this
 * rule to change the join.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cloneDefaultRule } from '../defaults/index.ts';
import { Session } from '../index.ts';

async function settledSingleForest() {
  const session = new Session();
  const text = readFileSync(
    new URL('../../../scenarios/single-forest.json', import.meta.url),
    'utf8',
  );
  const loaded = session.load(text);
  if (!loaded.ok) throw new Error(loaded.messages.join('\n'));
  await session.runSteps();
  await session.runCycle('delta');
  return session;
}

/** Each metaverse object with its connectors (connector, DN) and the rule that linked them. */
function links(session: Session) {
  return session
    .result()
    .metaverse.map((m) => ({
      id: m.id,
      connectors: m.connectors.map((c) => `${c.connector} | ${c.dn}`).sort(),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

describe('cloning In from AD - User Join', () => {
  it('the workspace has users joined by the default rule', async () => {
    const session = await settledSingleForest();
    const joined = session
      .result()
      .metaverse.flatMap((m) => m.connectors)
      .filter((c) => c.rule.startsWith('In from AD - User Join'));
    expect(joined.length).toBeGreaterThan(0);
  });

  // What went wrong before: SyncEngine.syncObject disconnected a joined object when
  // the rule id recorded in its link (cs.link.ruleId, the original's) was not among the rules in
  // scope. The clone has another id, so every object the original joined was disconnected, the
  // metaverse object lost its last Provision rule and was deleted, its Entra ID object was
  // deprovisioned, and the clone then projected a new metaverse object and provisioned again.
  // The fix (in syncObject): keep the link while the rule that made it, or another rule in scope of
  // the same link type that can link (the clone), is in scope, and move the link's lineage to it.
  it('keeps the joined objects joined through the next Full Synchronization', async () => {
    const session = await settledSingleForest();
    const before = links(session);
    const rules = session.rules();
    const original = rules.find((r) => r.name === 'In from AD - User Join');
    if (!original) throw new Error('no In from AD - User Join');
    const cloned = cloneDefaultRule(original, rules);
    if (!cloned.ok) throw new Error(cloned.message);
    expect(cloned.clone.precedence).toBe(99);
    session.putRule({ ...original, disabled: true });
    session.putRule(cloned.clone);

    const full = await session.runProfile('contoso.com', 'Full Synchronization');
    expect(full.counts).toMatchObject({
      disconnectors: 0,
      projections: 0,
      joins: 0,
      deprovisioned: 0,
      provisioned: 0,
    });
    // The same metaverse objects, joined to the same objects in both connector spaces ...
    expect(links(session)).toEqual(before);
    // ... nothing to delete or add in Entra ID ...
    const aad = session.search({
      scope: 'contoso.onmicrosoft.com - AAD',
      states: ['pending-export-delete', 'pending-export-add'],
    });
    expect(aad.total).toBe(0);
    // ... and the lineage names the rule in scope now: the clone (same name, new identifier).
    const engine = session.engineState();
    const linkedBy = [...(engine?.cs.values() ?? [])]
      .filter((c) => c.connector === 'contoso.com' && c.objectType === 'user' && c.mvId)
      .map((c) => c.link?.ruleId);
    expect(linkedBy.length).toBeGreaterThan(0);
    expect(new Set(linkedBy)).toEqual(new Set([cloned.clone.id]));
  });
});

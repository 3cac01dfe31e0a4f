/**
 * Prevent accidental deletes (spec §1.9): when the pending deletes of an export to Entra ID exceed
 * the threshold (500 by default), the export deletes nothing (and exports nothing at all), ends
 * `stopped-deletion-threshold-exceeded` and reports event 116; the administrator may disable the
 * threshold, export, and enable it again.
 */
import { describe, expect, it } from 'vitest';
import { aadOf, loadDoc, runScenario, runsOf, variant, withSteps } from './harness.ts';

const DOC = loadDoc('deletion-threshold');
const AAD = aadOf(DOC);
const STEPS = DOC.steps ?? [];
/** The initial cycle, the 12 deletes of the Sales OU and the delta cycle. */
const THROUGH_DELTA = STEPS.slice(
  0,
  STEPS.findIndex((s) => 'tenant' in s),
);
const MIRIAM = 'CN=Miriam Graham,OU=IT,DC=contoso,DC=com';
const WITH_TITLE_CHANGE = [
  ...THROUGH_DELTA.slice(0, -1),
  { modify: { forest: 'contoso.com', dn: MIRIAM, set: { title: 'CIO' } } },
  ...THROUGH_DELTA.slice(-1),
];

describe('the deletion threshold', () => {
  it('past it, the Entra ID export deletes nothing and exports nothing', () => {
    // An ordinary change in the same cycle is held back too: nothing is exported.
    const r = runScenario(withSteps(DOC, WITH_TITLE_CHANGE));
    const exp = runsOf(r, AAD, 'Export').at(-1);
    expect(exp?.status).toBe('stopped-deletion-threshold-exceeded');
    expect(exp?.counts).toMatchObject({ adds: 0, updates: 0, deletes: 0 });
    expect(exp?.message).toContain(
      'The number of deletions for this sync cycle (12 pending deletes) has exceeded the current threshold of 10 objects',
    );
    expect(r.tenant.filter((t) => t.objectType === 'user')).toHaveLength(14);
    const miriam = r.tenant.find((t) => t.attributes.displayName === 'Miriam Graham');
    expect(miriam?.attributes.title).not.toBe('CIO');
  });

  it('disabled by the administrator, the next export deletes them', () => {
    const r = runScenario(DOC);
    const exports = runsOf(r, AAD, 'Export');
    expect(exports.at(-1)?.status).toBe('success');
    expect(exports.at(-1)?.counts.deletes).toBe(12);
    expect(r.tenant.map((t) => t.attributes.displayName).sort()).toEqual([
      'Miriam Graham',
      'Pradeep Gupta',
    ]);
  });

  it('exactly the threshold is not past it', () => {
    const deletes = THROUGH_DELTA.filter((s) => 'delete' in s);
    const r = runScenario(
      withSteps(DOC, [STEPS[0] ?? {}, ...deletes.slice(0, 10), { cycle: 'delta' }]),
    );
    const exp = runsOf(r, AAD, 'Export').at(-1);
    expect(exp?.status).toBe('success');
    expect(exp?.counts.deletes).toBe(10);
  });

  it('the default threshold is 500', () => {
    const doc = variant(DOC, (d) => {
      delete d.tenant.deletionThreshold;
    });
    const r = runScenario(withSteps(doc, WITH_TITLE_CHANGE));
    const exp = runsOf(r, AAD, 'Export').at(-1);
    expect(exp?.status).toBe('success');
    expect(exp?.counts.deletes).toBe(12);
    const miriam = r.tenant.find((t) => t.attributes.displayName === 'Miriam Graham');
    expect(miriam?.attributes.title).toBe('CIO');
  });
});

/**
 * Seed "Understanding Users, Groups, and Contacts", section Changing sourceAnchor: once exported,
 * cloudSourceAnchor holds the value Entra ID accepted; if sourceAnchor no longer matches it, "Out to
 * Microsoft Entra ID – User Join" throws "SourceAnchor attribute has changed." and the object is not
 * synchronized until the same sourceAnchor is present in the metaverse again.
 */
import { describe, expect, it } from 'vitest';
import {
  aadOf,
  adObject,
  allErrors,
  immutableIdOf,
  loadDoc,
  mv,
  runScenario,
  runsOf,
  tenantObject,
  withSteps,
} from './harness.ts';

const DOC = loadDoc('sourceanchor-change');
const STEPS = DOC.steps ?? [];
const ANN = adObject(DOC, 'contoso.com', 'CN=Ann Lee,');
const ORIGINAL = immutableIdOf(String(ANN['mS-DS-ConsistencyGuid']));
const MESSAGE = 'SourceAnchor attribute has changed.';

describe('a sourceAnchor change after export', () => {
  it('the export is confirmed: cloudSourceAnchor holds the value Entra ID accepted', () => {
    const r = runScenario(withSteps(DOC, STEPS.slice(0, 2)));
    expect(mv(r, 'Ann Lee').attributes.cloudSourceAnchor).toBe(ORIGINAL);
    expect(tenantObject(r, 'Ann Lee').attributes.sourceAnchor).toBe(ORIGINAL);
    expect(allErrors(r)).toEqual([]);
  });

  it('is an error, and the object is not synchronized (her title change does not flow)', () => {
    const r = runScenario(withSteps(DOC, STEPS.slice(0, 4)));
    const ann = mv(r, 'Ann Lee');
    expect(ann.attributes.sourceAnchor).not.toBe(ORIGINAL);
    expect(ann.attributes.cloudSourceAnchor).toBe(ORIGINAL);
    const sync = runsOf(r, 'contoso.com', 'Delta Synchronization').at(-1);
    expect(sync?.status).toBe('completed-sync-errors');
    expect(sync?.errors).toEqual([
      {
        dn: 'CN=Ann Lee,OU=Contoso Users,DC=contoso,DC=com',
        type: 'sync-rule-error-function-triggered',
        message: MESSAGE,
      },
    ]);
    const t = tenantObject(r, 'Ann Lee');
    expect(t.attributes.sourceAnchor).toBe(ORIGINAL);
    expect(t.attributes.title).toBe(ANN.title);
  });

  it('changing it back resumes: the error clears and the pending change flows', () => {
    const r = runScenario(DOC);
    const lastCycle = r.runs.slice(-6);
    expect(lastCycle.flatMap((x) => x.errors)).toEqual([]);
    expect(runsOf(r, aadOf(DOC), 'Export').at(-1)?.counts.updates).toBe(1);
    expect(mv(r, 'Ann Lee').attributes.sourceAnchor).toBe(ORIGINAL);
    const t = tenantObject(r, 'Ann Lee');
    expect(t.attributes.sourceAnchor).toBe(ORIGINAL);
    expect(t.attributes.title).toBe('Senior Buyer');
  });

  it('the error repeats on every cycle until the sourceAnchor is corrected', () => {
    const r = runScenario(
      withSteps(DOC, [...STEPS.slice(0, 4), { cycle: 'delta' }, { cycle: 'initial' }]),
    );
    const messages = allErrors(r).filter((e) => e.message === MESSAGE);
    // The delta cycle after the change and the full synchronization: each reports it again.
    expect(messages.length).toBeGreaterThanOrEqual(2);
    expect(tenantObject(r, 'Ann Lee').attributes.title).toBe(ANN.title);
  });

  it('before the first export a changed sourceAnchor is simply the value exported', () => {
    const changed = 'c948f538-8863-4913-9898-77e380784beb';
    const r = runScenario(
      withSteps(DOC, [
        {
          modify: {
            forest: 'contoso.com',
            dn: 'CN=Ann Lee,OU=Contoso Users,DC=contoso,DC=com',
            set: { 'mS-DS-ConsistencyGuid': changed },
          },
        },
        { cycle: 'initial' },
        { cycle: 'delta' },
      ]),
    );
    expect(allErrors(r)).toEqual([]);
    expect(tenantObject(r, 'Ann Lee').attributes.sourceAnchor).toBe(immutableIdOf(changed));
  });
});

import { describe, expect, it } from 'vitest';
import { createEngine } from '../sync/scenario-runner.ts';
import { scenario } from '../sync/test-helpers.ts';
import { mvHistory } from './mv-details.ts';

function engine() {
  const e = createEngine(scenario({ forests: [{ name: 'contoso.com', objects: [] }] }));
  const put = (attributes: Record<string, string>) =>
    e.mv.set('mv1', { id: 'mv1', objectType: 'person', attributes, connectors: [], version: 1 });
  return { e, put };
}

describe('mvHistory', () => {
  it('lists the value after each step that changed it, and creation and deletion', () => {
    const { e, put } = engine();
    e.journal.mark('step 1');
    put({ sourceObjectType: 'Contact', mail: 'a@x' });
    e.journal.mark('step 2');
    e.journal.mark('step 3');
    put({ sourceObjectType: 'User', mail: 'a@x' });
    e.journal.mark('step 4');
    put({ sourceObjectType: 'User' });
    const h = mvHistory(e, 'mv1');
    expect(h.steps.map((s) => s.label)).toEqual(['step 1', 'step 2', 'step 3', 'step 4']);
    expect(h.attributes).toEqual([
      {
        name: 'mail',
        changes: [
          { stepId: 1, label: 'step 1', value: 'a@x' },
          { stepId: 4, label: 'step 4' },
        ],
      },
      {
        name: 'sourceObjectType',
        changes: [
          { stepId: 1, label: 'step 1', value: 'Contact' },
          { stepId: 3, label: 'step 3', value: 'User' },
        ],
      },
    ]);
    expect(h.events).toEqual([{ stepId: 1, label: 'step 1', text: 'Created as person.' }]);
    e.journal.mark('step 5');
    e.mv.delete('mv1');
    expect(mvHistory(e, 'mv1').events.at(-1)).toEqual({
      stepId: 5,
      label: 'step 5',
      text: 'Deleted.',
    });
  });

  it('forgets the steps a restore undid', () => {
    const { e, put } = engine();
    e.journal.mark('step 1');
    put({ sourceObjectType: 'Contact' });
    const back = e.journal.mark('step 2');
    put({ sourceObjectType: 'User' });
    e.journal.restore(back);
    const h = mvHistory(e, 'mv1');
    expect(h.attributes[0]?.changes.map((c) => c.value)).toEqual(['Contact']);
  });
});

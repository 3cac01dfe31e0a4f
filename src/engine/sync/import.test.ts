import { describe, expect, it } from 'vitest';
import type { Scenario } from '../io/scenario.ts';
import {
  addDirectoryObject,
  deleteDirectoryObject,
  modifyDirectoryObject,
  moveDirectoryObject,
} from './directory.ts';
import type { SyncEngine } from './engine.ts';
import type { RunProfileName, RunRecord } from './model.ts';
import { createEngine, runScenarioSteps } from './scenario-runner.ts';
import type { ImportTrace, StepEvent } from './trace.ts';
import { AAD, scenario, user } from './test-helpers.ts';

const CONTOSO = 'contoso.com';
const annDn = 'CN=Ann,OU=Users,DC=contoso,DC=com';

function engineOf(s: Scenario, steps: Scenario['steps'] = []): SyncEngine {
  const e = createEngine(s);
  const out = runScenarioSteps(e, steps);
  if (!out.ok) throw new Error(out.message);
  return e;
}

/** Every event of one run profile, and its run record. */
function steps(
  e: SyncEngine,
  connector: string,
  profile: RunProfileName,
  options: { trace?: boolean; isCancelled?: () => boolean } = {},
): { events: StepEvent[]; record: RunRecord } {
  const gen = e.runProfileSteps(connector, profile, options);
  const events: StepEvent[] = [];
  for (;;) {
    const r = gen.next();
    if (r.done) return { events, record: r.value };
    events.push(r.value);
  }
}

const objectSteps = (events: StepEvent[]) =>
  events.filter((ev): ev is Extract<StepEvent, { kind: 'object' }> => ev.kind === 'object');

const traces = (events: StepEvent[]): ImportTrace[] =>
  objectSteps(events).map((ev) => {
    if (!ev.importTrace) throw new Error(`no import trace for ${ev.dn}`);
    return ev.importTrace;
  });

/** Counted objects in the order the run lists them, per statistic. */
const countedIds = (r: RunRecord) => Object.values(r.changed).flat().sort().join(',');

/** The connector space of one connector as plain data, to compare two engines. */
function space(e: SyncEngine, connector: string) {
  return [...e.csIds(connector)].map((id) => e.cs.get(id));
}

const fourUsers = scenario({
  forests: [
    {
      name: CONTOSO,
      objects: [
        user('Ann', { mail: 'ann@contoso.com' }),
        user('Bob'),
        user('Cid', { manager: annDn }),
        user('Dee'),
      ],
    },
  ],
});

describe('import steps', () => {
  it('a Full Import is one step per staged object, in the order of the run, with the staged values', () => {
    const e = engineOf(fourUsers);
    const { events, record } = steps(e, CONTOSO, 'Full Import', { trace: true });
    expect(events[0]?.kind).toBe('run-start');
    expect(events.at(-1)).toMatchObject({ kind: 'run-end', status: 'success' });
    const objects = objectSteps(events);
    expect(objects.map((o) => o.dn)).toEqual([
      annDn,
      'CN=Bob,OU=Users,DC=contoso,DC=com',
      'CN=Cid,OU=Users,DC=contoso,DC=com',
      'CN=Dee,OU=Users,DC=contoso,DC=com',
    ]);
    expect(record.counts.adds).toBe(4);
    expect(objects.map((o) => o.csId)).toEqual(record.changed.adds);
    const ann = traces(events)[0];
    expect(ann?.operation).toBe('Add');
    expect(ann?.connector).toBe(CONTOSO);
    expect(ann?.changes).toEqual(e.cs.get(objects[0]?.csId ?? '')?.pendingImport?.changes);
    expect(ann?.changes.find((c) => c.attribute === 'mail')).toEqual({
      attribute: 'mail',
      kind: 'add',
      newValue: 'ann@contoso.com',
    });
    // Cid's manager reference: a placeholder is not a step.
    expect(objects).toHaveLength(4);
  });

  it('a reference to an object the import did not read makes one placeholder, whatever the case of its DN', () => {
    const zed = 'CN=Zed,OU=Users,DC=contoso,DC=com';
    const e = engineOf(
      scenario({
        forests: [
          {
            name: CONTOSO,
            objects: [
              user('Ann'),
              user('Bob', { manager: annDn }),
              user('Cid', { manager: zed }),
              user('Dee', { manager: zed.toLowerCase() }),
            ],
          },
        ],
      }),
    );
    e.runProfile(CONTOSO, 'Full Import');
    const placeholders = [...e.csIds(CONTOSO)]
      .map((id) => e.cs.get(id))
      .filter((cs) => cs?.state === 'placeholder');
    expect(placeholders.map((cs) => cs?.dn)).toEqual([zed]);
  });

  it('stages the same objects, counts and order with and without steps and traces', () => {
    const change = (e: SyncEngine) => {
      modifyDirectoryObject(e, CONTOSO, 'CN=Bob,OU=Users,DC=contoso,DC=com', {
        displayName: 'Robert',
      });
      moveDirectoryObject(e, CONTOSO, annDn, 'CN=Ann,OU=Sales,DC=contoso,DC=com');
      deleteDirectoryObject(e, CONTOSO, 'CN=Dee,OU=Users,DC=contoso,DC=com');
      addDirectoryObject(e, CONTOSO, {
        dn: 'CN=Eve,OU=Users,DC=contoso,DC=com',
        objectClass: 'user',
        attributes: { sAMAccountName: 'eve', displayName: 'Eve' },
      });
    };
    for (const profile of ['Full Import', 'Delta Import'] as const) {
      const plain = engineOf(fourUsers, [{ cycle: 'initial' }]);
      const stepped = engineOf(fourUsers, [{ cycle: 'initial' }]);
      change(plain);
      change(stepped);
      const whole = plain.runProfile(CONTOSO, profile);
      const { events, record } = steps(stepped, CONTOSO, profile, { trace: true });
      expect(record.counts).toEqual(whole.counts);
      expect(record.changed).toEqual(whole.changed);
      expect(space(stepped, CONTOSO)).toEqual(space(plain, CONTOSO));
      expect(stepped.meta.get('wm:' + CONTOSO)).toBe(plain.meta.get('wm:' + CONTOSO));
      // One step per counted object, and nothing else.
      const objects = objectSteps(events);
      expect(
        objects
          .map((o) => o.csId)
          .sort()
          .join(','),
      ).toBe(countedIds(record));
      const byDn = new Map(traces(events).map((t) => [t.dn, t]));
      expect(byDn.get('CN=Bob,OU=Users,DC=contoso,DC=com')).toMatchObject({
        operation: 'Update',
        changes: [
          { attribute: 'displayName', kind: 'replace', oldValue: 'Bob', newValue: 'Robert' },
        ],
      });
      expect(byDn.get('CN=Ann,OU=Sales,DC=contoso,DC=com')).toMatchObject({
        operation: 'Rename',
        oldDn: annDn,
      });
      expect(byDn.get('CN=Dee,OU=Users,DC=contoso,DC=com')).toMatchObject({
        operation: 'Delete',
        changes: [],
      });
      expect(byDn.get('CN=Eve,OU=Users,DC=contoso,DC=com')?.operation).toBe('Add');
      // Cid's manager changed its DN too (the forest relinks references).
      expect(byDn.get('CN=Cid,OU=Users,DC=contoso,DC=com')).toMatchObject({
        operation: 'Update',
        changes: [{ attribute: 'manager', kind: 'replace' }],
      });
      expect(objects).toHaveLength(5);
    }
  });

  it("stages an update's changes as a value a copy keeps (spread, structuredClone, JSON)", () => {
    const e = engineOf(fourUsers, [{ cycle: 'initial' }]);
    const bob = [...(e.forests.get(CONTOSO)?.values() ?? [])].find((o) =>
      o.dn.startsWith('CN=Bob,'),
    );
    expect(modifyDirectoryObject(e, CONTOSO, bob?.dn ?? '', { displayName: 'Robert' }).ok).toBe(
      true,
    );
    e.runProfile(CONTOSO, 'Delta Import');
    const pi = [...e.csIds(CONTOSO)]
      .map((id) => e.cs.get(id))
      .find((c) => c?.pendingImport)?.pendingImport;
    const expected = [
      { attribute: 'displayName', kind: 'replace', oldValue: 'Bob', newValue: 'Robert' },
    ];
    expect(pi?.changes).toEqual(expected);
    expect(pi?.changes).toBe(pi?.changes);
    expect({ ...pi }.changes).toEqual(expected);
    expect(structuredClone(pi)?.changes).toEqual(expected);
    expect(JSON.parse(JSON.stringify(pi)).changes).toEqual(expected);
  });

  it('a Delete-Add when the object class changes under the same anchor', () => {
    const e = engineOf(fourUsers, [{ cycle: 'initial' }]);
    const store = e.forests.get(CONTOSO);
    const bob = [...(store?.values() ?? [])].find((o) => o.dn.startsWith('CN=Bob,'));
    if (!store || !bob) throw new Error('no Bob');
    store.set(bob.guid, { ...bob, objectClass: 'contact', usn: e.nextSeq('usn:' + CONTOSO) });
    const { events, record } = steps(e, CONTOSO, 'Delta Import', { trace: true });
    expect(record.counts.deleteAdds).toBe(1);
    expect(traces(events)).toMatchObject([{ operation: 'Delete-Add', objectType: 'contact' }]);
  });

  it('an import that changes nothing has no step, only progress for the objects it read', () => {
    const many = scenario({
      forests: [
        {
          name: CONTOSO,
          objects: Array.from({ length: 1203 }, (_, i) =>
            user(`User ${String(i).padStart(4, '0')}`),
          ),
        },
      ],
    });
    const e = engineOf(many, [{ cycle: 'initial' }, { cycle: 'delta' }]);
    const { events, record } = steps(e, CONTOSO, 'Full Import', { trace: true });
    expect(objectSteps(events)).toEqual([]);
    expect(record.status).toBe('success');
    const progress = events.filter((ev) => ev.kind === 'progress');
    expect(progress.map((p) => (p.kind === 'progress' ? p.objects : 0))).toEqual([500, 500, 203]);
    // The tenant's import reads every cloud object: the 1,203 users exported.
    const aad = steps(e, AAD, 'Full Import');
    expect(objectSteps(aad.events)).toEqual([]);
    const read = aad.events.reduce((n, ev) => n + (ev.kind === 'progress' ? ev.objects : 0), 0);
    expect(read).toBe(e.tenant.objects().length);
  });

  it('is cancelled between objects: what was staged stays, no deletion is detected, the watermark stays', () => {
    const e = engineOf(fourUsers, [{ cycle: 'initial' }]);
    const wm = e.meta.get('wm:' + CONTOSO);
    for (const cn of ['Ann', 'Bob', 'Cid'])
      modifyDirectoryObject(e, CONTOSO, `CN=${cn},OU=Users,DC=contoso,DC=com`, {
        description: 'changed',
      });
    deleteDirectoryObject(e, CONTOSO, 'CN=Dee,OU=Users,DC=contoso,DC=com');
    let seen = 0;
    const isCancelled = () => seen >= 2;
    const gen = e.runProfileSteps(CONTOSO, 'Full Import', { isCancelled });
    let r = gen.next();
    while (!r.done) {
      if (r.value.kind === 'object') seen++;
      r = gen.next();
    }
    expect(r.value.status).toBe('stopped-user-cancelled');
    expect(r.value.counts).toMatchObject({ updates: 2, deletes: 0 });
    expect(e.pendingImportIds(CONTOSO).size).toBe(2);
    expect(e.meta.get('wm:' + CONTOSO)).toBe(wm);
    // The next Delta Import reads again from the old watermark: Cid, and Dee's tombstone.
    const next = e.runProfile(CONTOSO, 'Delta Import');
    expect(next.counts).toMatchObject({ updates: 3, deletes: 1 });
  });

  it('is cancelled while reading objects that changed nothing (through progress events)', () => {
    const e = engineOf(fourUsers, [{ cycle: 'initial' }, { cycle: 'delta' }]);
    let asked = 0;
    const { events, record } = steps(e, AAD, 'Full Import', {
      isCancelled: () => ++asked > 2,
    });
    expect(record.status).toBe('stopped-user-cancelled');
    expect(objectSteps(events)).toEqual([]);
    expect(events.filter((ev) => ev.kind === 'progress')).toMatchObject([{ objects: 2 }]);
    expect(events.at(-1)).toMatchObject({ kind: 'run-end', status: 'stopped-user-cancelled' });
  });

  it('steps the Entra ID import: the exported objects come back as updates with their cloud values', () => {
    const e = engineOf(fourUsers, [{ cycle: 'initial' }]);
    const { events, record } = steps(e, AAD, 'Delta Import', { trace: true });
    expect(record.counts.updates).toBe(4);
    const t = traces(events);
    expect(t.map((x) => x.operation)).toEqual(['Update', 'Update', 'Update', 'Update']);
    const cloud = e.tenant.objects().find((o) => o.attributes.displayName === 'Ann');
    expect(t[0]?.anchor).toBe(cloud?.id);
    expect(t[0]?.changes).toContainEqual({
      attribute: 'cloudAnchor',
      kind: 'add',
      newValue: `User_${cloud?.id}`,
    });
  });
});

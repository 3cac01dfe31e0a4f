/**
 * Placeholders (spec §1.1): a connector-space object stands for a DN that a reference names but
 * that was not imported. The real object that comes to hold the DN takes its place, whether it is
 * added (a new import object overwrites the placeholder) or renamed or moved onto it.
 */
import { describe, expect, it } from 'vitest';
import { Ref } from '../expr/values.ts';
import { addDirectoryObject, moveDirectoryObject } from './directory.ts';
import type { SyncEngine } from './engine.ts';
import type { RunProfileName } from './model.ts';
import { createEngine, runScenarioSteps } from './scenario-runner.ts';
import { baseRules, scenario, user } from './test-helpers.ts';

const CONTOSO = 'contoso.com';
const BOB = 'CN=Bob,OU=Users,DC=contoso,DC=com';
const ZED = 'CN=Zed,OU=Users,DC=contoso,DC=com';
const TEAM = 'CN=Team,OU=Groups,DC=contoso,DC=com';

/** Groups projected into the metaverse with their members. */
const groupRule = {
  name: 'In from AD - Group (contoso.com)',
  direction: 'Inbound',
  connector: CONTOSO,
  sourceObjectType: 'group',
  targetObjectType: 'group',
  linkType: 'Provision',
  precedence: 150,
  joinRules: [[{ source: 'objectGUID', target: 'sourceAnchorBinary' }]],
  transformations: [
    { target: 'sourceAnchorBinary', source: 'objectGUID' },
    { target: 'displayName', source: 'sAMAccountName' },
    { target: 'member', source: 'member' },
  ],
};

/** Ann and Bob, and a group whose member (written in another case) is not in the forest yet. */
function lab(): SyncEngine {
  const e = createEngine(
    scenario({
      forests: [
        {
          name: CONTOSO,
          objects: [
            user('Ann'),
            user('Bob'),
            {
              dn: TEAM,
              objectClass: 'group',
              attributes: { sAMAccountName: 'team', member: [ZED.toLowerCase()] },
            },
          ],
        },
      ],
      rules: [...baseRules([CONTOSO]), groupRule],
    }),
  );
  const r = runScenarioSteps(e, [{ cycle: 'initial' }]);
  if (!r.ok) throw new Error(r.message);
  return e;
}

/** The connector-space objects of contoso.com that hold `dn` (case-insensitively). */
function holders(e: SyncEngine, dn: string) {
  return [...e.csIds(CONTOSO)]
    .map((id) => e.cs.get(id))
    .filter((cs) => cs?.dn.toLowerCase() === dn.toLowerCase());
}

/** The metaverse objects the group Team's member references name. */
function teamMembers(e: SyncEngine): (string | undefined)[] {
  const team = holders(e, TEAM)[0];
  const mv = team?.mvId ? e.mv.get(team.mvId) : undefined;
  const member = mv?.attributes.member;
  return [member ?? []].flat().map((m) => (m instanceof Ref ? m.dn : String(m)));
}

function run(e: SyncEngine, ...profiles: RunProfileName[]): void {
  for (const p of profiles) {
    const r = e.runProfile(CONTOSO, p);
    expect(r.status, `${p}: ${JSON.stringify(r.errors)}`).toBe('success');
  }
}

describe('a placeholder gives way to the real object that comes to hold its DN', () => {
  it('the group references a DN not imported: a placeholder, and no member', () => {
    const e = lab();
    expect(holders(e, ZED).map((cs) => cs?.state)).toEqual(['placeholder']);
    expect(teamMembers(e)).toEqual([]);
  });

  it('an added object overwrites the placeholder (Delta Import, Delta Synchronization)', () => {
    const e = lab();
    const placeholder = holders(e, ZED)[0];
    addDirectoryObject(e, CONTOSO, {
      dn: ZED,
      objectClass: 'user',
      attributes: { sAMAccountName: 'zed', displayName: 'Zed', userAccountControl: 512 },
    });
    run(e, 'Delta Import', 'Delta Synchronization');
    const zed = holders(e, ZED);
    expect(zed).toHaveLength(1);
    expect(zed[0]?.id).toBe(placeholder?.id);
    expect(zed[0]?.state).toBe('connector');
  });

  for (const [importProfile, syncProfile] of [
    ['Delta Import', 'Delta Synchronization'],
    ['Full Import', 'Full Synchronization'],
  ] as const) {
    it(`an object renamed onto the placeholder's DN replaces it (${importProfile}, ${syncProfile})`, () => {
      const e = lab();
      const bob = holders(e, BOB)[0];
      expect(bob?.mvId).toBeDefined();
      expect(moveDirectoryObject(e, CONTOSO, BOB, ZED)).toEqual({ ok: true });
      run(e, importProfile);
      // The placeholder has given way at once: the import knows the DN is Bob's now.
      expect(holders(e, ZED).filter((cs) => cs?.state === 'placeholder')).toEqual([]);
      run(e, syncProfile);
      const zed = holders(e, ZED);
      expect(zed.map((cs) => cs?.id)).toEqual([bob?.id]);
      expect(zed[0]?.state).toBe('connector');
      expect(holders(e, BOB)).toEqual([]);
      // The group's member now names Bob's metaverse object: the DN is resolved to him (a
      // synchronization of the group, as a full one does, or when anything of it changes).
      run(e, 'Full Synchronization');
      expect(teamMembers(e)).toEqual([bob?.mvId]);
      // Nothing is left to stage or to create again.
      run(e, 'Full Import', 'Delta Synchronization');
      expect(holders(e, ZED).map((cs) => cs?.id)).toEqual([bob?.id]);
      expect(teamMembers(e)).toEqual([bob?.mvId]);
    });
  }

  it('an object added and renamed onto the DN before it was ever synchronized replaces it too', () => {
    const e = lab();
    const yan = 'CN=Yan,OU=Users,DC=contoso,DC=com';
    addDirectoryObject(e, CONTOSO, {
      dn: yan,
      objectClass: 'user',
      attributes: { sAMAccountName: 'yan', displayName: 'Yan', userAccountControl: 512 },
    });
    run(e, 'Delta Import');
    const added = holders(e, yan)[0];
    expect(moveDirectoryObject(e, CONTOSO, yan, ZED)).toEqual({ ok: true });
    run(e, 'Delta Import', 'Delta Synchronization');
    expect(holders(e, ZED).map((cs) => [cs?.id, cs?.state])).toEqual([[added?.id, 'connector']]);
  });

  it('a rename onto the DN written in another case replaces the placeholder too', () => {
    const e = lab();
    const bob = holders(e, BOB)[0];
    expect(moveDirectoryObject(e, CONTOSO, BOB, ZED.toUpperCase())).toEqual({ ok: true });
    run(e, 'Delta Import', 'Delta Synchronization');
    const zed = holders(e, ZED);
    expect(zed.map((cs) => cs?.id)).toEqual([bob?.id]);
    expect(zed[0]?.dn).toBe(ZED.toUpperCase());
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../io/scenario.ts';
import { Ref, type Value } from '../expr/values.ts';
import type { SyncEngine } from './engine.ts';
import {
  addDirectoryObject,
  deleteDirectoryObject,
  modifyDirectoryObject,
  moveDirectoryObject,
} from './directory.ts';
import { createEngine, runScenarioSteps } from './scenario-runner.ts';
import { scenario, user } from './test-helpers.ts';

const CONTOSO = 'contoso.com';
const FABRIKAM = 'fabrikam.com';
const ANN = 'CN=Ann,OU=Users,DC=contoso,DC=com';
const BOB = 'CN=Bob,OU=Users,DC=contoso,DC=com';

function group(cn: string, member: string[], domain = 'DC=contoso,DC=com') {
  return {
    dn: `CN=${cn},OU=Groups,${domain}`,
    objectClass: 'group',
    attributes: { member, groupType: -2147483646, sAMAccountName: cn.toLowerCase() },
  };
}

function lab(): SyncEngine {
  return createEngine(
    scenario({
      forests: [
        {
          name: CONTOSO,
          objects: [
            { dn: 'OU=Users,DC=contoso,DC=com', objectClass: 'organizationalUnit', attributes: {} },
            { dn: 'OU=Sales,DC=contoso,DC=com', objectClass: 'organizationalUnit', attributes: {} },
            user('Ann'),
            user('Bob', { manager: ANN }),
            group('Team', [ANN, BOB]),
            // Written with other spacing and case: AD compares DNs, not texts.
            group('Only Ann', ['cn=ann, ou=users, dc=contoso, dc=com']),
          ],
        },
        {
          name: FABRIKAM,
          objects: [
            user('Ann', {}, 'DC=fabrikam,DC=com'),
            group('Team', ['CN=Ann,OU=Users,DC=fabrikam,DC=com'], 'DC=fabrikam,DC=com'),
          ],
        },
      ],
    }),
  );
}

function object(e: SyncEngine, forest: string, dn: string) {
  const guid = e.forestDnIndex(forest)?.get(dn.toLowerCase());
  return guid ? e.forests.get(forest)?.get(guid) : undefined;
}

function dns(v: Value | undefined): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => (x instanceof Ref ? x.dn : String(x)));
}

describe('linked attributes of the simulated forests', () => {
  it('deleting an object removes it from every member and manager of its forest', () => {
    const e = lab();
    expect(deleteDirectoryObject(e, CONTOSO, ANN)).toEqual({ ok: true });
    expect(
      dns(object(e, CONTOSO, 'CN=Team,OU=Groups,DC=contoso,DC=com')?.attributes.member),
    ).toEqual([BOB]);
    // A group left without members has no member attribute, as in AD.
    const only = object(e, CONTOSO, 'CN=Only Ann,OU=Groups,DC=contoso,DC=com');
    expect(only?.attributes).not.toHaveProperty('member');
    expect(object(e, CONTOSO, BOB)?.attributes).not.toHaveProperty('manager');
    // Another forest's objects of the same name are not touched.
    expect(
      dns(object(e, FABRIKAM, 'CN=Team,OU=Groups,DC=fabrikam,DC=com')?.attributes.member),
    ).toEqual(['CN=Ann,OU=Users,DC=fabrikam,DC=com']);
  });

  it('the next delta import sees the deletion and the groups that lost the member', () => {
    const e = lab();
    const first = runScenarioSteps(e, [{ cycle: 'initial' }]);
    expect(first.ok).toBe(true);
    deleteDirectoryObject(e, CONTOSO, ANN);
    const r = runScenarioSteps(e, [{ run: 'Delta Import', connector: CONTOSO }]);
    if (!r.ok) throw new Error(r.message);
    // Ann is a delete; Bob (manager), Team and Only Ann (member) are updates.
    expect(r.runs[0]?.counts.deletes).toBe(1);
    expect(r.runs[0]?.counts.updates).toBe(3);
    const team = [...e.cs.values()].find((c) => c.dn === 'CN=Team,OU=Groups,DC=contoso,DC=com');
    expect(team?.pendingImport?.changes.map((c) => c.attribute)).toEqual(['member']);
  });

  it('an object with no links to it changes nothing else', () => {
    const e = lab();
    const before = e.meta.get('usn:' + CONTOSO) ?? 0;
    addDirectoryObject(e, CONTOSO, {
      dn: 'CN=Cid,OU=Users,DC=contoso,DC=com',
      objectClass: 'user',
      attributes: {},
    });
    deleteDirectoryObject(e, CONTOSO, 'CN=Cid,OU=Users,DC=contoso,DC=com');
    // One USN for the add, one for the tombstone.
    expect(e.meta.get('usn:' + CONTOSO)).toBe(before + 2);
  });

  it('moving a container moves what is below it and updates the links to each moved object', () => {
    const e = lab();
    modifyDirectoryObject(e, CONTOSO, 'OU=Sales,DC=contoso,DC=com', { description: 'x' });
    const usn = e.meta.get('usn:' + CONTOSO) ?? 0;
    const r = moveDirectoryObject(
      e,
      CONTOSO,
      'OU=Users,DC=contoso,DC=com',
      'OU=Users,OU=Sales,DC=contoso,DC=com',
    );
    expect(r).toEqual({ ok: true });
    const ann = 'CN=Ann,OU=Users,OU=Sales,DC=contoso,DC=com';
    const bob = 'CN=Bob,OU=Users,OU=Sales,DC=contoso,DC=com';
    expect(object(e, CONTOSO, ANN)).toBeUndefined();
    expect(object(e, CONTOSO, ann)?.usn).toBeGreaterThan(usn);
    expect(
      dns(object(e, CONTOSO, 'CN=Team,OU=Groups,DC=contoso,DC=com')?.attributes.member),
    ).toEqual([ann, bob]);
    expect(
      dns(object(e, CONTOSO, 'CN=Only Ann,OU=Groups,DC=contoso,DC=com')?.attributes.member),
    ).toEqual([ann]);
    expect(dns(object(e, CONTOSO, bob)?.attributes.manager)).toEqual([ann]);
    expect(object(e, CONTOSO, 'CN=Team,OU=Groups,DC=contoso,DC=com')?.usn).toBeGreaterThan(usn);
  });

  it('refuses a move below itself or onto an existing name', () => {
    const e = lab();
    expect(
      moveDirectoryObject(
        e,
        CONTOSO,
        'OU=Users,DC=contoso,DC=com',
        'OU=X,OU=Users,DC=contoso,DC=com',
      ),
    ).toMatchObject({ ok: false, message: expect.stringMatching(/below itself/) });
    expect(moveDirectoryObject(e, CONTOSO, ANN, BOB)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/already exists/),
    });
    expect(moveDirectoryObject(e, CONTOSO, 'CN=Nobody,DC=contoso,DC=com', BOB).ok).toBe(false);
  });

  it('after a move, a delta cycle keeps the moved user in its groups in Entra ID', () => {
    const text = readFileSync(
      new URL('../../../scenarios/single-forest.json', import.meta.url),
      'utf8',
    );
    const parsed = parseScenario(text);
    if (!parsed.ok) throw new Error('single-forest.json does not parse');
    const e = createEngine(parsed.scenario);
    runScenarioSteps(e, [{ cycle: 'initial' }]);
    const members = () =>
      e.tenant
        .objects()
        .filter((o) => o.objectType === 'group')
        .map((o) => dns(o.attributes.member).length);
    const before = members();
    expect(before.some((n) => n > 0)).toBe(true);
    addDirectoryObject(e, CONTOSO, {
      dn: 'OU=Moved,DC=contoso,DC=com',
      objectClass: 'organizationalUnit',
      attributes: {},
    });
    moveDirectoryObject(
      e,
      CONTOSO,
      'CN=Ann Lee,OU=Contoso Users,DC=contoso,DC=com',
      'CN=Ann Lee,OU=Moved,DC=contoso,DC=com',
    );
    const r = runScenarioSteps(e, [{ cycle: 'delta' }]);
    expect(r.ok).toBe(true);
    expect(members()).toEqual(before);
    // The import that stages the rename must not also make a placeholder at the new DN (which the
    // group's member refers to): a later initial cycle would then lose the user from its groups.
    const placeholders = [...e.csIds(CONTOSO)].filter(
      (id) => e.cs.get(id)?.state === 'placeholder',
    );
    expect(placeholders.map((id) => e.cs.get(id)?.dn)).not.toContain(
      'CN=Ann Lee,OU=Moved,DC=contoso,DC=com',
    );
    expect(runScenarioSteps(e, [{ cycle: 'initial' }, { cycle: 'delta' }]).ok).toBe(true);
    expect(members()).toEqual(before);
  });
});

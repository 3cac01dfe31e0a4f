import { describe, expect, it } from 'vitest';
import { Ref } from '../expr/values.ts';
import { bytesToGuid, bytesToSid } from './binary.ts';
import { dnKey } from './dn.ts';
import {
  generateForest,
  generateForestAsync,
  generateMultiForest,
  generateMultiForestAsync,
  type GenerateForestOptions,
} from './generate.ts';
import { parseScenario, serializeScenario, type ForestSpec, type Scenario } from './scenario.ts';

const contoso: GenerateForestOptions = {
  seed: 42,
  name: 'contoso.com',
  netbios: 'CONTOSO',
  users: 300,
  groups: 40,
  contacts: 50,
};

function scenarioOf(forests: ForestSpec[]): Scenario {
  return {
    synclab: 1,
    name: 'generated',
    description: '',
    installation: {
      sourceAnchor: 'mS-DS-ConsistencyGuid',
      userMatching: 'mail',
      passwordHashSync: true,
    },
    tenant: {
      initialDomain: 'contoso.onmicrosoft.com',
      verifiedDomains: forests.map((f) => f.name),
      features: {
        blockSoftMatchEnabled: false,
        softMatchOnUpnEnabled: true,
        synchronizeUpnForManagedUsersEnabled: true,
        blockCloudObjectTakeoverThroughHardMatchEnabled: false,
      },
      deletionThreshold: 500,
      objects: [],
    },
    forests,
    rules: { defaults: true, disable: [], custom: [] },
    steps: [{ cycle: 'initial' }],
  };
}

const ofClass = (f: ForestSpec, c: string) => f.objects.filter((o) => o.objectClass === c);

describe('generateForest', () => {
  it('makes the requested objects, deterministically', () => {
    const a = generateForest(contoso);
    expect(ofClass(a, 'user')).toHaveLength(300);
    expect(ofClass(a, 'group')).toHaveLength(40);
    expect(ofClass(a, 'contact')).toHaveLength(50);
    expect(ofClass(a, 'organizationalUnit').length).toBeGreaterThan(0);
    expect(generateForest(contoso)).toEqual(a);
    expect(generateForest({ ...contoso, seed: 43 })).not.toEqual(a);
  });
  it('gives the same objects as ever: saved workspaces replay a generate action and then edit them by DN', () => {
    // 4,000 users share few name pairs: 820 of them get a number (Lucia Wang2 …).
    const f = generateForest({
      ...contoso,
      users: 4000,
      groups: 400,
      contacts: 600,
      duplicateShare: 0,
    });
    const text = serializeScenario(scenarioOf([f]));
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    expect([h.toString(16), text.length]).toEqual(['21fa2f68', 5014318]);
  });
  it('produces a forest that a scenario file accepts and round-trips', () => {
    const s = scenarioOf([generateForest(contoso)]);
    const text = serializeScenario(s);
    const r = parseScenario(text);
    if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
    expect(r.scenario).toEqual(s);
  });
  it('gives users realistic, unique identities', () => {
    const users = ofClass(generateForest(contoso), 'user');
    const sams = new Set(users.map((u) => String(u.attributes.sAMAccountName).toLowerCase()));
    expect(sams.size).toBe(users.length);
    const guids = new Set(users.map((u) => bytesToGuid(u.attributes.objectGUID as Uint8Array)));
    expect(guids.size).toBe(users.length);
    const sids = users.map((u) => bytesToSid(u.attributes.objectSid as Uint8Array) ?? '');
    expect(new Set(sids).size).toBe(users.length);
    const domainSid = sids[0]!.replace(/-\d+$/, '');
    expect(sids.every((s) => s.startsWith(domainSid + '-'))).toBe(true);
    for (const u of users) {
      expect(u.attributes.userPrincipalName).toBe(
        `${String(u.attributes.sAMAccountName)}@contoso.com`,
      );
      expect(String(u.attributes.sAMAccountName).length).toBeLessThanOrEqual(20);
      expect([512, 514, 66048]).toContain(u.attributes.userAccountControl);
      if (u.attributes.mail !== undefined) {
        expect(u.attributes.proxyAddresses).toContain(`SMTP:${String(u.attributes.mail)}`);
      }
    }
    const disabled = users.filter((u) => u.attributes.userAccountControl === 514).length;
    expect(disabled).toBeGreaterThan(0);
    expect(disabled).toBeLessThan(users.length * 0.15);
    const mails = users.flatMap((u) =>
      u.attributes.mail === undefined ? [] : [u.attributes.mail],
    );
    expect(new Set(mails).size).toBe(mails.length);
  });
  it('links managers, members and nested groups to objects that exist', () => {
    const f = generateForest(contoso);
    const dns = new Set(f.objects.map((o) => dnKey(o.dn)));
    expect(dns.size).toBe(f.objects.length);
    const refs = f.objects.flatMap((o) =>
      ['manager', 'member', 'managedBy'].flatMap((a) => {
        const v = o.attributes[a];
        return v === undefined ? [] : Array.isArray(v) ? v : [v];
      }),
    );
    expect(refs.length).toBeGreaterThan(300);
    for (const r of refs) {
      expect(r).toBeInstanceOf(Ref);
      expect(dns.has(dnKey((r as Ref).dn))).toBe(true);
    }
    const groups = ofClass(f, 'group');
    const groupDns = new Set(groups.map((g) => dnKey(g.dn)));
    const nested = groups.filter((g) =>
      ((g.attributes.member ?? []) as Ref[]).some((m) => groupDns.has(dnKey(m.dn))),
    );
    expect(nested.length).toBeGreaterThan(0);
    const mailEnabled = groups.filter((g) => g.attributes.mail !== undefined);
    expect(mailEnabled.length).toBeGreaterThan(0);
    expect(groups.some((g) => (g.attributes.groupType as number) < 0)).toBe(true);
  });
  it('copies peer users into contacts by mail, in the requested share', () => {
    const fabrikam = generateForest({ ...contoso, name: 'fabrikam.com', netbios: 'FABRIKAM' });
    const peerMails = new Set(
      ofClass(fabrikam, 'user').flatMap((u) =>
        typeof u.attributes.mail === 'string' ? [u.attributes.mail] : [],
      ),
    );
    for (const share of [0, 0.5, 1]) {
      const f = generateForest({ ...contoso, duplicateShare: share, peers: [fabrikam] });
      const contacts = ofClass(f, 'contact');
      const dup = contacts.filter((c) => peerMails.has(c.attributes.mail as string)).length;
      expect(dup).toBe(Math.round(contacts.length * share));
      for (const c of contacts) {
        expect(c.attributes.targetAddress).toBe(`SMTP:${String(c.attributes.mail)}`);
      }
    }
    // Without peers there is nothing to copy.
    const alone = ofClass(generateForest({ ...contoso, duplicateShare: 1 }), 'contact');
    expect(alone.every((c) => String(c.attributes.mail).endsWith('.example'))).toBe(true);
  });
  it('reports progress up to the total', () => {
    const seen: [number, number][] = [];
    generateForest({ ...contoso, chunkSize: 50, onProgress: (d, t) => seen.push([d, t]) });
    const total = generateForest(contoso).objects.length;
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.every(([, t]) => t === total)).toBe(true);
    expect(seen.at(-1)?.[0]).toBe(total);
    for (let i = 1; i < seen.length; i++)
      expect(seen[i]![0]).toBeGreaterThanOrEqual(seen[i - 1]![0]);
  });
  it('rejects impossible counts', () => {
    expect(() => generateForest({ ...contoso, users: -1 })).toThrow(RangeError);
    expect(() => generateForest({ ...contoso, groups: 1.5 })).toThrow(RangeError);
  });
});

describe('generateForestAsync', () => {
  it('gives the same forest as the synchronous version', async () => {
    const r = await generateForestAsync({ ...contoso, chunkSize: 100 });
    expect(r).toEqual({ ok: true, value: generateForest(contoso) });
  });
  it('stops when aborted and returns nothing partial', async () => {
    const ctl = new AbortController();
    let calls = 0;
    const r = await generateForestAsync(
      {
        ...contoso,
        chunkSize: 20,
        onProgress: () => {
          if (++calls === 3) ctl.abort();
        },
      },
      ctl.signal,
    );
    expect(r).toEqual({ ok: false, aborted: true });
    expect(calls).toBe(3);
  });
});

describe('generateMultiForest', () => {
  it('splits the total over the forests, with cross-forest duplicates by mail', () => {
    const forests = generateMultiForest({ seed: 7, forests: 3, totalObjects: 3000 });
    expect(forests.map((f) => f.name)).toEqual(['contoso.com', 'fabrikam.com', 'tailspintoys.com']);
    expect(forests.reduce((n, f) => n + f.objects.length, 0)).toBe(3000);
    forests.forEach((f, i) => {
      const next = forests[(i + 1) % 3]!;
      const nextMails = new Set(ofClass(next, 'user').map((u) => u.attributes.mail));
      const dup = ofClass(f, 'contact').filter((c) => nextMails.has(c.attributes.mail)).length;
      expect(dup).toBeGreaterThan(0);
    });
    const r = parseScenario(serializeScenario(scenarioOf(forests)));
    expect(r.ok).toBe(true);
  });
  it('is deterministic and cancellable when async', async () => {
    const opts = { seed: 7, forests: 2, totalObjects: 1000, chunkSize: 100 };
    const r = await generateMultiForestAsync(opts);
    expect(r).toEqual({ ok: true, value: generateMultiForest(opts) });
    const ctl = new AbortController();
    ctl.abort();
    expect(await generateMultiForestAsync(opts, ctl.signal)).toEqual({ ok: false, aborted: true });
    expect(() => generateMultiForest({ ...opts, forests: 0 })).toThrow(RangeError);
  });
});

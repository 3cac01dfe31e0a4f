/**
 * The built-in scenarios (`scenarios/*.json`): each parses, stays small and is internally consistent
 * (unique GUIDs and SIDs, references that resolve, UPNs and addresses on verified domains unless the
 * scenario is about an unverified suffix). Outcome tests need the sync engine's public runner.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ref, type Scalar, type Value } from '../expr/values.ts';
import { parseScenario, type Scenario } from '../io/scenario.ts';
import { bytesToHex } from '../io/binary.ts';
import { domainPart, stringOf, stringsOf } from './addresses.ts';

const DIR = join(import.meta.dirname, '../../../scenarios');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json'));

function load(file: string): Scenario {
  const r = parseScenario(readFileSync(join(DIR, file), 'utf8'), file);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.scenario;
}

function key(v: Value | undefined): string | undefined {
  const s = Array.isArray(v) ? (v[0] as Scalar | undefined) : (v as Scalar | undefined);
  if (s instanceof Uint8Array) return bytesToHex(s);
  return typeof s === 'string' ? s.toLowerCase() : undefined;
}

/** Scenarios whose point is a UPN suffix that is not verified (MOERA) are listed here. */
const UNVERIFIED_UPN_SUFFIX_ALLOWED = new Set(['account-resource-forest.json']);

describe('built-in scenarios', () => {
  it('exist', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(9);
  });

  for (const file of FILES) {
    describe(file, () => {
      const s = load(file);
      const objects = s.forests.flatMap((f) => f.objects);

      it('has a description and at most 30 objects', () => {
        expect(s.description.length).toBeGreaterThan(100);
        expect(s.teaches?.length ?? 0).toBeGreaterThan(10);
        expect(objects.length + s.tenant.objects.length).toBeLessThanOrEqual(30);
      });

      it('has unique objectGUIDs, objectSids and DNs', () => {
        for (const attr of ['objectGUID', 'objectSid']) {
          const values = objects
            .filter((o) => o.objectClass !== 'foreignSecurityPrincipal' || attr === 'objectGUID')
            .map((o) => key(o.attributes[attr]))
            .filter((v) => v !== undefined);
          expect(new Set(values).size, attr).toBe(values.length);
        }
        const dns = objects.map((o) => o.dn.toLowerCase());
        expect(new Set(dns).size).toBe(dns.length);
      });

      it('references resolve', () => {
        const dns = new Set(objects.map((o) => o.dn.toLowerCase()));
        const sids = new Set(
          objects
            .filter((o) => o.objectClass === 'user')
            .map((o) => key(o.attributes.objectSid))
            .filter((v): v is string => v !== undefined),
        );
        for (const o of objects) {
          for (const m of [o.attributes.member ?? []].flat() as Scalar[]) {
            expect(m, `${o.dn} member`).toBeInstanceOf(Ref);
            expect(dns.has((m as Ref).dn.toLowerCase()), `${o.dn} member ${String(m)}`).toBe(true);
          }
          if (o.objectClass === 'foreignSecurityPrincipal') {
            // The FSP stands for a user of another synced forest.
            expect(sids.has(key(o.attributes.objectSid) ?? '')).toBe(true);
          }
        }
      });

      it('uses verified domains for UPNs and primary SMTP addresses', () => {
        const verified = new Set([s.tenant.initialDomain, ...s.tenant.verifiedDomains]);
        for (const o of objects) {
          const upn = stringOf(o.attributes.userPrincipalName);
          if (upn !== undefined && !UNVERIFIED_UPN_SUFFIX_ALLOWED.has(file)) {
            expect(verified.has(domainPart(upn) ?? ''), `${o.dn} ${upn}`).toBe(true);
          }
          for (const p of stringsOf(o.attributes.proxyAddresses)) {
            if (!p.startsWith('SMTP:') || o.objectClass === 'contact') continue;
            expect(verified.has(domainPart(p) ?? ''), `${o.dn} ${p}`).toBe(true);
          }
        }
      });
    });
  }

  it('the account-resource scenario links every linked mailbox it means to', () => {
    const s = load('account-resource-forest.json');
    const accounts = new Set(
      (s.forests[0]?.objects ?? []).map((o) => key(o.attributes.objectSid)).filter(Boolean),
    );
    const linked = (s.forests[1]?.objects ?? []).filter(
      (o) => o.attributes.msExchRecipientTypeDetails === 2,
    );
    const resolved = linked.filter((o) => accounts.has(key(o.attributes.msExchMasterAccountSid)));
    // Two linked to the account forest, one (Gil Moreno) to a forest that is not synced.
    expect([linked.length, resolved.length]).toEqual([3, 2]);
    for (const o of linked) expect(o.attributes.userAccountControl).toBe(514);
  });
});

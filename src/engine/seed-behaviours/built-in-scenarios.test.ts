/**
 * Every built-in scenario (`scenarios/*.json`) runs with `synclab run` and ends as its description
 * says. The detailed checks of each topic live in the other files of this folder; here each
 * scenario's "Look at" list is checked once, against the file as shipped.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../cli/run.ts';
import type { ResultDocument } from '../sync/result.ts';
import {
  allErrors,
  mv,
  mvAll,
  mvRefNames,
  runsOf,
  tenantAll,
  tenantById,
  tenantObject,
  tenantRefNames,
} from './harness.ts';

const ROOT = join(import.meta.dirname, '../../..');
const DIR = join(ROOT, 'scenarios');
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

function run(file: string): ResultDocument {
  let out = '';
  let err = '';
  const code = runCommand([join(DIR, file)], {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    readFile: (p) => readFileSync(p, 'utf8'),
  });
  expect(err).toBe('');
  expect(code).toBe(0);
  return JSON.parse(out) as ResultDocument;
}

const AAD = 'contoso.onmicrosoft.com - AAD';

/** The documented outcome of each built-in scenario (its description's "Look at"). */
const OUTCOMES: Record<string, (r: ResultDocument) => void> = {
  'single-forest.json': (r) => {
    // Dev Patel has no userPrincipalName: sAMAccountName@%Domain.FQDN%.
    expect(mv(r, 'Dev Patel').attributes.userPrincipalName).toBe('dev.patel@contoso.com');
    expect(tenantObject(r, 'Dev Patel').attributes.userPrincipalName).toBe('dev.patel@contoso.com');
    // Carla Diaz is disabled but synced.
    expect(tenantObject(r, 'Carla Diaz').attributes.accountEnabled).toBe(false);
    // The AAD_ service account is cloudFiltered and never reaches Entra ID.
    const svc = r.metaverse.find((m) =>
      String(m.attributes.userPrincipalName ?? '').startsWith('AAD_'),
    );
    expect(svc?.attributes.cloudFiltered).toBe(true);
    expect(svc?.connectors.map((c) => c.connector)).toEqual(['contoso.com']);
    expect(r.tenant.some((t) => String(t.attributes.userPrincipalName).startsWith('AAD_'))).toBe(
      false,
    );
    // The distribution group is mail-enabled, the security group is not.
    expect(mv(r, 'Sales Team').attributes.mailEnabled).toBe(true);
    expect(mv(r, 'File Share Finance').attributes.mailEnabled).toBe(false);
    expect(tenantObject(r, 'File Share Finance').attributes.securityEnabled).toBe(true);
    // The contact becomes an Entra ID contact.
    expect(tenantObject(r, 'Erik Nordin').objectType).toBe('contact');
    expect(r.tenant).toHaveLength(7);
    expect(allErrors(r)).toEqual([]);
  },
  'account-resource-forest.json': (r) => {
    for (const name of ['Ann Lee', 'Bob Kent']) {
      expect(
        mv(r, name)
          .connectors.map((c) => c.connector)
          .sort(),
      ).toEqual(['fabrikam.com', 'fabrikam.onmicrosoft.com - AAD', 'resources.fabrikam.net']);
      expect(tenantObject(r, name).attributes.userPrincipalName).toMatch(/@fabrikam\.com$/);
    }
    expect(tenantAll(r, 'Gil Moreno')).toEqual([]);
    expect(tenantObject(r, 'Conference Room Harbor').attributes.userPrincipalName).toBe(
      'room.harbor@fabrikam.onmicrosoft.com',
    );
    expect(tenantObject(r, 'Chen Wei').attributes.accountEnabled).toBe(true);
  },
  'galsync-merger.json': (r) => {
    expect(r.metaverse).toHaveLength(4);
    expect(r.tenant.map((t) => t.objectType)).toEqual(['user', 'user', 'user', 'user']);
    const last = runsOf(r, AAD, 'Export').at(-1);
    expect(last?.counts).toMatchObject({ adds: 2, deletes: 2 });
  },
  'existing-tenant.json': (r) => {
    expect(tenantById(r, 'c-lee')?.attributes.userPrincipalName).toBe('lgu@contoso.com');
    expect(tenantById(r, 'c-lee')?.attributes.title).toBe('Director');
    expect(tenantById(r, 'c-nestor')?.dirSyncEnabled).toBe(true);
    expect(tenantById(r, 'c-alex')?.dirSyncEnabled).toBe(true);
    expect(tenantById(r, 'c-megan')?.dirSyncEnabled).toBe(false);
    expect(allErrors(r).map((e) => e.type)).toEqual(['ExistingAdminRoleConflict']);
    expect(tenantAll(r, 'Megan Bowen')[0]?.attributes.userPrincipalName).toMatch(
      /^megan\d{4}@contoso\.onmicrosoft\.com$/,
    );
    expect(tenantById(r, 'c-marketing')?.dirSyncEnabled).toBe(true);
    expect(tenantAll(r, 'Project X')).toHaveLength(2);
    expect(tenantById(r, 'c-diego')?.dirSyncEnabled).toBe(false);
  },
  'duplicate-upn.json': (r) => {
    const doe = tenantObject(r, 'John Doe');
    expect(doe.attributes.userPrincipalName).toBe('john@contoso.com');
    expect(doe.provisioningErrors).toEqual([]);
    expect(tenantAll(r, 'John Smith')).toEqual([]);
  },
  'sourceanchor-change.json': (r) => {
    const errors = allErrors(r);
    expect(errors).toEqual([
      expect.objectContaining({
        run: 'contoso.com Delta Synchronization',
        message: 'SourceAnchor attribute has changed.',
      }),
    ]);
    expect(tenantObject(r, 'Ann Lee').attributes.title).toBe('Senior Buyer');
  },
  'group-mail-enabled.json': (r) => {
    const mailEnabled = Object.fromEntries(
      ['Legacy Project', 'Sales', 'Support', 'Finance Notices', 'Building 4 Access'].map((n) => [
        n,
        mv(r, n).attributes.mailEnabled,
      ]),
    );
    expect(mailEnabled).toEqual({
      'Legacy Project': false,
      Sales: true,
      Support: true,
      'Finance Notices': true,
      'Building 4 Access': false,
    });
    for (const n of ['Domain Admins', 'Domain Users', 'Administrators', 'All Contoso Dynamic']) {
      expect(mvAll(r, n)).toEqual([]);
    }
    expect(mvRefNames(r, mv(r, 'Partner Project Team'), 'member')).toEqual([
      'Ann Lee',
      'Carl Berg',
    ]);
    expect(tenantRefNames(r, tenantObject(r, 'Partner Project Team'), 'member')).toEqual([
      'Ann Lee',
      'Carl Berg',
    ]);
  },
  'deletion-threshold.json': (r) => {
    const exports = runsOf(r, AAD, 'Export');
    expect(exports.map((x) => x.status)).toEqual([
      'success',
      'stopped-deletion-threshold-exceeded',
      'success',
    ]);
    expect(exports[1]?.message).toContain('(12 pending deletes)');
    expect(r.tenant).toHaveLength(2);
  },
  'ou-filter-change.json': (r) => {
    // Unticking OU=Sales: the full import stages 8 deletes, the Entra ID export stops at 5.
    expect(runsOf(r, 'contoso.com', 'Full Import').map((x) => x.counts.deletes)).toEqual([0, 8]);
    const exports = runsOf(r, AAD, 'Export');
    expect(exports.map((x) => x.status)).toEqual([
      'success',
      'stopped-deletion-threshold-exceeded',
    ]);
    expect(exports[1]?.message).toContain('(8 pending deletes)');
    expect(tenantAll(r, 'Adele Vance')).toHaveLength(1);
    expect(r.tenant).toHaveLength(12);
  },
  'user-matching-pitfall.json': (r) => {
    const dana = mvAll(r, 'Dana Fox');
    expect(dana.map((m) => m.attributes.sourceObjectType).sort()).toEqual(['Contact', 'User']);
    expect(tenantAll(r, 'Dana Fox').flatMap((t) => t.provisioningErrors)).toHaveLength(1);
  },
};

describe('built-in scenarios with synclab run', () => {
  it('every scenario file has a documented outcome here', () => {
    expect(FILES).toEqual(Object.keys(OUTCOMES).sort());
  });

  for (const file of FILES) {
    it(`${file} runs and ends as its description says`, () => {
      const outcome = OUTCOMES[file];
      expect(outcome).toBeDefined();
      outcome?.(run(file));
    });
  }

  it('the synclab command itself runs a scenario (bin/synclab.js)', () => {
    const out = execFileSync(
      process.execPath,
      [join(ROOT, 'bin/synclab.js'), 'run', join(DIR, 'single-forest.json')],
      { encoding: 'utf8' },
    );
    const r = JSON.parse(out) as ResultDocument;
    expect(tenantObject(r, 'Dev Patel').attributes.userPrincipalName).toBe('dev.patel@contoso.com');
  });
});

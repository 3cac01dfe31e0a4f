import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../io/scenario.ts';
import { createEngine } from '../sync/scenario-runner.ts';
import { searchConnectorSpace, type CsSearchScope } from './cs-search.ts';

const AAD = 'contoso.onmicrosoft.com - AAD';

function engine() {
  const parsed = parseScenario(
    readFileSync(new URL('../../../scenarios/galsync-merger.json', import.meta.url), 'utf8'),
  );
  if (!parsed.ok) throw new Error('scenario');
  return createEngine(parsed.scenario);
}

const dns = (e: ReturnType<typeof engine>, connector: string, scope: CsSearchScope) =>
  searchConnectorSpace(e, { connector, scope, limit: 100 }).rows.map((r) => r.dn);

describe('Search Connector Space', () => {
  it('finds objects by RDN, DN or anchor and sub-tree', () => {
    const e = engine();
    e.runProfile('contoso.com', 'Full Import');
    expect(dns(e, 'contoso.com', { kind: 'rdn', value: 'CN=Ann' })).toEqual([
      'CN=Ann Lee,OU=Contoso Users,DC=contoso,DC=com',
    ]);
    expect(dns(e, 'contoso.com', { kind: 'rdn', value: 'bob' })).toHaveLength(1);
    const ann = 'cn=ann lee,ou=contoso users,dc=contoso,dc=com';
    expect(dns(e, 'contoso.com', { kind: 'dn-or-anchor', value: ann })).toHaveLength(1);
    const anchor = searchConnectorSpace(e, {
      connector: 'contoso.com',
      scope: { kind: 'rdn', value: 'Ann' },
    }).rows[0];
    const cs = anchor ? e.cs.get(anchor.id) : undefined;
    expect(cs?.anchor).toBeDefined();
    expect(dns(e, 'contoso.com', { kind: 'dn-or-anchor', value: cs?.anchor ?? '' })).toHaveLength(
      1,
    );
    expect(dns(e, 'contoso.com', { kind: 'dn-or-anchor', value: 'CN=Nobody' })).toEqual([]);
    const all = dns(e, 'contoso.com', { kind: 'subtree', base: 'DC=contoso,DC=com' });
    expect(all).toHaveLength(4);
    const users = dns(e, 'contoso.com', {
      kind: 'subtree',
      base: 'OU=Contoso Users, DC=contoso,DC=com',
    });
    expect(users.length).toBeGreaterThan(0);
    expect(users.length).toBeLessThan(4);
    expect(dns(e, 'contoso.com', { kind: 'subtree', base: 'DC=fabrikam,DC=com' })).toEqual([]);
  });

  it('filters on pending import and pending export kinds, disconnectors and errors', () => {
    const e = engine();
    e.runProfile('contoso.com', 'Full Import');
    const adds = { kind: 'pending-import', add: true, update: false, delete: false } as const;
    expect(dns(e, 'contoso.com', adds)).toHaveLength(4);
    expect(dns(e, 'contoso.com', { ...adds, add: false, update: true })).toEqual([]);
    expect(dns(e, 'contoso.com', { kind: 'disconnectors' })).toHaveLength(4);
    e.runProfile('contoso.com', 'Full Synchronization');
    expect(dns(e, 'contoso.com', adds)).toEqual([]);
    expect(dns(e, 'contoso.com', { kind: 'disconnectors' })).toEqual([]);
    const exportAdds = { kind: 'pending-export', add: true, update: false, delete: false } as const;
    expect(dns(e, AAD, exportAdds)).toHaveLength(4);
    expect(dns(e, AAD, { ...exportAdds, add: false, delete: true })).toEqual([]);
    expect(dns(e, AAD, { kind: 'errors' })).toEqual([]);
    const page = searchConnectorSpace(e, {
      connector: AAD,
      scope: { kind: 'all' },
      columns: ['displayName'],
      sort: { field: 'displayName', descending: true },
      offset: 1,
      limit: 2,
    });
    expect(page.total).toBe(4);
    expect(page.rows.map((r) => r.columns.displayName)).toEqual(['Carl Berg', 'Bob Kent']);
    expect(page.rows[0]?.pendingExport).toBe('Add');
  });
});

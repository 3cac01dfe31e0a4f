import { describe, expect, it } from 'vitest';
import { connectorsApi } from './api-connectors.ts';
import { syncApi } from './api-sync.ts';
import { applyAction, workspaceApi } from './api-workspace.ts';

const SALES = 'OU=Sales,DC=contoso,DC=com';

describe('connectors API (without a worker)', () => {
  it('predicts, applies through the action log, marks Full Import required and reviews exports', async () => {
    expect(workspaceApi.startWorkspace('ou-filter-change').ok).toBe(true);
    await applyAction({ kind: 'run', step: { cycle: 'initial' } });
    const o = connectorsApi.connectorsOverview();
    expect(o?.connectors.map((c) => c.connector)).toEqual(['contoso.com']);
    const contoso = o?.connectors[0];
    expect(contoso?.containers.map((c) => c.name)).toEqual(['contoso.com', 'Sales', 'Staff']);
    expect(contoso?.objectTypes.map((t) => t.objectType)).toContain('user');
    expect(o?.lastAadExport?.status).toBe('success');

    const change = { containers: { include: ['DC=contoso,DC=com'], exclude: [SALES] } };
    const p = connectorsApi.connectorsPredict('contoso.com', change);
    expect(p).toMatchObject({ outOfScope: 8, tenantDeletes: 8, threshold: 5, exceeded: true });
    expect(p.containersInScope).toEqual(['DC=contoso,DC=com', 'OU=Staff,DC=contoso,DC=com']);

    const narrow = connectorsApi.connectorsPredict('contoso.com', {
      attributes: { user: ['sAMAccountName', 'userPrincipalName', 'userAccountControl'] },
    });
    expect(narrow.tenantDeletes).toBe(0);
    const common = narrow.excludedReads.filter((x) => x.ruleName === 'In from AD - User Common');
    expect(common.flatMap((x) => x.attributes)).toContain('displayName');

    expect(connectorsApi.connectorsExcludedReads()).toEqual([]);
    await applyAction({
      kind: 'connector-configure',
      connector: 'contoso.com',
      attributes: { user: ['sAMAccountName', 'userPrincipalName', 'userAccountControl'] },
    });
    const marked = connectorsApi.connectorsExcludedReads();
    expect(marked.length).toBeGreaterThan(0);
    expect(marked.map((m) => m.text).join(' ')).toContain(
      'transformation displayName: displayName',
    );
    await workspaceApi.undo();
    expect(connectorsApi.connectorsExcludedReads()).toEqual([]);

    const r = await applyAction({
      kind: 'connector-configure',
      connector: 'contoso.com',
      ...change,
    });
    expect(r.ok).toBe(true);
    expect(connectorsApi.connectorsOverview()?.connectors[0]?.fullImportRequired).toBe(true);
    expect(syncApi.syncOverview().connectors[0]?.fullImportRequired).toBe(true);

    await applyAction({ kind: 'run', step: { cycle: 'initial' } });
    const after = connectorsApi.connectorsOverview();
    expect(after?.lastAadExport?.status).toBe('stopped-deletion-threshold-exceeded');
    const review = connectorsApi.connectorsExportReview('contoso.onmicrosoft.com - AAD', 0, 5);
    expect(review.total).toBe(8);
    expect(review.rows.every((x) => x.omodt === 'Delete')).toBe(true);

    const eo = connectorsApi.connectorsExchange({ problemsOnly: false, offset: 0, limit: 50 });
    expect(eo.total).toBe(12);
    expect(eo.rows[0]).toMatchObject({ name: 'Adele Vance', recipientType: 'None' });
    expect(
      connectorsApi.connectorsExchange({ problemsOnly: true, offset: 0, limit: 50 }).total,
    ).toBe(0);
  });
});

describe('exchangeOnlineDto', () => {
  it('gives the recipient type shown beside each tenant object', async () => {
    const { exchangeOnlineDto } = await import('./api-connectors.ts');
    expect(
      exchangeOnlineDto(
        {
          objectType: 'contact',
          attributes: { mail: 'x@fabrikam.com', targetAddress: 'SMTP:x@fabrikam.com' },
        },
        ['contoso.com'],
      ).recipientType,
    ).toBe('MailContact');
    expect(exchangeOnlineDto({ objectType: 'device', attributes: {} }, []).recipientType).toBe(
      'None',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { metaverseApi } from './api-metaverse.ts';
import { workspaceApi } from './api-workspace.ts';

describe('metaverse worker API', () => {
  it('runs the GALSync scenario step by step, finds the promoted person and explains it', async () => {
    const opened = workspaceApi.openBuiltIn('galsync-merger');
    expect(opened.ok).toBe(true);
    expect(metaverseApi.metaverseSummary()).toMatchObject({ total: 0, scenarioSteps: 6 });
    expect(await metaverseApi.metaverseRunScenarioSteps()).toEqual({ ok: true, steps: 6 });
    const summary = metaverseApi.metaverseSummary();
    expect(summary.total).toBe(4);
    expect(summary.attributes).toContain('sourceObjectType');
    expect(summary.attributeKinds).toMatchObject({
      sourceObjectType: 'String',
      cloudFiltered: 'Boolean',
    });
    expect(structuredClone(summary)).toEqual(summary);

    const page = metaverseApi.metaverseSearch({
      query: { objectType: 'person', groups: [], text: 'carl' },
      columns: ['displayName', 'sourceObjectType'],
      sort: { attribute: 'displayName' },
    });
    expect(page.total).toBe(1);
    expect(page.rows[0]?.cells).toEqual({ displayName: 'Carl Berg', sourceObjectType: 'User' });
    expect(page.elapsedMs).toBeGreaterThanOrEqual(0);
    // The engine rejects an operator the attribute's type does not take (the page never asks one).
    expect(() =>
      metaverseApi.metaverseSearch({
        query: { groups: [[{ attribute: 'cloudFiltered', operator: 'Contains', value: 't' }]] },
      }),
    ).toThrow(
      'Group 1, clause 1: Contains does not apply to cloudFiltered, a Boolean attribute: a Boolean attribute takes Equals, IsPresent, IsNotPresent.',
    );
    const id = page.rows[0]?.id ?? '';

    const history = metaverseApi.metaverseHistory(id);
    const sot = history?.attributes.find((a) => a.name === 'sourceObjectType');
    expect(sot?.changes.map((c) => c.value)).toEqual(['Contact', 'User']);
    const report = metaverseApi.metaverseObject(id);
    expect(report?.connectors).toHaveLength(3);
    expect(metaverseApi.metaverseWhyNotInEntra(id).fine).toBe(true);
    const csId = report?.connectors[0]?.csId ?? '';
    expect(metaverseApi.metaverseCsObject(csId)?.mvId).toBe(id);
    expect(metaverseApi.metaverseWhyNotJoined(csId).fine).toBe(true);

    const csv = metaverseApi.metaverseExport(
      { query: { groups: [] }, columns: ['displayName'], sort: { attribute: 'displayName' } },
      'csv',
    );
    expect(
      csv
        .split('\r\n')
        .slice(1, 5)
        .map((l) => l.split(',')[2]),
    ).toEqual(['Ann Lee', 'Bob Kent', 'Carl Berg', 'Dana Fox']);
    const fsp = metaverseApi.metaverseWhyNotJoinedByDn(
      'fabrikam.com',
      ' CN=Carl Berg,OU=Fabrikam Users,DC=fabrikam,DC=com ',
    );
    expect(fsp.summary).toBe(`It is joined to metaverse object ${id} by 'In from AD - User Join'.`);
    expect(metaverseApi.metaverseWhyNotJoinedByDn('fabrikam.com', 'CN=Nobody').summary).toBe(
      'fabrikam.com has no connector-space object with the DN CN=Nobody.',
    );
    expect(metaverseApi.metaverseObject('nope')).toBeNull();
    expect(metaverseApi.metaverseCompare(id, 'nope')).toBeNull();
  });
});

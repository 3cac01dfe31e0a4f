import { describe, expect, it } from 'vitest';
import { Ref } from '../expr/values.ts';
import type { SyncEngine } from '../sync/engine.ts';
import {
  clauseMatches,
  exportMetaverse,
  metaverseAttributeKinds,
  metaverseAttributeNames,
  metaverseObjectTypes,
  searchMetaverse,
  type MvQuery,
} from './mv-query.ts';
import {
  MV_OPERATORS,
  MV_OPERATORS_BY_KIND,
  SearchOperatorError,
  type SearchOperator,
} from './mv-operators.ts';
import { engineWithMetaverse as engineWith } from './mv-test-helpers.ts';

const people = () =>
  engineWith([
    {
      id: 'mv-ann',
      attributes: {
        displayName: 'Ann Lee',
        mail: 'ann.lee@contoso.com',
        sourceObjectType: 'User',
        proxyAddresses: ['SMTP:ann.lee@contoso.com', 'smtp:ann@contoso.com'],
        accountEnabled: true,
      },
    },
    {
      id: 'mv-bob',
      attributes: {
        displayName: 'Bob Kent',
        mail: 'bob.kent@contoso.com',
        sourceObjectType: 'User',
      },
    },
    {
      id: 'mv-carl',
      attributes: {
        displayName: 'Carl Berg',
        mail: 'carl.berg@fabrikam.com',
        sourceObjectType: 'Contact',
      },
    },
    { id: 'mv-dana', attributes: { displayName: 'Dana Fox', sourceObjectType: 'User' } },
    { id: 'mv-sales', objectType: 'group', attributes: { displayName: 'Sales', member: [] } },
  ]);

function ids(e: SyncEngine, query: MvQuery, sort?: { attribute: string; descending?: boolean }) {
  return searchMetaverse(e, { query, limit: 100, ...(sort ? { sort } : {}) }).rows.map((r) => r.id);
}

describe('clauseMatches', () => {
  it('compares text case-insensitively and any value of a multi-valued attribute', () => {
    const proxies = ['smtp:ann.lee@contoso.com', 'smtp:ann@contoso.com'];
    expect(
      clauseMatches(proxies, { attribute: 'p', operator: 'Equals', value: 'SMTP:ANN@contoso.com' }),
    ).toBe(true);
    expect(
      clauseMatches(proxies, { attribute: 'p', operator: 'Equals', value: 'ann@contoso.com' }),
    ).toBe(false);
    expect(
      clauseMatches(proxies, { attribute: 'p', operator: 'StartsWith', value: 'SMTP:ANN.' }),
    ).toBe(true);
    expect(clauseMatches(proxies, { attribute: 'p', operator: 'EndsWith', value: '.COM' })).toBe(
      true,
    );
    expect(clauseMatches(proxies, { attribute: 'p', operator: 'Contains', value: 'lee@' })).toBe(
      true,
    );
  });

  it('NotContains holds when no value contains the text, and on an absent attribute', () => {
    expect(
      clauseMatches(['a', 'bx'], { attribute: 'p', operator: 'NotContains', value: 'x' }),
    ).toBe(false);
    expect(clauseMatches(['a', 'b'], { attribute: 'p', operator: 'NotContains', value: 'x' })).toBe(
      true,
    );
    expect(clauseMatches(undefined, { attribute: 'p', operator: 'NotContains', value: 'x' })).toBe(
      true,
    );
  });

  it('an absent attribute matches only IsNotPresent and NotContains', () => {
    for (const operator of ['Equals', 'Contains', 'StartsWith', 'EndsWith', 'IsPresent'] as const)
      expect(clauseMatches(undefined, { attribute: 'p', operator, value: '' })).toBe(false);
    expect(clauseMatches(undefined, { attribute: 'p', operator: 'IsNotPresent' })).toBe(true);
    expect(clauseMatches(['x'], { attribute: 'p', operator: 'IsPresent' })).toBe(true);
  });
});

describe('searchMetaverse', () => {
  it('scopes by object type', () => {
    const e = people();
    expect(ids(e, { objectType: 'group', groups: [] })).toEqual(['mv-sales']);
    expect(ids(e, { objectType: 'Person', groups: [] })).toHaveLength(4);
    expect(ids(e, { groups: [] })).toHaveLength(5);
  });

  it('ANDs the clauses of a group and ORs the groups', () => {
    const e = people();
    const users = { attribute: 'sourceObjectType', operator: 'Equals', value: 'user' } as const;
    const contoso = { attribute: 'mail', operator: 'EndsWith', value: '@contoso.com' } as const;
    expect(ids(e, { groups: [[users, contoso]] }).sort()).toEqual(['mv-ann', 'mv-bob']);
    const noMail = { attribute: 'mail', operator: 'IsNotPresent' } as const;
    const fabrikam = { attribute: 'mail', operator: 'Contains', value: 'fabrikam' } as const;
    expect(ids(e, { groups: [[users, noMail], [fabrikam]] }).sort()).toEqual([
      'mv-carl',
      'mv-dana',
    ]);
    // The object type scope applies to every group.
    expect(ids(e, { objectType: 'group', groups: [[users], [fabrikam]] })).toEqual([]);
  });

  it('matches Boolean values by their text', () => {
    const e = people();
    const q = { attribute: 'accountEnabled', operator: 'Equals', value: 'True' } as const;
    expect(ids(e, { groups: [[q]] })).toEqual(['mv-ann']);
  });

  it('leaves out incomplete clauses and says so', () => {
    const e = people();
    const page = searchMetaverse(e, {
      query: {
        groups: [
          [
            { attribute: 'mail', operator: 'Equals', value: '' },
            { attribute: 'displayName', operator: 'StartsWith', value: 'b' },
          ],
          [{ attribute: '', operator: 'IsPresent' }],
        ],
      },
    });
    expect(page.rows.map((r) => r.id)).toEqual(['mv-bob']);
    expect(page.ignored).toEqual([
      'Group 1, clause 1 (mail Equals) needs a value.',
      'Group 2, clause 1 has no attribute.',
    ]);
  });

  it('free text needs every word in a name attribute or the id, ANDed with the query', () => {
    const e = people();
    expect(ids(e, { groups: [], text: 'ann' })).toEqual(['mv-ann']);
    expect(ids(e, { groups: [], text: 'CONTOSO.COM' }).sort()).toEqual(['mv-ann', 'mv-bob']);
    expect(ids(e, { groups: [], text: 'bob contoso' })).toEqual(['mv-bob']);
    expect(ids(e, { groups: [], text: 'bob fabrikam' })).toEqual([]);
    expect(ids(e, { groups: [], text: 'mv-dana' })).toEqual(['mv-dana']);
    // proxyAddresses are searched too.
    expect(ids(e, { groups: [], text: 'smtp:ann@' })).toEqual(['mv-ann']);
    const contact = {
      attribute: 'sourceObjectType',
      operator: 'Equals',
      value: 'Contact',
    } as const;
    expect(ids(e, { groups: [[contact]], text: 'berg' })).toEqual(['mv-carl']);
    expect(ids(e, { groups: [[contact]], text: 'ann' })).toEqual([]);
  });

  it('sorts by an attribute, absent values last in both directions, and pages', () => {
    const e = people();
    expect(ids(e, { groups: [] }, { attribute: 'mail' })).toEqual([
      'mv-ann',
      'mv-bob',
      'mv-carl',
      'mv-dana',
      'mv-sales',
    ]);
    expect(ids(e, { groups: [] }, { attribute: 'mail', descending: true })).toEqual([
      'mv-carl',
      'mv-bob',
      'mv-ann',
      'mv-dana',
      'mv-sales',
    ]);
    const page = searchMetaverse(e, {
      query: { groups: [] },
      sort: { attribute: 'displayName' },
      offset: 2,
      limit: 2,
      columns: ['displayName', 'proxyAddresses', 'objectType'],
    });
    expect(page.total).toBe(5);
    expect(page.offset).toBe(2);
    expect(page.rows).toEqual([
      {
        id: 'mv-carl',
        objectType: 'person',
        cells: { displayName: 'Carl Berg', objectType: 'person' },
      },
      {
        id: 'mv-dana',
        objectType: 'person',
        cells: { displayName: 'Dana Fox', objectType: 'person' },
      },
    ]);
    const first = searchMetaverse(e, {
      query: { groups: [] },
      limit: 1,
      columns: ['proxyAddresses'],
    });
    expect(first.rows[0]?.cells.proxyAddresses).toBe(
      'SMTP:ann.lee@contoso.com; smtp:ann@contoso.com',
    );
  });

  it('sees changes to the metaverse (the caches follow the records)', () => {
    const e = people();
    const q: MvQuery = { groups: [[{ attribute: 'mail', operator: 'IsPresent' }]] };
    expect(ids(e, q, { attribute: 'mail' })).toHaveLength(3);
    const dana = e.mv.get('mv-dana');
    if (!dana) throw new Error('missing');
    e.mv.set('mv-dana', {
      ...dana,
      attributes: { ...dana.attributes, mail: 'a.dana@fabrikam.com' },
    });
    expect(ids(e, q, { attribute: 'mail' })).toEqual(['mv-dana', 'mv-ann', 'mv-bob', 'mv-carl']);
    e.mv.delete('mv-ann');
    expect(ids(e, q, { attribute: 'mail' })).toEqual(['mv-dana', 'mv-bob', 'mv-carl']);
  });

  it('shows reference values as the metaverse id they point to', () => {
    const e = engineWith([
      { id: 'mv-boss', attributes: { displayName: 'Boss' } },
      { id: 'mv-worker', attributes: { displayName: 'Worker', manager: new Ref('mv-boss') } },
    ]);
    const page = searchMetaverse(e, {
      query: { groups: [[{ attribute: 'manager', operator: 'Equals', value: 'MV-BOSS' }]] },
      columns: ['manager'],
    });
    expect(page.rows).toEqual([
      { id: 'mv-worker', objectType: 'person', cells: { manager: 'mv-boss' } },
    ]);
  });
});

describe('exportMetaverse', () => {
  it('writes every result as CSV with quoting, in the sort order', () => {
    const e = engineWith([
      { id: 'a', attributes: { displayName: 'Lee, Ann', info: 'said "hi"' } },
      { id: 'b', attributes: { displayName: 'Bob', proxyAddresses: ['SMTP:b@x', 'smtp:b2@x'] } },
    ]);
    const csv = exportMetaverse(
      e,
      {
        query: { groups: [] },
        sort: { attribute: 'displayName' },
        limit: 1,
        columns: ['displayName', 'info', 'proxyAddresses'],
      },
      'csv',
    );
    expect(csv).toBe(
      'id,objectType,displayName,info,proxyAddresses\r\n' +
        'b,person,Bob,,SMTP:b@x; smtp:b2@x\r\n' +
        'a,person,"Lee, Ann","said ""hi""",\r\n',
    );
  });

  it('writes JSON in the scenario encoding', () => {
    const e = engineWith([
      {
        id: 'a',
        attributes: {
          displayName: 'Ann',
          sourceAnchorBinary: new Uint8Array([1, 2, 3]),
          accountEnabled: false,
        },
      },
    ]);
    const json = JSON.parse(
      exportMetaverse(
        e,
        {
          query: { groups: [] },
          columns: ['displayName', 'sourceAnchorBinary', 'accountEnabled', 'mail'],
        },
        'json',
      ),
    );
    expect(json).toEqual([
      {
        id: 'a',
        objectType: 'person',
        attributes: {
          displayName: 'Ann',
          sourceAnchorBinary: { $binary: 'AQID' },
          accountEnabled: false,
        },
      },
    ]);
  });
});

describe('attribute names and object types', () => {
  it('lists what the metaverse holds', () => {
    const e = people();
    expect(metaverseAttributeNames(e)).toEqual([
      'accountEnabled',
      'displayName',
      'mail',
      'member',
      'proxyAddresses',
      'sourceObjectType',
    ]);
    expect(metaverseObjectTypes(e)).toEqual([
      { objectType: 'group', count: 1 },
      { objectType: 'person', count: 4 },
    ]);
  });
});

describe('operators by attribute type', () => {
  it('knows each attribute kind from the metaverse schema, else from its values', () => {
    const e = engineWith([
      {
        id: 'mv-1',
        attributes: {
          displayName: 'Ann',
          customFlag: true,
          customCount: 3,
          customRef: new Ref('x'),
        },
      },
    ]);
    const kinds = metaverseAttributeKinds(e);
    expect(kinds).toMatchObject({
      displayName: 'String',
      accountEnabled: 'Boolean',
      memberCount: 'Integer',
      sourceAnchorBinary: 'Binary',
      manager: 'Reference',
      customFlag: 'Boolean',
      customCount: 'Integer',
      customRef: 'Reference',
    });
    expect(MV_OPERATORS_BY_KIND.String).toEqual(MV_OPERATORS);
    expect(MV_OPERATORS_BY_KIND.Boolean).toEqual(['Equals', 'IsPresent', 'IsNotPresent']);
  });

  it('rejects a clause whose operator the attribute type does not take, naming attribute, type and operators', () => {
    const e = engineWith([
      {
        id: 'mv-ann',
        attributes: {
          displayName: 'Ann Lee',
          accountEnabled: true,
          memberCount: 3,
          sourceAnchorBinary: new Uint8Array([1, 2]),
          manager: new Ref('mv-bob'),
        },
      },
    ]);
    const cases: [string, string, string][] = [
      ['accountEnabled', 'Boolean', 'StartsWith'],
      ['memberCount', 'Integer', 'Contains'],
      ['sourceAnchorBinary', 'Binary', 'EndsWith'],
      ['manager', 'Reference', 'NotContains'],
    ];
    for (const [attribute, kind, operator] of cases) {
      const query: MvQuery = {
        groups: [
          [
            { attribute: 'displayName', operator: 'StartsWith', value: 'a' },
            { attribute, operator: operator as SearchOperator, value: '1' },
          ],
        ],
      };
      const a = kind === 'Integer' ? 'an' : 'a';
      const message = `Group 1, clause 2: ${operator} does not apply to ${attribute}, ${a} ${kind} attribute: ${a} ${kind} attribute takes Equals, IsPresent, IsNotPresent.`;
      expect(() => searchMetaverse(e, { query })).toThrow(SearchOperatorError);
      expect(() => searchMetaverse(e, { query })).toThrow(message);
      expect(() => exportMetaverse(e, { query }, 'csv')).toThrow(message);
      // Equals and the presence tests apply to every type.
      expect(ids(e, { groups: [[{ attribute, operator: 'IsPresent' }]] })).toEqual(['mv-ann']);
      expect(ids(e, { groups: [[{ attribute, operator: 'IsNotPresent' }]] })).toEqual([]);
    }
    expect(
      ids(e, { groups: [[{ attribute: 'accountEnabled', operator: 'Equals', value: 'TRUE' }]] }),
    ).toEqual(['mv-ann']);
    expect(
      ids(e, { groups: [[{ attribute: 'memberCount', operator: 'Equals', value: '3' }]] }),
    ).toEqual(['mv-ann']);
    // Every operator applies to a String attribute, and to one the metaverse does not know.
    for (const operator of MV_OPERATORS)
      expect(() =>
        searchMetaverse(e, { query: { groups: [[{ attribute: 'extra', operator, value: 'x' }]] } }),
      ).not.toThrow();
    expect(() =>
      searchMetaverse(e, {
        query: {
          groups: [[{ attribute: 'mail', operator: 'Like' as SearchOperator, value: 'x' }]],
        },
      }),
    ).toThrow('Group 1, clause 1: "Like" is not a Metaverse Search operator');
  });
});

import { describe, expect, it } from 'vitest';
import { createEngine, runScenarioSteps } from '../sync/scenario-runner.ts';
import { scenario, user } from '../sync/test-helpers.ts';
import { engineWithMetaverse as engineWith } from './mv-test-helpers.ts';
import { SearchOperatorError } from './mv-operators.ts';
import { search, type SearchClause, type SearchRequest } from './search.ts';

const people = () =>
  engineWith([
    { id: 'mv-3', attributes: { displayName: 'Carl', mail: 'carl@fabrikam.com' } },
    { id: 'mv-1', attributes: { displayName: 'Ann', mail: 'ann@contoso.com', sn: 'Lee' } },
    { id: 'mv-4', attributes: { displayName: 'ann', proxyAddresses: ['SMTP:a@x', 'smtp:b@y'] } },
    { id: 'mv-2', attributes: { displayName: 'Bob', mail: 'bob@contoso.com' } },
    { id: 'mv-5', attributes: { mail: 'nobody@contoso.com' } },
    { id: 'mv-g', objectType: 'Group', attributes: { displayName: 'Sales', objectType: 'x' } },
  ]);

function ids(req: Omit<SearchRequest, 'scope'>, e = people()): string[] {
  return search(e, { scope: 'metaverse', limit: 100, ...req }).rows.map((r) => r.id);
}

function where(attribute: string, operator: SearchClause['operator'], value?: string) {
  return { clauses: [{ attribute, operator, ...(value !== undefined ? { value } : {}) }] };
}

describe('search, metaverse scope', () => {
  it('answers every operator, ignoring case, in metaverse order', () => {
    expect(ids(where('displayName', 'Equals', 'ANN'))).toEqual(['mv-1', 'mv-4']);
    expect(ids(where('mail', 'Contains', 'CONTOSO'))).toEqual(['mv-1', 'mv-2', 'mv-5']);
    expect(ids(where('mail', 'NotContains', 'contoso'))).toEqual(['mv-3', 'mv-4', 'mv-g']);
    expect(ids(where('mail', 'StartsWith', 'b'))).toEqual(['mv-2']);
    expect(ids(where('mail', 'EndsWith', '.COM'))).toEqual(['mv-3', 'mv-1', 'mv-2', 'mv-5']);
    expect(ids(where('sn', 'IsPresent'))).toEqual(['mv-1']);
    expect(ids(where('displayName', 'IsNotPresent'))).toEqual(['mv-5']);
    // Any value of a multi-valued attribute.
    expect(ids(where('proxyAddresses', 'StartsWith', 'smtp:B'))).toEqual(['mv-4']);
    // An empty value is a test like any other: every value starts with nothing.
    expect(ids(where('mail', 'StartsWith', ''))).toHaveLength(4);
  });

  it('ANDs the clauses and scopes by object type without case', () => {
    expect(
      ids({
        clauses: [
          { attribute: 'mail', operator: 'EndsWith', value: 'contoso.com' },
          { attribute: 'displayName', operator: 'IsPresent' },
        ],
      }),
    ).toEqual(['mv-1', 'mv-2']);
    expect(ids({ objectType: 'group' })).toEqual(['mv-g']);
    expect(ids({ objectType: 'PERSON' })).toHaveLength(5);
    // A clause on objectType reads the attribute bag, not the object's type.
    expect(ids(where('objectType', 'Equals', 'x'))).toEqual(['mv-g']);
  });

  it('sorts absent values as the highest text and keeps ties in metaverse order', () => {
    expect(ids({ sort: { attribute: 'displayName' } })).toEqual([
      'mv-1',
      'mv-4',
      'mv-2',
      'mv-3',
      'mv-g',
      'mv-5',
    ]);
    expect(ids({ sort: { attribute: 'displayName', descending: true } })).toEqual([
      'mv-5',
      'mv-g',
      'mv-3',
      'mv-2',
      'mv-1',
      'mv-4',
    ]);
    expect(ids({ sort: { attribute: 'id', descending: true }, objectType: 'person' })).toEqual([
      'mv-5',
      'mv-4',
      'mv-3',
      'mv-2',
      'mv-1',
    ]);
    expect(ids({ sort: { attribute: 'objectType' } })[0]).toBe('mv-g');
  });

  it('pages, and renders the columns as displayed values', () => {
    const e = people();
    const page = search(e, {
      scope: 'metaverse',
      sort: { attribute: 'displayName' },
      offset: 1,
      limit: 2,
      columns: ['displayName', 'proxyAddresses', 'objectType'],
    });
    expect(page).toEqual({
      total: 6,
      offset: 1,
      rows: [
        {
          id: 'mv-4',
          objectType: 'person',
          columns: {
            displayName: 'ann',
            proxyAddresses: '[SMTP:a@x, smtp:b@y]',
            objectType: 'person',
          },
        },
        { id: 'mv-2', objectType: 'person', columns: { displayName: 'Bob', objectType: 'person' } },
      ],
    });
    expect(search(e, { scope: 'metaverse', offset: 10 })).toEqual({
      total: 6,
      offset: 10,
      rows: [],
    });
  });

  it("rejects an operator the attribute's type does not take, naming attribute, type and operators", () => {
    const e = engineWith([
      { id: 'mv-1', attributes: { displayName: 'Ann', accountEnabled: true } },
    ]);
    expect(() => ids(where('accountEnabled', 'Contains', 'tr'), e)).toThrow(
      'Clause 1: Contains does not apply to accountEnabled, a Boolean attribute: a Boolean attribute takes Equals, IsPresent, IsNotPresent.',
    );
    expect(() => ids(where('memberCount', 'StartsWith', '1'), e)).toThrow(SearchOperatorError);
    expect(ids(where('accountEnabled', 'Equals', 'true'), e)).toEqual(['mv-1']);
    expect(ids(where('displayName', 'EndsWith', 'NN'), e)).toEqual(['mv-1']);
  });

  it('sees the metaverse change between searches', () => {
    const e = people();
    expect(ids(where('displayName', 'StartsWith', 'z'), e)).toEqual([]);
    const bob = e.mv.get('mv-2');
    if (!bob) throw new Error('missing');
    e.mv.set('mv-2', { ...bob, attributes: { ...bob.attributes, displayName: 'Zed' } });
    expect(ids(where('displayName', 'StartsWith', 'z'), e)).toEqual(['mv-2']);
    e.mv.delete('mv-2');
    expect(ids(where('displayName', 'StartsWith', 'z'), e)).toEqual([]);
  });
});

describe('search, connector space scope', () => {
  it('filters and sorts a connector space with the same operators', () => {
    const e = createEngine(
      scenario({
        forests: [
          {
            name: 'contoso.com',
            objects: [user('Ann', { mail: 'ann@contoso.com' }), user('Bob'), user('Carl')],
          },
        ],
      }),
    );
    const r = runScenarioSteps(e, [{ run: 'Full Import', connector: 'contoso.com' }]);
    expect(r.ok).toBe(true);
    const found = search(e, {
      scope: 'contoso.com',
      objectType: 'USER',
      clauses: [{ attribute: 'mail', operator: 'IsNotPresent' }],
      sort: { attribute: 'dn', descending: true },
      columns: ['sAMAccountName'],
    });
    expect(found.rows.map((row) => row.columns.sAMAccountName)).toEqual(['carl', 'bob']);
    expect(
      search(e, {
        scope: 'contoso.com',
        clauses: [{ attribute: 'rdn', operator: 'StartsWith', value: 'cn=ann' }],
      }).total,
    ).toBe(1);
    // Any operator on a connector space's attributes; only what is no operator is rejected.
    expect(
      search(e, {
        scope: 'contoso.com',
        clauses: [{ attribute: 'userAccountControl', operator: 'StartsWith', value: '5' }],
      }).total,
    ).toBe(3);
    expect(() =>
      search(e, {
        scope: 'contoso.com',
        clauses: [{ attribute: 'mail', operator: 'Matches' as SearchClause['operator'] }],
      }),
    ).toThrow('Clause 1: "Matches" is not a Metaverse Search operator');
  });
});

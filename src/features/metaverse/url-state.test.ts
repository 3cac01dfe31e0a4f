import { describe, expect, it } from 'vitest';
import {
  defaultState,
  offeredGroups,
  readState,
  writeState,
  type SearchState,
} from './url-state.ts';

describe('search state in the address bar', () => {
  it('round-trips a full search', () => {
    const s: SearchState = {
      objectType: 'person',
      text: 'carl berg',
      groups: [
        [
          { attribute: 'sourceObjectType', operator: 'Equals', value: 'User' },
          { attribute: 'mail', operator: 'IsPresent' },
        ],
        [{ attribute: 'mail', operator: 'EndsWith', value: '@fabrikam.com' }],
      ],
      sort: { attribute: 'mail', descending: true },
      page: 3,
      pageSize: 25,
      columns: ['displayName', 'cloudFiltered'],
    };
    const text = writeState(s).toString();
    expect(readState(new URLSearchParams(text))).toEqual(s);
  });

  it('leaves defaults out and reads nothing as the defaults', () => {
    expect(writeState(defaultState()).toString()).toBe('');
    expect(readState(new URLSearchParams(''))).toEqual(defaultState());
  });

  it('ignores what it cannot read', () => {
    const s = readState(
      new URLSearchParams(
        'q=' +
          encodeURIComponent(
            '[[{"attribute":"mail","operator":"Like","value":"x"},{"attribute":"sn","operator":"Equals","value":"Lee"}],5]',
          ) +
          '&page=-2&size=7',
      ),
    );
    expect(s.groups).toEqual([[{ attribute: 'sn', operator: 'Equals', value: 'Lee' }]]);
    expect(s.page).toBe(0);
    expect(s.pageSize).toBe(50);
    expect(readState(new URLSearchParams('q=%7Bnot json')).groups).toEqual([]);
  });

  it("keeps the clauses whose operator the attribute's type takes, and says why the others go", () => {
    const kinds: Record<string, 'Boolean' | 'Integer'> = {
      cloudFiltered: 'Boolean',
      memberCount: 'Integer',
    };
    const r = offeredGroups(
      [
        [
          { attribute: 'cloudFiltered', operator: 'StartsWith', value: 't' },
          { attribute: 'mail', operator: 'EndsWith', value: '@contoso.com' },
        ],
        [{ attribute: ' memberCount ', operator: 'Contains', value: '1' }],
        [{ attribute: 'memberCount', operator: 'IsPresent' }],
        [{ attribute: '', operator: 'Contains', value: 'x' }],
      ],
      (a) => kinds[a] ?? 'String',
    );
    expect(r.groups).toEqual([
      [{ attribute: 'mail', operator: 'EndsWith', value: '@contoso.com' }],
      [],
      [{ attribute: 'memberCount', operator: 'IsPresent' }],
      // No attribute yet: the engine says so itself.
      [{ attribute: '', operator: 'Contains', value: 'x' }],
    ]);
    expect(r.leftOut).toEqual([
      'Group 1, clause 1 is left out: StartsWith does not apply to cloudFiltered, a Boolean attribute: a Boolean attribute takes Equals, IsPresent, IsNotPresent.',
      'Group 2, clause 1 is left out: Contains does not apply to memberCount, an Integer attribute: an Integer attribute takes Equals, IsPresent, IsNotPresent.',
    ]);
  });
});

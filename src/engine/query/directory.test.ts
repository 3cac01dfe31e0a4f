import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../io/scenario.ts';
import { createEngine } from '../sync/scenario-runner.ts';
import {
  containerTree,
  directoryObjectView,
  forestSummaries,
  listDirectory,
  parentDn,
  rdnValue,
} from './directory.ts';

const text = readFileSync(
  new URL('../../../scenarios/single-forest.json', import.meta.url),
  'utf8',
);
const parsed = parseScenario(text);
if (!parsed.ok) throw new Error('scenario');
const scenario = parsed.scenario;
const engine = createEngine(scenario);
const header = scenario.forests[0] ?? { name: '', netbios: '', objects: [] };

describe('directory views', () => {
  it('splits DNs at unescaped commas', () => {
    expect(parentDn('CN=Smith\\, Ann,OU=Users,DC=contoso,DC=com')).toBe(
      'OU=Users,DC=contoso,DC=com',
    );
    expect(rdnValue('CN=Smith\\, Ann,OU=Users,DC=contoso,DC=com')).toBe('Smith, Ann');
    expect(parentDn('DC=emea,DC=contoso,DC=com')).toBe('');
  });

  it('counts objects per class for each forest', () => {
    const [f] = forestSummaries(engine, scenario.forests);
    expect(f?.domains[0]).toEqual({
      name: 'contoso.com',
      netbios: 'CONTOSO',
      dn: 'DC=contoso,DC=com',
    });
    const users = header.objects.filter((o) => o.objectClass === 'user').length;
    expect(f?.counts.user).toBe(users);
    expect(f?.total).toBe(header.objects.length);
  });

  it('builds the container tree, including containers only named as parents', () => {
    const [root] = containerTree(engine, header);
    expect(root?.dn).toBe('DC=contoso,DC=com');
    expect(root?.name).toBe('contoso.com');
    const names = root?.children.map((c) => c.name) ?? [];
    expect(names).toContain('Contoso Users');
    const ou = root?.children.find((c) => c.name === 'Contoso Users');
    expect(ou?.childCount).toBe(
      header.objects.filter((o) => o.dn.endsWith(',OU=Contoso Users,DC=contoso,DC=com')).length,
    );
  });

  it('pages, filters and sorts objects', () => {
    const all = listDirectory(engine, { forest: 'contoso.com', subtree: true, limit: 2 });
    expect(all.total).toBe(header.objects.length);
    expect(all.rows).toHaveLength(2);
    const next = listDirectory(engine, { forest: 'contoso.com', offset: 2, limit: 2 });
    expect(next.rows[0]?.name.localeCompare(all.rows[1]?.name ?? '')).toBeGreaterThanOrEqual(0);
    const ann = listDirectory(engine, { forest: 'contoso.com', text: 'ann.lee' });
    expect(ann.rows.map((r) => r.name)).toEqual(['Ann Lee']);
    expect(ann.rows[0]?.enabled).toBe(true);
    const groups = listDirectory(engine, { forest: 'contoso.com', objectClass: 'GROUP' });
    expect(groups.rows.every((r) => r.objectClass === 'group')).toBe(true);
  });

  it('shows binary identifiers as GUID and SID strings', () => {
    const v = directoryObjectView(
      engine,
      'contoso.com',
      'cn=ann lee,ou=contoso users,dc=contoso,dc=com',
    );
    const get = (n: string) => v?.attributes.find((a) => a.name === n);
    expect(get('objectGUID')?.values).toEqual(['8acc20ac-82f7-42de-8532-14468beddf91']);
    expect(get('objectGUID')?.readOnly).toBe(true);
    expect(get('objectSid')?.values).toEqual(['S-1-5-21-3623811015-3361044348-30300820-1105']);
  });
});

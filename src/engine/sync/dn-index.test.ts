import { describe, expect, it } from 'vitest';
import { settledWorkspace } from '../rules/rule-test-helpers.ts';
import type { CsObject } from './model.ts';

function ann(engine: ReturnType<typeof settledWorkspace>): CsObject {
  const cs = [...engine.cs.values()].find(
    (c) => c.connector === 'contoso.com' && c.dn.startsWith('CN=Ann'),
  );
  if (!cs) throw new Error('no Ann');
  return cs;
}

describe('finding a connector-space object by DN', () => {
  it('ignores case, whether the DN is written as stored or not', () => {
    const engine = settledWorkspace();
    const cs = ann(engine);
    expect(engine.csIdByDn('contoso.com', cs.dn)).toBe(cs.id);
    expect(engine.csIdByDn('contoso.com', cs.dn.toUpperCase())).toBe(cs.id);
    expect(engine.csIdByDn('contoso.com', cs.dn.toLowerCase())).toBe(cs.id);
  });

  it('follows renames, and answers as the case-insensitive index once two DNs differ only by case', () => {
    const engine = settledWorkspace();
    const cs = ann(engine);
    const moved = 'CN=Ann Moved,OU=Users,DC=contoso,DC=com';
    engine.cs.set(cs.id, { ...cs, dn: moved });
    expect(engine.csIdByDn('contoso.com', cs.dn)).toBeUndefined();
    expect(engine.csIdByDn('contoso.com', moved)).toBe(cs.id);
    // A second object whose DN differs only by case: the last one written holds the DN.
    const twin = { ...cs, id: 'twin', dn: moved.toLowerCase() };
    engine.cs.set(twin.id, twin);
    expect(engine.csIdByDn('contoso.com', moved)).toBe('twin');
    expect(engine.csIdByDn('contoso.com', moved.toLowerCase())).toBe('twin');
  });
});

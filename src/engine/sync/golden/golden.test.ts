import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../../cli/run.ts';

const dir = import.meta.dirname;
const scenarios = readdirSync(dir).filter(
  (f) => f.endsWith('.json') && !f.endsWith('.expect.json'),
);

interface Expectation {
  metaverseCount?: number;
  tenantCount?: number;
  metaverse?: unknown[];
  tenant?: unknown[];
  groupMembers?: number;
  runs?: Record<string, unknown>;
  /** Runs from this index on change nothing (a converged delta cycle). */
  quietFrom?: number;
}

function run(file: string, extra: string[] = []): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCommand([join(dir, file), ...extra], {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    readFile: (p) => readFileSync(p, 'utf8'),
  });
  return { code, out, err };
}

describe('golden scenarios through synclab run', () => {
  it('finds the scenarios', () => expect(scenarios.length).toBeGreaterThanOrEqual(4));

  for (const file of scenarios) {
    it(file, () => {
      const expected = JSON.parse(
        readFileSync(join(dir, file.replace(/\.json$/, '.expect.json')), 'utf8'),
      ) as Expectation;
      const { code, out, err } = run(file);
      expect(err).toBe('');
      expect(code).toBe(0);
      const doc = JSON.parse(out);
      if (expected.metaverseCount !== undefined)
        expect(doc.metaverse).toHaveLength(expected.metaverseCount);
      if (expected.tenantCount !== undefined) expect(doc.tenant).toHaveLength(expected.tenantCount);
      const like = (x: unknown) =>
        expect.objectContaining({
          ...(x as object),
          attributes: expect.objectContaining((x as { attributes: object }).attributes),
        });
      for (const m of expected.metaverse ?? []) expect(doc.metaverse).toContainEqual(like(m));
      for (const t of expected.tenant ?? []) expect(doc.tenant).toContainEqual(like(t));
      if (expected.groupMembers !== undefined) {
        const group = doc.tenant.find((t: { objectType: string }) => t.objectType === 'group');
        expect(group.attributes.member).toHaveLength(expected.groupMembers);
        const ids = new Set(doc.tenant.map((t: { id: string }) => t.id));
        for (const m of group.attributes.member) expect(ids.has(m.$ref ?? m)).toBe(true);
      }
      for (const [i, r] of Object.entries(expected.runs ?? {})) {
        expect(doc.runs[Number(i)]).toMatchObject(r as object);
      }
      if (expected.quietFrom !== undefined) {
        for (const r of doc.runs.slice(expected.quietFrom)) {
          expect(r.status).toBe('success');
          expect(Object.values(r.counts).every((n) => n === 0)).toBe(true);
        }
      }
      // Deterministic: the same file gives the same document.
      expect(run(file).out).toBe(out);
    });
  }

  it('exits 2 naming the JSON path on bad input', () => {
    let err = '';
    const code = runCommand(['bad.json'], {
      stdout: () => undefined,
      stderr: (t) => (err += t),
      readFile: () =>
        '{"synclab": 1, "name": "x", "tenant": {"initialDomain": "contoso.onmicrosoft.com"}, "forests": [{"name": "contoso.com", "netbios": "C", "objects": [{"dn": "CN=A,DC=contoso,DC=com", "objectClass": "user", "attributes": {"objectGUID": "nope"}}]}]}',
    });
    expect(code).toBe(2);
    expect(err).toContain('forests[0].objects[0].attributes.objectGUID');
  });

  it('accepts --order and rejects unknown forests', () => {
    const a = run('multi-forest-join.json', ['--order', 'fabrikam.com,contoso.com']);
    expect(a.code).toBe(0);
    const doc = JSON.parse(a.out);
    expect(doc.runs[0].connector).toBe('fabrikam.com');
    // Precedence, not run order, decides the department.
    expect(
      doc.metaverse.find(
        (m: { attributes: { employeeID?: string } }) => m.attributes.employeeID === 'E1',
      ).attributes.department,
    ).toBe('Sales');
    expect(run('multi-forest-join.json', ['--order', 'nowhere.com']).code).toBe(2);
  });
});

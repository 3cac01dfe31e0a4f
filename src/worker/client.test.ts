import '@vitest/web-worker';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngineClient } from './client.ts';

// One worker for the whole file: the engine keeps its workspace between calls, as in the app.
const client = createEngineClient();
const engine = client.api;
afterAll(() => client.terminate());

describe('the engine worker boundary', () => {
  it('runs the engine inside the worker', async () => {
    expect(await engine.info()).toEqual({ engine: 'synclab', context: 'worker' });
  });

  it('evaluates an expression and returns plain data', async () => {
    const response = await engine.evaluate({
      expression: 'Left([givenName],1) & [sn]',
      attributes: { givenName: 'Ann', sn: 'Lee' },
    });
    expect(response).toEqual({ value: 'ALee' });
  });

  it('turns Error() into an object error, not an exception', async () => {
    const response = await engine.evaluate({
      expression:
        'IIF(IsPresent([sAMAccountName]),[sAMAccountName],Error("AccountName is not present"))',
      attributes: {},
    });
    expect(response).toEqual({
      error: { type: 'sync-rule-error-function-triggered', message: 'AccountName is not present' },
    });
  });

  it('reports diagnostics with positions', async () => {
    const response = await engine.evaluate({ expression: 'iif(True, 1, 2)' });
    expect(response).toMatchObject({
      diagnostics: [{ message: "Unknown function 'iif'. Did you mean 'IIF'?", start: 0, end: 3 }],
    });
  });
});

describe('the workspace through the worker', () => {
  it('lists the built-in scenarios and opens one', async () => {
    const library = await engine.builtInScenarios();
    expect(library.map((s) => s.id)).toContain('galsync-merger');
    expect(await engine.workspace()).toBeNull();
    const opened = await engine.openBuiltIn('galsync-merger');
    expect(opened.ok && opened.workspace.connectors.map((c) => c.kind)).toEqual([
      'AD',
      'AD',
      'AAD',
    ]);
  });

  it('rejects a broken file whole and keeps the open workspace', async () => {
    const before = await engine.workspace();
    const result = await engine.openScenario(
      '{"synclab": 1, "name": "x", "bogus": true}',
      'bad.json',
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.messages.join('\n')).toMatch(/bad\.json.*bogus/);
    expect(await engine.workspace()).toEqual(before);
  });
});

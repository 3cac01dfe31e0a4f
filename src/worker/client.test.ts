import '@vitest/web-worker';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngineClient } from './client.ts';

describe('the engine worker boundary', () => {
  const client = createEngineClient();
  const engine = client.api;
  afterAll(() => client.terminate());

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

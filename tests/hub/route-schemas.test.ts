/**
 * Route schemas are compiled by their route's first request or answer (http/deferred-schemas.ts), so a schema that
 * does not compile would otherwise first show as a store's failed request: here every route's are compiled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/main/hub/hub.js';
import { compilePendingSchemas } from '../../src/main/hub/http/deferred-schemas.js';
import { startTestHub } from '../helpers/test-hub.js';

describe('route schemas', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  it('of both listeners all compile, none of them before it is needed', async () => {
    const health = await fetch(`${hub.status().uiUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({
      status: 'ok',
      version: hub.context.identity.version,
      hubId: expect.any(String),
    });
    // Both listeners' request and response schemas, GET routes twice (HEAD): far more than the one answer above used.
    expect(compilePendingSchemas()).toBeGreaterThan(100);
    expect(compilePendingSchemas()).toBe(0);
  });
});

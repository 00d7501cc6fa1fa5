/**
 * Renders a screen of the UI for component tests (happy-dom): a fresh query client, a logged-in user of a given
 * role, a memory router at `path`, and `fetch` answered from a table of admin API routes. Written with
 * createElement because helpers are plain .ts files.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, type RenderResult } from '@testing-library/react';
import { createElement, type ReactElement } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, vi, type Mock } from 'vitest';
import type { Role, User } from '../../src/renderer/api/types.js';
import { SessionProvider } from '../../src/renderer/auth/SessionContext.js';

/** An answer per path prefix (`GET /v1/admin/devices`), as JSON with status 200, or `[status, body]`. */
export type ApiRoutes = Record<string, unknown>;

export interface Rendered extends RenderResult {
  fetch: Mock<typeof fetch>;
  router: ReturnType<typeof createMemoryRouter>;
  /** The request URLs (path and query) seen so far, in order. */
  requests(): string[];
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function answer(routes: ApiRoutes, method: string, url: string): Response {
  const key = Object.keys(routes)
    .filter((route) => `${method} ${url}`.startsWith(route))
    .sort((a, b) => b.length - a.length)[0];
  const value =
    key === undefined ? [404, { error: { code: 'NOT_FOUND', message: `no route for ${url}` } }] : routes[key];
  const [status, body] = Array.isArray(value) && typeof value[0] === 'number' ? value : [200, value];
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export function renderScreen(
  element: ReactElement,
  { role = 'manager', path = '/', routes = {} }: { role?: Role; path?: string; routes?: ApiRoutes } = {},
): Rendered {
  const fetchMock = vi.fn<typeof fetch>(async (input, init) =>
    answer(routes, init?.method ?? 'GET', typeof input === 'string' ? input : input.toString()),
  );
  vi.stubGlobal('fetch', fetchMock);
  const user: User = { id: 'u1', name: role === 'cashier' ? 'Kasia' : 'Marta', role };
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const router = createMemoryRouter([{ path: '*', element }], { initialEntries: [path] });
  const result = render(
    createElement(
      QueryClientProvider,
      { client },
      createElement(SessionProvider, { value: user }, createElement(RouterProvider, { router })),
    ),
  );
  return {
    ...result,
    fetch: fetchMock,
    router,
    requests: () => fetchMock.mock.calls.map(([input]) => String(input)),
  };
}

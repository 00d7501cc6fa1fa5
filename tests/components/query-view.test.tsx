// @vitest-environment happy-dom
import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/renderer/api/client.js';
import { createQueryClient } from '../../src/renderer/api/query-client.js';
import { QueryView } from '../../src/renderer/components/QueryView.js';

function Figures({ fetchFigures }: { fetchFigures: () => Promise<string> }) {
  // The app's own retry policy (query-client.ts): a failed attempt is tried again twice, a second and more apart.
  const query = useQuery({ queryKey: ['figures'], queryFn: fetchFigures });
  return (
    <QueryView query={query} loading="Loading the figures…">
      {(figures) => <p>{figures}</p>}
    </QueryView>
  );
}

function renderWith(fetchFigures: () => Promise<string>) {
  const client = createQueryClient();
  render(
    <QueryClientProvider client={client}>
      <Figures fetchFigures={fetchFigures} />
    </QueryClientProvider>,
  );
  return client;
}

describe('a query view', () => {
  afterEach(cleanup);

  it('says the hub could not be reached after the first failed attempt, not "Loading" through the retries', async () => {
    const client = renderWith(() => Promise.reject(new ApiError(0, 'NETWORK_ERROR', 'The hub could not be reached.')));
    expect(screen.getByText('Loading the figures…')).toBeTruthy();
    expect((await screen.findByRole('alert')).textContent).toMatch(/Cannot reach the hub/);
    expect(screen.getByText('Trying again…')).toBeTruthy();
    expect(screen.queryByText('Loading the figures…')).toBeNull();
    client.clear();
  });

  it('shows the data once it comes', async () => {
    const client = renderWith(() => Promise.resolve('12 sales'));
    expect(await screen.findByText('12 sales')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    client.clear();
  });
});

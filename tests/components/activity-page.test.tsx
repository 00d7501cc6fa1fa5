// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { PulledEvent } from '../../src/renderer/api/types.js';
import { ActivityPage } from '../../src/renderer/pages/activity/ActivityPage.js';
import { renderScreen } from '../helpers/ui-render.js';

const record = (cursor: number, status: PulledEvent['status'] = 'accepted'): PulledEvent => ({
  cursor,
  recordedAt: new Date(Date.UTC(2026, 10, 22, 10, 0, cursor)).toISOString(),
  status,
  event: {
    id: `e${cursor}`,
    deviceId: 'd1',
    seq: cursor,
    type: 'inventory.issue',
    payload: { productId: 'cola', quantity: 1 },
  },
});

const routes = {
  'GET /v1/admin/devices': { devices: [{ id: 'd1', name: 'Till 1', state: 'online' }] },
  'GET /v1/admin/events?limit=50&before=': { events: [record(2), record(1, 'refused')], next: null },
  'GET /v1/admin/events?limit=50': { events: [record(4), record(3, 'conflict')], next: 3 },
};

describe('activity: filters and pages over the cursor', () => {
  it('pages older from the hub’s `next`, then back to the newest', async () => {
    const view = renderScreen(<ActivityPage />, { path: '/activity', routes });
    await screen.findByRole('link', { name: 'Event 4' });
    const table = screen.getByRole('table');
    expect(within(table).getByText('Conflict')).toBeTruthy();
    expect(within(table).getByText('Till 1 #4')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Newest' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Older →' }));
    await screen.findByRole('link', { name: 'Event 1' });
    expect(view.router.state.location.search).toBe('?before=3');
    expect(view.requests()).toContain('/v1/admin/events?limit=50&before=3');
    expect(within(screen.getByRole('table')).getByText('Failed: refused')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Older →' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: '← Newer' }));
    await waitFor(() => expect(view.router.state.location.search).toBe('?after=2'));
    expect(view.requests()).toContain('/v1/admin/events?limit=50&after=2');
    fireEvent.click(screen.getByRole('button', { name: 'Newest' }));
    await waitFor(() => expect(view.router.state.location.search).toBe(''));
  });

  it('applies filters to the URL and the hub query, starting again from the newest', async () => {
    const view = renderScreen(<ActivityPage />, { path: '/activity?before=3', routes });
    await screen.findByRole('option', { name: 'Till 1' });
    fireEvent.change(screen.getByLabelText('Device'), { target: { value: 'd1' } });
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'conflict' } });
    fireEvent.change(screen.getByLabelText('Type'), { target: { value: ' inventory.issue ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() =>
      expect(view.router.state.location.search).toBe('?deviceId=d1&type=inventory.issue&status=conflict'),
    );
    await waitFor(() =>
      expect(view.requests()).toContain('/v1/admin/events?limit=50&deviceId=d1&type=inventory.issue&status=conflict'),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    await waitFor(() => expect(view.router.state.location.search).toBe(''));
  });

  it('shows the hub’s error in words, not JSON', async () => {
    renderScreen(<ActivityPage />, {
      path: '/activity',
      routes: {
        'GET /v1/admin/devices': routes['GET /v1/admin/devices'],
        'GET /v1/admin/events': [
          400,
          { error: { code: 'INVALID_REQUEST', message: 'querystring/limit must be <= 1000' } },
        ],
      },
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Some details are not in the expected form. Check the fields and try again.');
  });
});

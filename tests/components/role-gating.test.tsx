// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ConflictDetail } from '../../src/shared/protocol/conflicts.js';
import { ManagerOnly } from '../../src/renderer/app/ManagerOnly.js';
import { Sidebar } from '../../src/renderer/app/Sidebar.js';
import { AlertTable } from '../../src/renderer/pages/alerts/AlertTable.js';
import { ConflictOptions } from '../../src/renderer/pages/conflicts/ConflictOptions.js';
import { DevicesPage } from '../../src/renderer/pages/devices/DevicesPage.js';
import type { Alert } from '../../src/renderer/api/types.js';
import { renderScreen } from '../helpers/ui-render.js';

const lists = {
  'GET /v1/admin/conflicts': { conflicts: [] },
  'GET /v1/admin/alerts': { alerts: [] },
  'GET /v1/admin/approvals': { approvals: [{ approvalId: 'a1' }, { approvalId: 'a2' }] },
  'GET /v1/admin/devices': { devices: [] },
};

const conflict = {
  id: 'c-1',
  kind: 'insufficient_stock',
  status: 'open',
  event: {
    cursor: 7,
    recordedAt: '',
    status: 'conflict',
    event: { payload: { productId: 'cola', locationId: 'shelf', quantity: 5 } },
  },
  serverNow: { productId: 'cola', locationId: 'shelf', available: 3 },
  requested: {},
  options: [
    { action: 'retry', pin: false, quantity: 'none' },
    { action: 'modify', pin: false, quantity: 'required' },
    { action: 'force', pin: true, quantity: 'none' },
  ],
} as unknown as ConflictDetail;

const alert: Alert = {
  id: 'al-1',
  key: 'device-queue:d1',
  severity: 'critical',
  status: 'active',
  subject: 'device:d1',
  message: 'Till 1 has 600 events waiting to sync',
  data: {},
  raisedAt: '2026-11-22T10:00:00.000Z',
  updatedAt: '2026-11-22T10:00:00.000Z',
  acknowledgedAt: null,
  acknowledgedBy: null,
  clearedAt: null,
};

describe('what a cashier sees', () => {
  it('has no approvals or settings in the navigation, and never asks the hub for approvals', async () => {
    const view = renderScreen(<Sidebar />, { role: 'cashier', routes: lists });
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual([
      'Dashboard',
      'Devices',
      'Activity',
      'Stock',
      'Catalog',
      'Invoices',
      'Conflicts',
      'Upstream',
      'Hardware',
      'Alerts',
    ]);
    await waitFor(() => expect(view.requests()).toContain('/v1/admin/alerts?status=active&limit=500'));
    expect(view.requests().some((url) => url.includes('approvals'))).toBe(false);
  });

  it('is told a screen is for managers instead of seeing it', () => {
    renderScreen(
      <ManagerOnly>
        <p>secret settings</p>
      </ManagerOnly>,
      { role: 'cashier' },
    );
    expect(screen.getByRole('heading', { name: 'Managers only' })).toBeTruthy();
    expect(screen.queryByText('secret settings')).toBeNull();
  });

  it('cannot pair or revoke devices, decide conflicts or acknowledge alerts, but sees what they would do', async () => {
    renderScreen(<DevicesPage />, { role: 'cashier', routes: lists });
    await screen.findByText(/No devices yet/);
    expect(screen.queryByRole('button', { name: 'Pair a device' })).toBeNull();
    renderScreen(<ConflictOptions conflict={conflict} />, { role: 'cashier' });
    expect(screen.getByText('A manager decides conflicts. These are the choices they have:')).toBeTruthy();
    for (const button of screen.getAllByRole('button')) expect((button as HTMLButtonElement).disabled).toBe(true);
    renderScreen(<AlertTable alerts={[alert]} canAcknowledge={false} />, { role: 'cashier' });
    expect(screen.queryByRole('button', { name: /Acknowledge/ })).toBeNull();
    expect(screen.getByText('A manager acknowledges')).toBeTruthy();
  });
});

describe('what a manager sees', () => {
  it('has every screen in the navigation, with the waiting approvals counted', async () => {
    renderScreen(<Sidebar />, { role: 'manager', routes: lists });
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: /Settings/ })).toBeTruthy();
    await within(nav).findByLabelText('2 waiting');
  });

  it('chooses a conflict option and is asked for exactly what the hub needs: units, or the PIN', async () => {
    renderScreen(<ConflictOptions conflict={conflict} />, { role: 'manager' });
    fireEvent.click(screen.getByRole('button', { name: /Book part of it/ }));
    let dialog = screen.getByRole('dialog', { name: 'Book part of it' });
    const units = within(dialog).getByLabelText('Units to book') as HTMLInputElement;
    expect(units.required).toBe(true);
    expect(within(dialog).queryByLabelText('Your PIN')).toBeNull();
    fireEvent.change(units, { target: { value: '1.5' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm: Book part of it' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('The number of units is a whole number.');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));

    fireEvent.click(screen.getByRole('button', { name: /Force the whole movement/ }));
    dialog = screen.getByRole('dialog', { name: 'Force the whole movement' });
    expect(within(dialog).queryByLabelText(/Units/)).toBeNull();
    expect(within(dialog).getByText(/Book all of 5 × cola from shelf/)).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('Your PIN'), { target: { value: '12' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm: Force the whole movement' }));
    expect(within(dialog).getByRole('alert').textContent).toMatch(/A PIN is 4 to 12 digits/);
  });
});

// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DrawerKickView, PrinterConfig, PrinterView, PrintJobView } from '../../src/shared/protocol/printing.js';
import { beforePages } from '../../src/renderer/hooks/before-pages.js';
import { HardwarePage } from '../../src/renderer/pages/hardware/HardwarePage.js';
import {
  jobStatus,
  printerState,
  printerSummary,
  readingText,
} from '../../src/renderer/pages/hardware/hardware-copy.js';
import { jobActions } from '../../src/renderer/pages/hardware/job-actions.js';
import { PrintersSection } from '../../src/renderer/pages/settings/PrintersSection.js';
import {
  baudRateChoices,
  emptyPrinterDraft,
  fromPrinterDraft,
  settingsOf,
  toPrinterDraft,
  type PrinterDraft,
} from '../../src/renderer/pages/settings/printer-form.js';
import { renderScreen } from '../helpers/ui-render.js';

const printer: PrinterView = {
  id: 'front',
  name: 'Front counter',
  connection: { type: 'tcp', host: '192.168.1.50', port: 9100 },
  model: 'epson',
  paperWidth: 80,
  drawer: { pins: 'pin2', pulseMs: 100 },
  receiptDefault: true,
  enabled: true,
  state: 'waiting',
  waitingFor: 'paper_out',
  status: { online: true, coverOpen: false, paperOut: true, paperNearEnd: true, drawerSensorHigh: false, error: false },
  statusReadAt: '2026-11-22T10:00:00.000Z',
  queued: 2,
  uncertain: 1,
  oldestQueuedAt: '2026-11-22T09:58:00.000Z',
};

const job = (fields: Partial<PrintJobView>): PrintJobView => ({
  id: 'j1',
  clientKey: 'k1',
  printerId: 'front',
  kind: 'sale',
  state: 'printed',
  waitingFor: null,
  statusUnknown: false,
  note: null,
  saleId: 'sale-1',
  attempts: 1,
  requestedBy: { type: 'device', id: 'd1' },
  createdAt: '2026-11-22T09:50:00.000Z',
  updatedAt: '2026-11-22T09:50:00.000Z',
  printedAt: null,
  ...fields,
});

const uncertain = job({
  id: 'j-unc',
  saleId: 'sale-7',
  state: 'uncertain',
  note: 'Connection dropped mid-job',
  attempts: 1,
});

const kick: DrawerKickView = {
  id: 'k1',
  drawerId: 'front',
  state: 'dropped',
  reason: 'No sale',
  saleId: null,
  cashierId: null,
  requestedBy: { type: 'user', id: 'Marek' },
  requestedAt: '2026-11-22T09:40:00.000Z',
  sentAt: null,
  note: 'Printer out of paper for 12 s',
};

const routes = {
  'GET /v1/admin/printers': { printers: [printer] },
  'GET /v1/admin/print-jobs': {
    jobs: [uncertain, job({ id: 'j2', state: 'queued', waitingFor: 'paper_out', saleId: 'sale-8' })],
    nextBefore: 'j2',
  },
  'GET /v1/admin/drawer-kicks': { kicks: [kick], nextBefore: null },
  'GET /v1/admin/devices': { devices: [{ id: 'd1', name: 'Till 1' }] },
  'POST /v1/admin/print-jobs/j-unc/reprint': { ...uncertain, state: 'queued' },
};

describe('printer form logic', () => {
  const tcp: PrinterDraft = { ...emptyPrinterDraft(), id: 'front', name: ' Front counter ', host: '192.168.1.50' };

  it('turns the typed text into the hub’s PrinterConfig, for each connection type', () => {
    expect(fromPrinterDraft({ ...tcp, drawer: 'both', pulseMs: '120', receiptDefault: true })).toEqual({
      config: {
        id: 'front',
        name: 'Front counter',
        connection: { type: 'tcp', host: '192.168.1.50', port: 9100 },
        model: 'epson',
        paperWidth: 80,
        drawer: { pins: 'both', pulseMs: 120 },
        receiptDefault: true,
        enabled: true,
      },
    });
    const serial = { ...tcp, connectionType: 'serial', serialPath: '/dev/ttyUSB0', baudRate: '38400' } as const;
    expect(fromPrinterDraft(serial)).toMatchObject({
      config: { connection: { type: 'serial', path: '/dev/ttyUSB0', baudRate: 38400 }, drawer: null },
    });
    const usb = { ...tcp, connectionType: 'usb', usbPath: '/dev/usb/lp0', model: 'star', paperWidth: 58 } as const;
    expect(fromPrinterDraft(usb)).toMatchObject({
      config: { connection: { type: 'usb', devicePath: '/dev/usb/lp0' }, model: 'star', paperWidth: 58 },
    });
  });

  it('says in words what the hub’s schema would refuse', () => {
    const problem = (changes: Partial<PrinterDraft>) =>
      (fromPrinterDraft({ ...tcp, ...changes }) as { problem: string }).problem;
    expect(problem({ id: '' })).toMatch(/^Enter a printer ID/);
    expect(problem({ id: 'front counter' })).toMatch(/only letters, digits.*no spaces/);
    expect(problem({ id: 'x'.repeat(65) })).toBe('A printer ID can be at most 64 characters.');
    expect(problem({ name: '  ' })).toMatch(/^Enter a name for the printer/);
    expect(problem({ name: 'n'.repeat(81) })).toBe('A printer name can be at most 80 characters.');
    expect(problem({ host: '' })).toMatch(/network address, such as 192\.168\.1\.50/);
    expect(problem({ host: 'http://printer' })).toMatch(/no spaces, no http/);
    expect(problem({ port: '70000' })).toMatch(/^The port is a whole number from 1 to 65535/);
    expect(problem({ port: '91.5' })).toMatch(/^The port is a whole number/);
    expect(problem({ connectionType: 'serial', serialPath: '' })).toMatch(/serial port’s device path/);
    expect(problem({ connectionType: 'serial', serialPath: 'COM3', baudRate: '300' })).toMatch(/baud rate/);
    expect(problem({ connectionType: 'usb', usbPath: ' ' })).toMatch(/\/dev\/usb\/lp0/);
    expect(problem({ drawer: 'pin5', pulseMs: '1' })).toMatch(/from 2 to 510/);
    expect(problem({ drawer: 'pin5', pulseMs: '511' })).toMatch(/from 2 to 510/);
    // No drawer: the pulse is not looked at.
    expect(fromPrinterDraft({ ...tcp, drawer: 'none', pulseMs: 'x' })).toHaveProperty('config.drawer', null);
  });

  it('edits a saved printer without losing anything, and sends the rest without the id', () => {
    const draft = toPrinterDraft(printer);
    expect(draft).toMatchObject({ id: 'front', host: '192.168.1.50', port: '9100', drawer: 'pin2', pulseMs: '100' });
    const { config } = fromPrinterDraft(draft) as { config: PrinterConfig };
    const { id, name, connection, model, paperWidth, drawer, receiptDefault, enabled } = printer;
    expect(config).toEqual({ id, name, connection, model, paperWidth, drawer, receiptDefault, enabled });
    expect(settingsOf(config)).toEqual({ name, connection, model, paperWidth, drawer, receiptDefault, enabled });
    expect(baudRateChoices('9600')).toEqual([9600, 19200, 38400, 115200]);
    expect(baudRateChoices('57600')).toEqual([9600, 19200, 38400, 57600, 115200]);
  });
});

describe('hardware words', () => {
  it('says why a printer waits, and what an unreadable status means', () => {
    expect(printerState(printer)).toEqual({ label: 'Waiting: Out of paper', tone: 'warn' });
    expect(printerState({ state: 'waiting', waitingFor: 'unreachable' }).label).toBe(
      'Waiting: Unreachable — check cable/power',
    );
    expect(printerState({ state: 'waiting', waitingFor: 'cover_open' }).label).toBe('Waiting: Cover open');
    expect(printerState({ state: 'unknown', waitingFor: null }).label).toBe(
      'Status unreadable — printing without checks',
    );
    expect(printerState({ state: 'disabled', waitingFor: null })).toEqual({ label: 'Disabled', tone: 'off' });
    expect(readingText(printer.status!)).toBe('Online · cover closed · out of paper · drawer sensor low');
  });

  it('marks jobs printed without a status, and offers reprint only for uncertain ones', () => {
    expect(jobStatus(job({ statusUnknown: true })).label).toBe('Printed, status unknown');
    expect(jobStatus(job({ state: 'queued', waitingFor: 'offline' })).label).toBe('Waiting: Offline');
    expect(jobActions({ state: 'uncertain' })).toEqual(['reprint', 'drop']);
    expect(jobActions({ state: 'queued' })).toEqual(['drop']);
    expect(jobActions({ state: 'printed' })).toEqual([]);
  });

  it('sums the printers up for the dashboard', () => {
    expect(printerSummary([])).toMatchObject({ value: 'None yet', attention: false });
    expect(printerSummary([printer])).toEqual({
      value: '0 of 1 ready',
      detail: 'Front counter: out of paper · 1 uncertain job',
      attention: true,
    });
    const idle = { ...printer, state: 'idle', waitingFor: null, uncertain: 0 } as const;
    expect(printerSummary([idle, { ...idle, id: 'b', state: 'disabled' }])).toEqual({
      value: '1 of 1 ready',
      detail: 'all printing normally',
      attention: false,
    });
  });

  it('pages back and forth over a list paged only with `before`', () => {
    expect(beforePages([], 'j50')).toEqual({ before: undefined, newer: null, older: ['j50'], atNewest: true });
    expect(beforePages(['j50', 'j100'], null)).toEqual({
      before: 'j100',
      newer: ['j50'],
      older: null,
      atNewest: false,
    });
  });
});

describe('the Hardware screen', () => {
  it('shows why a printer waits, makes the uncertain job stand out, and warns before a reprint', async () => {
    const view = renderScreen(<HardwarePage />, { role: 'manager', routes });
    const card = await screen.findByRole('region', { name: 'Front counter' });
    expect(within(card).getAllByText('Waiting: Out of paper').length).toBeGreaterThan(0);
    expect(within(card).getByText('2 queued · 1 uncertain')).toBeTruthy();
    expect(within(card).getByRole('button', { name: 'Open drawer on Front counter' })).toBeTruthy();

    const table = await screen.findByRole('table', { name: 'Print jobs, newest first' });
    const row = within(table).getByText('sale-7').closest('tr')!;
    expect(row.querySelector('.job-uncertain')).not.toBeNull();
    expect(row.textContent).toMatch(/Uncertain: may be on paper.*Connection dropped mid-job.*Till 1/);
    const log = screen.getByRole('table', { name: 'Drawer openings, newest first' });
    expect(within(log).getByText('Marek')).toBeTruthy();
    expect(within(log).getByText('Printer out of paper for 12 s')).toBeTruthy();

    fireEvent.click(within(row).getByRole('button', { name: 'Reprint: Sale receipt for sale sale-7' }));
    const dialog = screen.getByRole('dialog', { name: 'Reprint this sale receipt?' });
    expect(dialog.textContent).toMatch(/the receipt may already be on paper — reprinting may give the customer two/i);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reprint' }));
    await waitFor(() =>
      expect(
        view.fetch.mock.calls.some(
          ([url, init]) => url === '/v1/admin/print-jobs/j-unc/reprint' && init?.method === 'POST',
        ),
      ).toBe(true),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('pages the queue with the hub’s `before`, and starts again when the filter changes', async () => {
    const view = renderScreen(<HardwarePage />, { role: 'manager', routes });
    fireEvent.click(await screen.findByRole('button', { name: 'Older →' }));
    await waitFor(() => expect(view.requests()).toContain('/v1/admin/print-jobs?limit=25&before=j2'));
    fireEvent.change(screen.getByLabelText('Job state'), { target: { value: 'uncertain' } });
    await waitFor(() => expect(view.requests()).toContain('/v1/admin/print-jobs?state=uncertain&limit=25'));
  });

  it('lets a cashier see everything but act on nothing', async () => {
    const view = renderScreen(<HardwarePage />, { role: 'cashier', routes });
    const table = await screen.findByRole('table', { name: 'Print jobs, newest first' });
    expect(within(table).getByText('A manager decides')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Test print|Open drawer|Reprint|Drop/ })).toBeNull();
    expect(
      screen.getByText('A manager can print a test page or the end-of-day report, or open the drawer.'),
    ).toBeTruthy();
    expect(view.requests().some((url) => url.includes('/users'))).toBe(false);
  });

  it('says there are no printers yet and where to add one', async () => {
    renderScreen(<HardwarePage />, {
      role: 'manager',
      routes: { ...routes, 'GET /v1/admin/printers': { printers: [] } },
    });
    const link = await screen.findByRole('link', { name: 'add one in Settings' });
    expect(link.getAttribute('href')).toBe('/settings#printers');
    expect(link.closest('p')!.textContent).toBe('No printers yet — add one in Settings.');
  });
});

describe('Settings → Printers', () => {
  it('checks the form before sending, and shows the hub’s refusal in words', async () => {
    const view = renderScreen(<PrintersSection />, {
      role: 'manager',
      routes: {
        ...routes,
        'POST /v1/admin/printers': [409, { error: { code: 'PRINTER_EXISTS', message: 'printer front exists' } }],
      },
    });
    await screen.findByRole('table', { name: 'Configured printers' });
    fireEvent.click(screen.getByRole('button', { name: 'Add a printer' }));
    const form = screen.getByRole('form', { name: 'Add a printer' });
    fireEvent.change(within(form).getByLabelText('Printer ID'), { target: { value: 'front' } });
    fireEvent.change(within(form).getByLabelText('Printer name'), { target: { value: 'Front' } });
    fireEvent.change(within(form).getByLabelText('Host'), { target: { value: '127.0.0.1' } });
    fireEvent.change(within(form).getByLabelText('Port'), { target: { value: '0' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add printer' }));
    expect(within(form).getByRole('alert').textContent).toMatch(/^The port is a whole number from 1 to 65535/);
    expect(view.fetch.mock.calls.some(([, init]) => init?.method === 'POST')).toBe(false);

    fireEvent.change(within(form).getByLabelText('Port'), { target: { value: '9100' } });
    fireEvent.change(within(form).getByLabelText('Cash drawer'), { target: { value: 'pin5' } });
    expect((within(form).getByLabelText('Drawer pulse (ms)') as HTMLInputElement).value).toBe('100');
    fireEvent.click(within(form).getByRole('button', { name: 'Add printer' }));
    await within(form).findByText(/A printer with this ID already exists/);
    const sent = view.fetch.mock.calls.find(([, init]) => init?.method === 'POST')!;
    expect(JSON.parse(String(sent[1]!.body))).toEqual({
      id: 'front',
      name: 'Front',
      connection: { type: 'tcp', host: '127.0.0.1', port: 9100 },
      model: 'epson',
      paperWidth: 80,
      drawer: { pins: 'pin5', pulseMs: 100 },
      receiptDefault: false,
      enabled: true,
    });
    expect(within(form).getByText(/moves it here from Front counter/)).toBeTruthy();
  });

  it('explains a refused delete: the printer still has jobs', async () => {
    renderScreen(<PrintersSection />, {
      role: 'manager',
      routes: {
        ...routes,
        'DELETE /v1/admin/printers/front': [
          409,
          { error: { code: 'PRINTER_HAS_JOBS', message: 'printer front has 3 jobs' } },
        ],
      },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Delete Front counter' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete Front counter?' });
    expect(dialog.textContent).toMatch(/it has 2 queued and 1 uncertain now/);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete printer' }));
    expect((await within(dialog).findByRole('alert')).textContent).toMatch(
      /still has queued or uncertain jobs, so it cannot be deleted/,
    );
  });
});

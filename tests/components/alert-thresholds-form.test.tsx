// @vitest-environment happy-dom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AlertThresholdSettings } from '../../src/renderer/api/types.js';
import { AlertThresholds } from '../../src/renderer/pages/settings/AlertThresholds.js';
import { fromThresholdDraft, toThresholdDraft } from '../../src/renderer/pages/settings/threshold-form.js';
import { renderScreen } from '../helpers/ui-render.js';

const defaults = {
  deviceOfflineWarnHours: 24,
  deviceOfflineCriticalHours: 72,
  deviceQueueWarn: 100,
  deviceQueueCritical: 500,
  conflictUnresolvedWarnHours: 24,
  conflictUnresolvedCriticalHours: 168,
  syncFailuresCritical: 10,
};
const settings: AlertThresholdSettings = {
  thresholds: { ...defaults, deviceQueueWarn: 5 },
  defaults,
  source: {
    deviceOfflineWarnHours: 'config',
    deviceOfflineCriticalHours: 'config',
    deviceQueueWarn: 'saved',
    deviceQueueCritical: 'config',
    conflictUnresolvedWarnHours: 'config',
    conflictUnresolvedCriticalHours: 'config',
    syncFailuresCritical: 'config',
  },
};

describe('alert threshold form logic', () => {
  const draft = toThresholdDraft(defaults);

  it('turns the typed text back into the thresholds', () => {
    expect(fromThresholdDraft({ ...draft, deviceOfflineWarnHours: ' 1.5 ' })).toEqual({
      thresholds: { ...defaults, deviceOfflineWarnHours: 1.5 },
    });
  });

  it('says in words what is wrong', () => {
    const problem = (changes: Partial<typeof draft>) =>
      (fromThresholdDraft({ ...draft, ...changes }) as { problem: string }).problem;
    expect(problem({ deviceQueueWarn: 'lots' })).toBe('“Events queued on one device” (warning) is not a number.');
    expect(problem({ deviceQueueWarn: '2.5' })).toBe(
      '“Events queued on one device” (warning) is a whole number, 0 or more.',
    );
    expect(problem({ deviceOfflineWarnHours: '0' })).toBe('“Device not seen” (warning) is a number of hours above 0.');
    expect(problem({ conflictUnresolvedWarnHours: '200' })).toBe(
      '“Conflict unresolved”: the warning level is above the critical one, so it would never warn.',
    );
  });
});

describe('alert thresholds on the Settings screen', () => {
  it('a cashier sees the thresholds in force and which are saved, with nothing to edit', () => {
    renderScreen(<AlertThresholds settings={settings} />, { role: 'cashier' });
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.getByText('(default 100)')).toBeTruthy();
    expect(screen.getByText('7 days')).toBeTruthy();
  });

  it('a manager edits and saves; a problem is shown in words instead of being sent', async () => {
    const view = renderScreen(<AlertThresholds settings={settings} />, {
      role: 'manager',
      routes: { 'PUT /v1/admin/settings/alerts': settings },
    });
    const queueWarn = screen.getByLabelText('Events queued on one device: warning above') as HTMLInputElement;
    expect(queueWarn.value).toBe('5');
    fireEvent.change(queueWarn, { target: { value: '-3' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save alert thresholds' }));
    expect(screen.getByRole('alert').textContent).toBe(
      '“Events queued on one device” (warning) is a whole number, 0 or more.',
    );
    expect(view.fetch).not.toHaveBeenCalled();

    fireEvent.change(queueWarn, { target: { value: '7' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save alert thresholds' }));
    await screen.findByRole('status');
    const [, init] = view.fetch.mock.calls[0]!;
    expect(init?.method).toBe('PUT');
    expect(JSON.parse(String(init?.body))).toEqual({ ...defaults, deviceQueueWarn: 7 });
    await waitFor(() => expect(queueWarn.value).toBe('5'));
  });
});

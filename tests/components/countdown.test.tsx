// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Countdown } from '../../src/renderer/components/Countdown.js';

describe('pairing code countdown', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-22T10:00:00.000Z'));
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('ticks down each second and says when the code has expired', () => {
    render(<Countdown until="2026-11-22T10:10:00.000Z" expiredText="Expired. Create a new code." />);
    expect(screen.getByText('10:00')).toBeTruthy();
    act(() => vi.advanceTimersByTime(1_000));
    expect(screen.getByText('9:59')).toBeTruthy();
    act(() => vi.advanceTimersByTime(9 * 60_000 + 58_000));
    expect(screen.getByText('0:01')).toBeTruthy();
    act(() => vi.advanceTimersByTime(1_000));
    expect(screen.getByText('Expired. Create a new code.')).toBeTruthy();
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CursorNotices } from '../../src/main/hub/notifications/cursor-notices.js';

describe('CursorNotices', () => {
  let clock = 0;
  let sent: number[];
  let notices: CursorNotices;
  beforeEach(() => {
    vi.useFakeTimers();
    clock = 1_000;
    sent = [];
    notices = new CursorNotices(
      (cursor) => sent.push(cursor),
      10,
      () => clock,
    );
  });
  afterEach(() => vi.useRealTimers());

  const advance = (ms: number) => {
    clock += ms;
    vi.advanceTimersByTime(ms);
  };

  it('tells a commit after a quiet window at once', () => {
    notices.committed(1);
    expect(sent).toEqual([1]);
    advance(25);
    notices.committed(2);
    expect(sent).toEqual([1, 2]);
  });

  it('folds the commits of one window into one notice of the newest cursor at its end', () => {
    notices.committed(1);
    advance(2);
    notices.committed(2);
    notices.committed(3);
    advance(5);
    notices.committed(4);
    expect(sent).toEqual([1]);
    advance(3);
    expect(sent).toEqual([1, 4]);
    advance(50);
    expect(sent).toEqual([1, 4]);
  });

  it('sends a pending cursor when stopped instead of losing it', () => {
    notices.committed(1);
    notices.committed(2);
    notices.stop();
    expect(sent).toEqual([1, 2]);
    advance(50);
    expect(sent).toEqual([1, 2]);
  });
});

/**
 * When an invoice issued outside KSeF must be sent (research/ksef.md §7, vector V9). Every expected date is a literal
 * worked out by hand from a calendar, never computed by the code under test; comments give the count.
 */
import { describe, expect, it } from 'vitest';
import {
  sendingDeadline,
  type InvoicingMode,
  type KsefAnnouncement,
} from '../../src/main/hub/invoicing/calendar/sending-deadline.js';

const due = (date: string) => ({ kind: 'due', date });
const announced =
  (kind: KsefAnnouncement['kind']) =>
  (start: string, end: string | null): KsefAnnouncement => ({ kind, start, end });
const failure = announced('failure');
const unavailability = announced('unavailability');
const totalFailure = announced('total_failure');

function deadline(mode: InvoicingMode, issueDate: string, announcements: KsefAnnouncement[] = []) {
  return sendingDeadline({ mode, issueDate }, announcements);
}

describe('V9, the worked example of the KSeF docs', () => {
  it('offline24 issued Tue 2025-07-08 is due Wed 2025-07-09', () => {
    expect(deadline('offline24', '2025-07-08')).toEqual(due('2025-07-09'));
  });

  it('a failure announced 2025-07-09 and ended Sat 2025-07-12 moves it to Tue 2025-07-22', () => {
    expect(deadline('offline24', '2025-07-08', [failure('2025-07-09', '2025-07-12')])).toEqual(due('2025-07-22'));
  });
});

describe('offline24: the next business day after P_1', () => {
  it.each([
    ['2026-04-03', '2026-04-07'], // Fri before Easter: Sat, Easter Sun, Easter Mon 6 April → Tue 7
    ['2027-03-26', '2027-03-30'], // Fri before Easter: Sat, Easter Sun 28, Easter Mon 29 March → Tue 30
    ['2026-04-30', '2026-05-04'], // Thu: 1 May Fri, 2 May Sat, 3 May Sun → Mon 4 May
    ['2027-04-30', '2027-05-04'], // Fri: 1 May Sat, 2 May Sun, 3 May Mon → Tue 4 May
    ['2025-12-23', '2025-12-29'], // Tue: 24, 25, 26 December (Wed–Fri) holidays, weekend → Mon 29
  ])('issued %s is due %s', (issueDate, date) => {
    expect(deadline('offline24', issueDate)).toEqual(due(date));
  });
});

describe('a failure while an offline24 invoice waits', () => {
  it('moves the deadline to 7 business days after the failure ends', () => {
    // Issued Thu 2026-04-30, due Mon 4 May; failure 4–5 May (on the deadline day itself).
    // After Tue 5 May: Wed 6 (1), Thu 7, Fri 8, Mon 11, Tue 12, Wed 13 (6), Thu 14 (7).
    expect(deadline('offline24', '2026-04-30', [failure('2026-05-04', '2026-05-05')])).toEqual(due('2026-05-14'));
  });

  it('moves it again for each failure in effect before the moved deadline, whatever the order given', () => {
    // V9 gives Tue 2025-07-22; a failure 22–23 July then counts from Wed 23: Thu 24 (1), Fri 25, Mon 28, Tue 29,
    // Wed 30, Thu 31 (6), Fri 1 August (7).
    const failures = [failure('2025-07-22', '2025-07-23'), failure('2025-07-09', '2025-07-12')];
    expect(deadline('offline24', '2025-07-08', failures)).toEqual(due('2025-08-01'));
  });

  it('counts a failure that began before P_1 and was still going after it', () => {
    // Failure Mon 7 – Thu 10 July 2025: Fri 11 (1), Mon 14, Tue 15, Wed 16, Thu 17, Fri 18 (6), Mon 21 (7).
    expect(deadline('offline24', '2025-07-08', [failure('2025-07-07', '2025-07-10')])).toEqual(due('2025-07-21'));
  });

  it('ignores a failure that ended on or before P_1, or began after the deadline', () => {
    // Ending on P_1 the failure may have ended before the invoice was issued: the earlier deadline stands.
    expect(deadline('offline24', '2025-07-08', [failure('2025-07-07', '2025-07-08')])).toEqual(due('2025-07-09'));
    expect(deadline('offline24', '2025-07-08', [failure('2025-07-01', '2025-07-04')])).toEqual(due('2025-07-09'));
    // Due Mon 2026-05-04; a failure from Tue 5 May finds the invoice already late.
    expect(deadline('offline24', '2026-04-30', [failure('2026-05-05', '2026-05-06')])).toEqual(due('2026-05-04'));
  });

  it('leaves the deadline open while the failure has not ended', () => {
    expect(deadline('offline24', '2025-07-08', [failure('2025-07-09', null)])).toEqual({
      kind: 'open',
      reason: 'failure_ongoing',
    });
  });

  it('is not moved by an unavailability; only failures move a waiting invoice', () => {
    expect(deadline('offline24', '2025-07-08', [unavailability('2025-07-09', '2025-07-10')])).toEqual(
      due('2025-07-09'),
    );
  });
});

describe('awaryjny: 7 business days after the failure ends, restarted by a further failure', () => {
  const easterFailure = failure('2026-04-01', '2026-04-03');

  it('counts from the end of the failure the invoice was issued in', () => {
    // Failure Wed 1 – Fri 3 April 2026: Sat 4, Sun 5 (Easter), Mon 6 (Easter Monday) skipped;
    // Tue 7 (1), Wed 8, Thu 9, Fri 10, Mon 13, Tue 14 (6), Wed 15 (7).
    expect(deadline('awaryjny', '2026-04-02', [easterFailure])).toEqual(due('2026-04-15'));
  });

  it('restarts from the end of a failure announced within the 7 days', () => {
    // Failure Tue 14 – Thu 16 April: Fri 17 (1), Mon 20, Tue 21, Wed 22, Thu 23, Fri 24 (6), Mon 27 (7).
    expect(deadline('awaryjny', '2026-04-02', [easterFailure, failure('2026-04-14', '2026-04-16')])).toEqual(
      due('2026-04-27'),
    );
    // Announced on the last day (Wed 15) still restarts it.
    expect(deadline('awaryjny', '2026-04-02', [easterFailure, failure('2026-04-15', '2026-04-16')])).toEqual(
      due('2026-04-27'),
    );
    // Announced the day after (Thu 16) finds the invoice already late.
    expect(deadline('awaryjny', '2026-04-02', [easterFailure, failure('2026-04-16', '2026-04-17')])).toEqual(
      due('2026-04-15'),
    );
  });

  it('counts a failure that ended on P_1, since the invoice declares it was issued during it', () => {
    // Failure ended Tue 2025-07-08: Wed 9 (1), Thu 10, Fri 11, Mon 14, Tue 15, Wed 16 (6), Thu 17 (7).
    expect(deadline('awaryjny', '2025-07-08', [failure('2025-07-07', '2025-07-08')])).toEqual(due('2025-07-17'));
  });

  it('counts across Christmas and New Year', () => {
    // Failure ended Tue 2025-12-23: 24–28 Dec closed; Mon 29 (1), Tue 30, Wed 31 (3); Thu 1 Jan closed;
    // Fri 2 (4); weekend; Mon 5 (5); Tue 6 Jan (Epiphany) closed; Wed 7 (6), Thu 8 (7).
    expect(deadline('awaryjny', '2025-12-22', [failure('2025-12-22', '2025-12-23')])).toEqual(due('2026-01-08'));
  });

  it('without a failure announced on P_1, falls back to the offline24 deadline', () => {
    expect(deadline('awaryjny', '2025-07-08', [failure('2025-07-01', '2025-07-04')])).toEqual(due('2025-07-09'));
  });
});

describe('offline (KSeF unavailable): the next business day after the unavailability ends', () => {
  it('counts from the end of the unavailability the invoice was issued in', () => {
    // Unavailability Mon 22 – Tue 23 December 2025: 24–28 closed → Mon 29.
    expect(deadline('offline', '2025-12-22', [unavailability('2025-12-22', '2025-12-23')])).toEqual(due('2025-12-29'));
    // Unavailability on Thu 2026-04-30 only: 1 May Fri, weekend with 3 May → Mon 4 May.
    expect(deadline('offline', '2026-04-30', [unavailability('2026-04-30', '2026-04-30')])).toEqual(due('2026-05-04'));
  });

  it('is open while the unavailability has not ended', () => {
    expect(deadline('offline', '2025-12-22', [unavailability('2025-12-20', null)])).toEqual({
      kind: 'open',
      reason: 'unavailability_ongoing',
    });
  });

  it('is moved by a failure while the invoice waits', () => {
    // Due Mon 2025-12-29; failure 29–30 Dec: Wed 31 (1); 1 Jan closed; Fri 2 (2); Mon 5 (3); 6 Jan closed;
    // Wed 7 (4), Thu 8 (5), Fri 9 (6), Mon 12 (7).
    const announcements = [unavailability('2025-12-22', '2025-12-23'), failure('2025-12-29', '2025-12-30')];
    expect(deadline('offline', '2025-12-22', announcements)).toEqual(due('2026-01-12'));
  });

  it('without an unavailability announced on P_1, falls back to the offline24 deadline', () => {
    expect(deadline('offline', '2025-12-22')).toEqual(due('2025-12-23'));
  });
});

describe('no obligation', () => {
  const none = { kind: 'none', reason: 'total_failure' };

  it('when a total failure is announced while the invoice waits', () => {
    expect(deadline('offline24', '2025-07-08', [totalFailure('2025-07-09', '2025-07-09')])).toEqual(none);
    // During the 7 days a failure gave (V9: due Tue 22 July).
    const v9 = failure('2025-07-09', '2025-07-12');
    expect(deadline('offline24', '2025-07-08', [v9, totalFailure('2025-07-21', null)])).toEqual(none);
    // While the deadline is still open.
    expect(
      deadline('offline', '2025-12-22', [unavailability('2025-12-20', null), totalFailure('2026-01-15', null)]),
    ).toEqual(none);
  });

  it('but not when the total failure comes after the deadline, or only on P_1 itself', () => {
    expect(deadline('offline24', '2025-07-08', [totalFailure('2025-07-10', '2025-07-11')])).toEqual(due('2025-07-09'));
    expect(deadline('offline24', '2025-07-08', [totalFailure('2025-07-07', '2025-07-08')])).toEqual(due('2025-07-09'));
  });

  it('for an invoice issued in total failure, and for an online invoice (sent as it is issued)', () => {
    expect(deadline('total_failure', '2025-07-08')).toEqual(none);
    expect(deadline('online', '2025-07-08', [failure('2025-07-09', null)])).toEqual({ kind: 'none', reason: 'online' });
  });
});

describe('input', () => {
  it('refuses dates that do not exist and announcements that end before they start', () => {
    expect(() => deadline('offline24', '2025-02-29')).toThrow(RangeError);
    expect(() => deadline('offline24', '2025-07-08', [failure('2025-07-12', '2025-07-09')])).toThrow(RangeError);
    expect(() => deadline('offline24', '2025-07-08', [failure('2025-7-9', null)])).toThrow(RangeError);
  });
});

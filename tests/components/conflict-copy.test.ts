import { describe, expect, it } from 'vitest';
import { CONFLICT_KINDS, MANAGER_ACTIONS } from '../../src/shared/protocol/conflicts.js';
import { kindLabel, optionCopy, type ConflictFacts } from '../../src/renderer/pages/conflicts/conflict-copy.js';

const shortIssue: ConflictFacts = {
  kind: 'insufficient_stock',
  payload: { productId: 'cola', locationId: 'shelf', quantity: 5 },
  serverNow: { productId: 'cola', locationId: 'shelf', available: 3 },
  requested: { quantity: 5 },
};

describe('conflict options say their consequence', () => {
  it('spells out each stock option with the figures of the conflict', () => {
    const copy = (action: string) => optionCopy(action, shortIssue);
    expect(copy('accept_server')).toEqual({
      label: 'Keep the hub’s stock',
      consequence:
        'Discard the device’s movement: 5 × cola from shelf is not booked. Stock stays as it is (3 on the books now).',
    });
    expect(copy('retry').consequence).toBe(
      'Book 5 × cola from shelf now if the stock covers it (3 on the books now). If it still falls short, nothing is booked and the conflict stays open.',
    );
    expect(copy('modify').consequence).toContain('(1 to 5) from shelf; the rest is discarded');
    expect(copy('force').consequence).toMatch(/^Book all of 5 × cola from shelf even if the books hold fewer.*PIN\.$/);
    expect(copy('escalate').label).toBe('Escalate');
  });

  it('names the source of a transfer and survives a missing figure', () => {
    const transfer = {
      ...shortIssue,
      payload: { productId: 'cola', fromLocationId: 'back', toLocationId: 'shelf', quantity: 2 },
      serverNow: {},
    };
    expect(optionCopy('retry', transfer).consequence).toBe(
      'Book 2 × cola from back now if the stock covers it. If it still falls short, nothing is booked and the conflict stays open.',
    );
  });

  it('gives the card payment amount when accepting the risk', () => {
    const payment: ConflictFacts = {
      kind: 'offline_limit_exceeded',
      payload: {},
      serverNow: {},
      requested: { paymentId: 'p', amount: { amount: 100_02, currency: 'PLN' } },
    };
    expect(optionCopy('accept_risk', payment).consequence.replace(/\u00a0/g, ' ')).toMatch(
      /^Authorize the PLN 100\.02 card payment the till already took.*Needs your PIN\.$/,
    );
  });

  it('has words, not a generic line, for every option the hub offers a manager', () => {
    for (const kind of CONFLICT_KINDS) {
      expect(kindLabel(kind)).not.toContain('_');
      for (const action of MANAGER_ACTIONS[kind]) {
        const copy = optionCopy(action, { ...shortIssue, kind });
        expect(copy.consequence, `${kind}/${action}`).not.toBe('The hub records this choice in your name.');
        expect(copy.label, `${kind}/${action}`).not.toContain('_');
      }
    }
  });

  it('falls back to plain words for an option it does not know yet', () => {
    expect(optionCopy('split_the_difference', shortIssue)).toEqual({
      label: 'split the difference',
      consequence: 'The hub records this choice in your name.',
    });
    expect(kindLabel('brand_new_kind')).toBe('brand new kind');
  });
});

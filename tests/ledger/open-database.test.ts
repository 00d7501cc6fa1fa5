import { describe, expect, it } from 'vitest';
import { Ledger } from '../../src/main/hub/ledger/ledger.js';
import { tempDir } from '../helpers/ledger-testkit.js';

describe('the writer connection', () => {
  it('is durable at every commit and keeps its statement journals in memory', () => {
    const ledger = Ledger.open(tempDir());
    try {
      const setting = (name: string) => ledger.db.pragma(name, { simple: true });
      expect(setting('journal_mode')).toBe('wal');
      // FULL: an acknowledged event survives a power cut (DESIGN §2).
      expect(setting('synchronous')).toBe(2);
      expect(setting('foreign_keys')).toBe(1);
      // MEMORY: a batch's savepoint journal spilled to a temporary file cost most of each insert (issue 11).
      expect(setting('temp_store')).toBe(2);
    } finally {
      ledger.close();
    }
  });
});

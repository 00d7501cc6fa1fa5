import { describe, expect, it } from 'vitest';
import { StatusReplies } from '../../src/main/hub/printing/links/status-replies.js';
import { LinkBrokenError } from '../../src/main/hub/printing/links/printer-link.js';

/** DLE EOT 1 answered "online, no error": bits 1 and 4 set. */
const ONLINE = 0x12;
/** DLE EOT 4 answered "roll paper near its end" (bits 2 and 3). */
const PAPER_NEAR_END = 0x1e;

describe('status answers matched to their query', () => {
  it('takes the answer when it comes, before the line reports the query drained', async () => {
    const replies = new StatusReplies();
    let drained: () => void = () => undefined;
    const answer = replies.ask(() => new Promise<void>((resolve) => (drained = resolve)), 1_000);
    // A busy hub has not yet run the drain callback when the printer's byte arrives.
    replies.received(Buffer.from([ONLINE]));
    await expect(answer).resolves.toEqual([ONLINE]);
    drained();
  });

  it('fails the query when sending it fails first, and ignores a send that fails after the answer', async () => {
    const replies = new StatusReplies();
    await expect(replies.ask(() => Promise.reject(new LinkBrokenError('line gone')), 1_000)).rejects.toThrow(
      'line gone',
    );

    let fail: (error: Error) => void = () => undefined;
    const answered = replies.ask(() => new Promise<void>((_, reject) => (fail = reject)), 1_000);
    replies.received(Buffer.from([ONLINE]));
    await expect(answered).resolves.toEqual([ONLINE]);
    fail(new LinkBrokenError('line gone after the answer'));
    // The next query is free to go: the late failure did not settle anything else.
    const next = replies.ask(() => Promise.resolve(), 1_000);
    replies.received(Buffer.from([ONLINE]));
    await expect(next).resolves.toEqual([ONLINE]);
  });

  it('answers nothing when the printer says nothing within the timeout, and one query at a time', async () => {
    const replies = new StatusReplies();
    const silent = replies.ask(() => Promise.resolve(), 20);
    await expect(replies.ask(() => Promise.resolve(), 20)).rejects.toThrow('already waiting');
    await expect(silent).resolves.toEqual([]);
  });

  it('collects the answers of queries sent together, in order, across chunks, skipping line noise', async () => {
    const replies = new StatusReplies();
    const both = replies.ask(() => Promise.resolve(), 1_000, 2);
    replies.received(Buffer.from([0xff, ONLINE]));
    replies.received(Buffer.from([PAPER_NEAR_END, ONLINE]));
    await expect(both).resolves.toEqual([ONLINE, PAPER_NEAR_END]);

    // Only the first came in time: the caller asks again for the rest.
    const half = replies.ask(() => Promise.resolve(), 20, 2);
    replies.received(Buffer.from([ONLINE]));
    await expect(half).resolves.toEqual([ONLINE]);
  });
});

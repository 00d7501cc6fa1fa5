/**
 * Folder drop, as Gilbarco Passport fills its BOOutbox (research §A.6): the back office watches a folder and takes
 * every file that appears in it, so a file must appear whole or not at all. It is written into a hidden staging
 * folder inside the outbox folder (same filesystem, so the rename is atomic), made durable, then renamed into place.
 * A watcher therefore never sees a half-written document, and a crash leaves at most a temp file in staging.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { UpstreamError } from '../workers/upstream-error.js';

/** Hidden (leading dot) so a back office taking `*.xml` from the folder never picks up a temp file. */
export const STAGING_DIR = '.backroom-staging';

export interface DropHooks {
  /**
   * For the crash test only (tests/upstream/naxml/folder-drop.test.ts kills the process here): runs once the temp
   * file is durable and before the rename makes it visible. The hub never sets it.
   */
  beforeRename?: () => void;
}

/**
 * A plain base name only: the name comes from a stored job, and a separator, `..` or a leading dot would write
 * outside the folder, over our staging folder, or as a file the back office ignores. Characters Windows forbids are
 * refused too, since the outbox is often a Windows share.
 */
export function isPlainFileName(fileName: string): boolean {
  return (
    fileName.length > 0 &&
    fileName.length <= 255 &&
    !/[/\\:*?"<>|]/.test(fileName) &&
    ![...fileName].some((char) => char < ' ') &&
    !fileName.startsWith('.') &&
    !fileName.includes('..')
  );
}

/**
 * Puts `bytes` in `<folder>/<fileName>` atomically and durably, replacing a file of that name: names are
 * deterministic, so a resend overwrites its earlier copy and never adds a second one. A name that is not plain is a
 * `validation` error. Only the staging folder is created; a missing outbox folder is an error, because a share that
 * is not mounted must not quietly become a local folder nobody reads. I/O failures are `network` UpstreamErrors
 * (retried; the pool's maxAttempts ends them). Resolves with the file's path.
 */
export async function dropFile(
  folder: string,
  fileName: string,
  bytes: Uint8Array,
  hooks: DropHooks = {},
): Promise<string> {
  if (!isPlainFileName(fileName)) {
    throw new UpstreamError('validation', `${JSON.stringify(fileName)} is not a plain file name`);
  }
  const target = path.join(folder, fileName);
  const staging = path.join(folder, STAGING_DIR);
  const temp = path.join(staging, `${fileName}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await makeStaging(staging);
    await writeDurably(temp, bytes);
    hooks.beforeRename?.();
    await fs.rename(temp, target);
    // The rename lives in the folder's entries: until they are on disk, a power cut can undo the delivery.
    await syncFolder(folder);
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw folderError(folder, error);
  }
  return target;
}

/**
 * Removes temp files a crashed drop left in staging. Call it before the first drop into a folder, while no drop
 * into it is running (a running drop's temp file would go too).
 */
export async function clearStaging(folder: string): Promise<void> {
  const staging = path.join(folder, STAGING_DIR);
  let names: string[];
  try {
    names = await fs.readdir(staging);
  } catch (error) {
    // No staging folder (or no outbox folder at all, which the drop itself reports): nothing to clear.
    if (errnoOf(error) === 'ENOENT') return;
    throw folderError(folder, error);
  }
  try {
    for (const name of names) await fs.rm(path.join(staging, name), { force: true, recursive: true });
  } catch (error) {
    throw folderError(folder, error);
  }
}

async function makeStaging(staging: string): Promise<void> {
  try {
    // Not recursive: when the outbox folder is missing this fails instead of creating it.
    await fs.mkdir(staging);
  } catch (error) {
    if (errnoOf(error) !== 'EEXIST') throw error;
  }
}

async function writeDurably(file: string, bytes: Uint8Array): Promise<void> {
  const handle = await fs.open(file, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncFolder(folder: string): Promise<void> {
  // Windows cannot open a folder as a file; NTFS journals the rename itself.
  if (process.platform === 'win32') return;
  const handle = await fs.open(folder, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some filesystems, network shares among them, cannot fsync a folder and say so with EINVAL; the rename is
    // then as durable as that filesystem makes it, and refusing to deliver would not make it more so.
    if (errnoOf(error) !== 'EINVAL' && errnoOf(error) !== 'ENOTSUP') throw error;
  } finally {
    await handle.close();
  }
}

const REASONS: Record<string, string> = {
  ENOENT: 'does not exist (is the share mounted?)',
  ENOTDIR: 'is not a folder',
  EACCES: 'may not be written by this user',
  EPERM: 'may not be written by this user',
  EROFS: 'is on a read-only filesystem',
  ENOSPC: 'is on a full disk',
  EDQUOT: 'is over its disk quota',
};

/** An I/O failure as a plain `network` UpstreamError naming the folder and the errno; anything else unchanged. */
function folderError(folder: string, error: unknown): unknown {
  const code = errnoOf(error);
  if (code === undefined) return error;
  const reason = REASONS[code] ?? 'cannot be written';
  return new UpstreamError('network', `the NAXML outbox folder ${folder} ${reason} (${code})`, { cause: error });
}

function errnoOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

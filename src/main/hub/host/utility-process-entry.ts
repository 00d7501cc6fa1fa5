/**
 * Entry of the hub when the Electron shell runs it in a utilityProcess (built to out/main/hub-process.js).
 *
 * Plain Node on purpose: the same file also runs under `child_process.fork` (process.send/'message'), which is how
 * tests exercise it without the Electron binary. Secrets are the only thing the child cannot do itself, because
 * safeStorage exists only in Electron's main process, so they are asked of the parent.
 */
import { loadConfig } from '../config/load-config.js';
import { startHub, type Hub } from '../hub.js';
import type { SecretStore } from '../security/secret-store.js';
import { AttentionReporter } from './attention-reporter.js';
import {
  isParentToChildMessage,
  type ChildToParentMessage,
  type ParentToChildMessage,
  type SecretReply,
} from './host-messages.js';

/** The part of Electron's ParentPort used here; declared locally so this file never needs electron's types. */
interface ElectronParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

interface ParentChannel {
  post(message: ChildToParentMessage): void;
  onMessage(listener: (message: unknown) => void): void;
}

/** A hub may offer desktop login; the lead adds it to Hub later, so it is optional here. */
type MaybeDesktopLogin = Hub & { issueDesktopLoginToken?: () => string | null | Promise<string | null> };

// Long enough for a macOS Keychain prompt that the user must answer, short enough that a lost reply fails startup.
const SECRET_REQUEST_TIMEOUT_MS = 120_000;

function connectToParent(): ParentChannel | undefined {
  const parentPort = (process as unknown as { parentPort?: ElectronParentPort | null }).parentPort;
  if (parentPort) {
    return {
      post: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
    };
  }
  if (typeof process.send === 'function') {
    const send = process.send.bind(process);
    return {
      post: (message) => void send(message),
      onMessage: (listener) => process.on('message', listener),
    };
  }
  return undefined;
}

class ParentSecretStore implements SecretStore {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (valueBase64: string | null) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }
  >();

  constructor(private readonly parent: ParentChannel) {}

  async get(name: string): Promise<Buffer | undefined> {
    const valueBase64 = await this.request((id) => ({ type: 'secret-get', id, name }));
    return valueBase64 === null ? undefined : Buffer.from(valueBase64, 'base64');
  }

  async set(name: string, value: Buffer): Promise<void> {
    await this.request((id) => ({ type: 'secret-set', id, name, valueBase64: value.toString('base64') }));
  }

  settle(reply: SecretReply): void {
    const entry = this.pending.get(reply.id);
    if (!entry) return;
    this.pending.delete(reply.id);
    clearTimeout(entry.timer);
    if (reply.ok) entry.resolve(reply.valueBase64);
    else entry.reject(new Error(`secret store (shell): ${reply.error}`));
  }

  rejectAll(reason: string): void {
    for (const [id, entry] of this.pending) {
      clearTimeout(entry.timer);
      entry.reject(new Error(reason));
      this.pending.delete(id);
    }
  }

  private request(build: (id: number) => ChildToParentMessage): Promise<string | null> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`secret store (shell) did not answer request ${id} in ${SECRET_REQUEST_TIMEOUT_MS} ms`));
      }, SECRET_REQUEST_TIMEOUT_MS);
      timer.unref();
      this.pending.set(id, { resolve, reject, timer });
      this.parent.post(build(id));
    });
  }
}

/** `--data-dir` from argv; BACKROOM_DATA_DIR in the environment is read by loadConfig itself. */
function dataDirFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === undefined) continue;
    if (arg.startsWith('--data-dir=')) return arg.slice('--data-dir='.length);
    if (arg === '--data-dir' && argv[i + 1]) return argv[i + 1];
  }
  return undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<void> {
  const parent = connectToParent();
  if (!parent) {
    console.error('hub-process: no parent channel; start it from the Backroom shell (or child_process.fork in tests)');
    process.exit(2);
  }

  const secrets = new ParentSecretStore(parent);
  let hub: MaybeDesktopLogin | undefined;
  let attention: AttentionReporter | undefined;
  let stopping: Promise<void> | undefined;

  // Replies to the secret requests made while starting arrive on later ticks, after the listener below is attached.
  const starting = (async () => {
    const dataDir = dataDirFlag(process.argv.slice(2));
    const config = loadConfig({ env: process.env, flags: dataDir ? { dataDir } : {} });
    hub = await startHub({ config, secrets });
    parent.post({ type: 'status', status: hub.status() });
    // The tray's counts and the desktop notifications.
    attention = new AttentionReporter(hub.context, (summary) => parent.post({ type: 'attention', attention: summary }));
    attention.start();
  })();

  const stop = (exitCode: number): void => {
    stopping ??= (async () => {
      // A stop that arrives mid-start must wait, or the half-started hub (open DB, bound ports) would be orphaned.
      await starting.catch(() => undefined);
      attention?.stop();
      try {
        await hub?.stop();
      } catch (error) {
        console.error('hub-process: stop failed:', error);
        exitCode = 1;
      }
      secrets.rejectAll('hub is stopping');
      parent.post({ type: 'stopped' });
      // Exit explicitly: a stray handle (timer, socket) must not keep a stopped hub process alive.
      process.exit(exitCode);
    })();
  };

  const handle = (message: ParentToChildMessage): void => {
    switch (message.type) {
      case 'secret-reply':
        secrets.settle(message);
        return;
      case 'login-token':
        void issueLoginToken(hub).then((token) => parent.post({ type: 'login-token-reply', id: message.id, token }));
        return;
      case 'stop':
        stop(0);
        return;
    }
  };
  parent.onMessage((message) => {
    if (isParentToChildMessage(message)) handle(message);
  });

  process.once('SIGTERM', () => stop(0));
  process.once('SIGINT', () => stop(0));

  try {
    await starting;
  } catch (error) {
    console.error('hub-process: start failed:', error);
    parent.post({ type: 'status', status: { state: 'failed', startError: errorText(error) } });
    stop(1);
  }
}

async function issueLoginToken(hub: MaybeDesktopLogin | undefined): Promise<string | null> {
  if (!hub?.issueDesktopLoginToken) return null;
  try {
    return (await hub.issueDesktopLoginToken()) ?? null;
  } catch (error) {
    console.error('hub-process: desktop login token failed:', error);
    return null;
  }
}

void main();

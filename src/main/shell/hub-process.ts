/**
 * Runs the hub core in an Electron utilityProcess, so synchronous SQLite work and printer I/O never block the window,
 * and a hub crash does not take the shell down with it.
 */
import { utilityProcess, type UtilityProcess } from 'electron';

import type { SecretStore } from '../hub/security/secret-store.js';
import {
  isChildToParentMessage,
  type AttentionSummary,
  type ChildToParentMessage,
  type ParentToChildMessage,
  type ReportedHubStatus,
} from '../hub/host/host-messages.js';
import type { ShellLogger } from './safe-storage-secrets.js';

export interface HubProcessOptions {
  /** Built child entry, out/main/hub-process.js. */
  entry: string;
  /** Hub data directory (<userData>/data), passed to the child as argv and env. */
  dataDir: string;
  secrets: SecretStore;
  log: ShellLogger;
  onStatus(status: ReportedHubStatus): void;
  /** What waits for a person changed (for the tray and the desktop notifications). */
  onAttention(attention: AttentionSummary): void;
  /** Called when the child exits without having been asked to stop. */
  onUnexpectedExit(code: number): void;
}

const LOGIN_TOKEN_TIMEOUT_MS = 5_000;
// Fastify drains in-flight requests and SQLite checkpoints on stop; past this the child is killed.
const STOP_TIMEOUT_MS = 15_000;

export class HubProcess {
  private readonly child: UtilityProcess;
  private exited = false;
  private stopRequested = false;
  private readonly exitedPromise: Promise<number>;
  private nextTokenRequest = 1;
  private readonly tokenRequests = new Map<number, (token: string | null) => void>();

  private constructor(private readonly options: HubProcessOptions) {
    this.child = utilityProcess.fork(options.entry, [`--data-dir=${options.dataDir}`], {
      serviceName: 'Backroom hub',
      env: { ...process.env, BACKROOM_DATA_DIR: options.dataDir },
      // The hub logs with pino to stdout/stderr; inherit so they end up wherever the shell's own output goes.
      stdio: 'inherit',
    });
    this.exitedPromise = new Promise((resolve) => {
      this.child.once('exit', (code) => {
        this.exited = true;
        for (const resolveToken of this.tokenRequests.values()) resolveToken(null);
        this.tokenRequests.clear();
        if (!this.stopRequested) options.onUnexpectedExit(code);
        resolve(code);
      });
    });
    this.child.on('message', (message: unknown) => {
      if (!isChildToParentMessage(message)) {
        options.log.warn('hub-process: ignoring malformed message from hub');
        return;
      }
      void this.handle(message);
    });
  }

  static start(options: HubProcessOptions): HubProcess {
    return new HubProcess(options);
  }

  get running(): boolean {
    return !this.exited;
  }

  /** A one-time desktop login token from the hub, or null if the hub has none to give (or does not answer). */
  requestLoginToken(): Promise<string | null> {
    if (this.exited || this.stopRequested) return Promise.resolve(null);
    const id = this.nextTokenRequest++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.tokenRequests.delete(id);
        resolve(null);
      }, LOGIN_TOKEN_TIMEOUT_MS);
      this.tokenRequests.set(id, (token) => {
        clearTimeout(timer);
        resolve(token);
      });
      this.send({ type: 'login-token', id });
    });
  }

  /** Asks the hub to stop cleanly, then kills it if it has not exited within the timeout. */
  async stop(): Promise<void> {
    if (this.exited) return;
    this.stopRequested = true;
    this.send({ type: 'stop' });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS);
    });
    const outcome = await Promise.race([this.exitedPromise, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.options.log.error(`hub-process: hub did not stop within ${STOP_TIMEOUT_MS} ms; killing it`);
      this.child.kill();
      await this.exitedPromise;
    }
  }

  private send(message: ParentToChildMessage): void {
    if (!this.exited) this.child.postMessage(message);
  }

  private async handle(message: ChildToParentMessage): Promise<void> {
    switch (message.type) {
      case 'status':
        this.options.onStatus(message.status);
        return;
      case 'attention':
        this.options.onAttention(message.attention);
        return;
      case 'stopped':
        return;
      case 'login-token-reply': {
        const resolve = this.tokenRequests.get(message.id);
        this.tokenRequests.delete(message.id);
        resolve?.(message.token);
        return;
      }
      case 'secret-get':
        try {
          const value = await this.options.secrets.get(message.name);
          this.send({ type: 'secret-reply', id: message.id, ok: true, valueBase64: value?.toString('base64') ?? null });
        } catch (error) {
          this.replySecretError(message.id, message.name, error);
        }
        return;
      case 'secret-set':
        try {
          await this.options.secrets.set(message.name, Buffer.from(message.valueBase64, 'base64'));
          this.send({ type: 'secret-reply', id: message.id, ok: true, valueBase64: null });
        } catch (error) {
          this.replySecretError(message.id, message.name, error);
        }
        return;
    }
  }

  private replySecretError(id: number, name: string, error: unknown): void {
    const text = error instanceof Error ? error.message : String(error);
    this.options.log.error(`hub-process: secret "${name}" failed: ${text}`);
    this.send({ type: 'secret-reply', id, ok: false, error: text });
  }
}

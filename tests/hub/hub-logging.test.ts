/**
 * The hub's log for a person at a terminal (issue 12): readable lines when stdout is a terminal, JSON otherwise, and
 * health polls at debug so a hub left running does not fill its log with them.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../../src/main/hub/hub.js';
import { isHealthPoll } from '../../src/main/hub/http/request-logging.js';
import { createLogger } from '../../src/main/hub/observability/logger.js';
import { readableLine } from '../../src/main/hub/observability/readable-log.js';
import { MemorySecretStore } from '../../src/main/hub/security/memory-secret-store.js';
import { freePorts } from '../helpers/free-port.js';
import { REPO_ROOT } from '../helpers/spawn-hub.js';
import { testHubConfig } from '../helpers/test-hub.js';
import { until } from '../helpers/until.js';

const at = (iso: string) => {
  const date = new Date(iso);
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
};

describe('readable log lines', () => {
  it('puts time, level, component and message first, then the fields', () => {
    const time = '2026-11-22T09:15:02.345Z';
    const line = JSON.stringify({
      level: 40,
      time,
      service: 'backroom-hub',
      component: 'upstream',
      msg: 'connector paused',
      connector: 'stripe',
      reason: 'no key set',
      depth: 3,
    });
    expect(readableLine(line)).toBe(
      `${at(time)} WARN  [upstream] connector paused connector=stripe reason="no key set" depth=3`,
    );
  });

  it('shows a request as its method, path, status and time, and an error with its stack below', () => {
    const time = '2026-11-22T09:15:02.000Z';
    const completed = { level: 30, time, listener: 'ui', reqId: 'r-1', res: { statusCode: 200 }, responseTime: 2.4 };
    expect(readableLine(JSON.stringify({ ...completed, msg: 'request completed' }))).toBe(
      `${at(time)} INFO  [ui] request completed reqId=r-1 200 2 ms`,
    );
    const incoming = {
      level: 30,
      time,
      listener: 'lan',
      req: { method: 'POST', url: '/v1/events' },
      msg: 'incoming request',
    };
    expect(readableLine(JSON.stringify(incoming))).toBe(`${at(time)} INFO  [lan] incoming request POST /v1/events`);
    const failed = readableLine(
      JSON.stringify({
        level: 50,
        time,
        msg: 'shutdown failed',
        err: { type: 'Error', message: 'x', stack: 'Error: x\n    at f (a.ts:1:1)' },
      }),
    );
    expect(failed).toBe(`${at(time)} ERROR shutdown failed\n    Error: x\n    at f (a.ts:1:1)`);
  });

  it('passes anything that is not a JSON object through', () => {
    expect(readableLine('not json\n')).toBe('not json');
  });
});

describe('health polls', () => {
  let hub: Hub | undefined;
  afterEach(async () => {
    await hub?.stop();
    hub = undefined;
  });

  it('knows a health poll by its path', () => {
    expect(['/health', '/health/ready', '/health/queues?x=1'].every(isHealthPoll)).toBe(true);
    expect(['/healthy', '/v1/health', '/'].some(isHealthPoll)).toBe(false);
  });

  it('logs health polls at debug and other requests at info', async () => {
    const lines: Array<{ level: number; msg: string; req?: { url: string } }> = [];
    const logger = createLogger('debug', { write: (chunk: string) => void lines.push(JSON.parse(chunk)) });
    hub = await startHub({ config: testHubConfig(), secrets: new MemorySecretStore(), logger });
    const ui = hub.status().uiUrl;
    for (const url of ['/health', '/health/ready', '/v1/admin/session']) await fetch(`${ui}${url}`);
    const incoming = (url: string) => lines.find((line) => line.msg === 'incoming request' && line.req?.url === url);
    await until('the request lines', () => incoming('/v1/admin/session'));
    expect(incoming('/health')?.level).toBe(20);
    expect(incoming('/health/ready')?.level).toBe(20);
    expect(incoming('/v1/admin/session')?.level).toBe(30);
  });
});

describe('the hub started from a terminal', () => {
  it('prints readable lines, not JSON', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'backroom-tty-'));
    const [uiPort, lanPort] = (await freePorts(2)) as [number, number];
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('BACKROOM_')));
    const command = [process.execPath, '--import', 'tsx', 'src/main/hub/cli/index.ts', 'serve', '--data-dir', dataDir]
      .map((part) => `'${part}'`)
      .join(' ');
    // script(1) runs the hub on a pseudo-terminal, as when a person starts it by hand.
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: REPO_ROOT,
      env: {
        ...inherited,
        BACKROOM_UI_PORT: String(uiPort),
        BACKROOM_LAN_PORT: String(lanPort),
        BACKROOM_MDNS_ENABLED: 'false',
        BACKROOM_BACKUP_INTERVAL_MINUTES: '0',
        BACKROOM_UPSTREAM_PROBES_INTERNET: 'http://127.0.0.1:9/',
        BACKROOM_UPSTREAM_PROBES_STRIPE: 'http://127.0.0.1:9/',
        BACKROOM_UPSTREAM_KSEF_API_BASE: 'http://127.0.0.1:9/',
        BACKROOM_UPSTREAM_KSEF_LATARNIA_URL: 'http://127.0.0.1:9/',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await until('the hub to be ready', () => output.includes('Backroom hub ready'), 30_000);
      await fetch(`http://127.0.0.1:${uiPort}/health`);
      const lines = output.split(/\r?\n/).filter(Boolean);
      expect(lines.find((line) => line.includes('hub ready'))).toMatch(
        /^\d\d:\d\d:\d\d INFO {2}hub ready .*state=ready/,
      );
      expect(lines.find((line) => line.includes('no users yet'))).toMatch(/^\d\d:\d\d:\d\d WARN {2}.*setupCode=\d{8}/);
      expect(output).not.toContain('{"level"');
    } finally {
      child.kill('SIGTERM');
      await exited;
      // The hub goes with its terminal; wait until its port is free, so nothing outlives the test.
      for (let tries = 0; tries < 100; tries++) {
        const answers = await fetch(`http://127.0.0.1:${uiPort}/health`).then(
          () => true,
          () => false,
        );
        if (!answers) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, ensureWritableDataDir, envName, loadConfig } from '../../src/main/hub/config/load-config.js';
import { defaultSettings } from '../../src/main/hub/config/settings-schema.js';
import { runCli } from '../helpers/ledger-processes.js';
import { makeReadOnlyDir, tempDir } from '../helpers/ledger-testkit.js';
import { spawnHub } from '../helpers/spawn-hub.js';

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError, but nothing was thrown');
}

function writeJson(file: string, value: unknown): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value));
  return file;
}

describe('loadConfig', () => {
  it('defaults, with paths resolved against cwd', () => {
    const cwd = tempDir('backroom-config-');
    const config = loadConfig({ env: {}, cwd });
    const defaults = defaultSettings();
    expect(config).toEqual({ ...defaults, dataDir: path.join(cwd, 'data') });
    expect(config.ui).toEqual({ host: '127.0.0.1', port: 4848, staticDir: '' });
    expect(config.lan.port).toBe(4849);
  });

  it('precedence: defaults < config file < BACKROOM_* environment < flags, setting by setting', () => {
    const cwd = tempDir('backroom-config-');
    const dataDir = path.join(cwd, 'store');
    // Found automatically in <dataDir>/backroom.config.json.
    writeJson(path.join(dataDir, 'backroom.config.json'), {
      hubName: 'From file',
      storeId: 'file-store',
      ui: { port: 5000 },
      lan: { port: 5001 },
      backup: { keep: 5, dir: 'file-backups' },
    });
    const config = loadConfig({
      cwd,
      env: {
        BACKROOM_UI_PORT: '6000',
        BACKROOM_HUB_NAME: 'From env',
        BACKROOM_MDNS_ENABLED: 'false',
        BACKROOM_BACKUP_INTERVAL_MINUTES: '15',
      },
      flags: { dataDir: 'store', 'ui.port': '7000', 'backup.intervalMinutes': undefined },
    });
    expect(config.ui.port).toBe(7000); // flag over env over file
    expect(config.hubName).toBe('From env'); // env over file
    expect(config.storeId).toBe('file-store'); // file over default
    expect(config.lan.port).toBe(5001);
    expect(config.backup).toEqual({ dir: path.join(cwd, 'file-backups'), intervalMinutes: 15, keep: 5 });
    expect(config.mdns.enabled).toBe(false); // "false" from the environment is a boolean
    expect(config.timeZone).toBe('Europe/Warsaw'); // default
    expect(config.dataDir).toBe(dataDir);
  });

  it('an explicit config file (option or BACKROOM_CONFIG) is used, and must exist', () => {
    const cwd = tempDir('backroom-config-');
    const file = writeJson(path.join(cwd, 'elsewhere.json'), { logLevel: 'warn' });
    expect(loadConfig({ cwd, env: {}, configFile: file }).logLevel).toBe('warn');
    expect(loadConfig({ cwd, env: { BACKROOM_CONFIG: file } }).logLevel).toBe('warn');
    const missing = path.join(cwd, 'missing.json');
    expect(configError(() => loadConfig({ cwd, env: {}, configFile: missing })).message).toContain(
      `config file ${missing} does not exist`,
    );
    const broken = path.join(cwd, 'broken.json');
    fs.writeFileSync(broken, '{ "ui": ');
    expect(configError(() => loadConfig({ cwd, env: {}, configFile: broken })).message).toContain(
      `config file ${broken} is not valid JSON`,
    );
  });

  it('environment names follow the setting paths', () => {
    expect(envName('ui.port')).toBe('BACKROOM_UI_PORT');
    expect(envName('backup.intervalMinutes')).toBe('BACKROOM_BACKUP_INTERVAL_MINUTES');
    expect(envName('dataDir')).toBe('BACKROOM_DATA_DIR');
  });

  it('an unknown key in the file is an error naming the key and the file', () => {
    const cwd = tempDir('backroom-config-');
    const file = writeJson(path.join(cwd, 'backroom.json'), { ui: { prot: 1 }, colour: 'red' });
    const error = configError(() => loadConfig({ cwd, env: {}, configFile: file }));
    expect(error.message).toContain(`unknown setting ui.prot in ${file}`);
    expect(error.message).toContain(`unknown setting colour in ${file}`);
    expect(error.problems).toHaveLength(2);
  });

  it('an unrelated BACKROOM_* variable is a warning naming it, and the hub starts', () => {
    const cwd = tempDir('backroom-config-');
    const warnings: string[] = [];
    const config = loadConfig({
      cwd,
      env: { BACKROOM_DIR: '/opt/backroom', BACKROOM_UI_PORT: '5000', BACKROOM_MASTER_KEY: 'k', OTHER: 'x' },
      onWarning: (message) => warnings.push(message),
    });
    expect(config.ui.port).toBe(5000);
    expect(warnings).toHaveLength(1); // secrets and the config path are not settings, but known
    expect(warnings[0]).toMatch(/^environment variable BACKROOM_DIR is not a Backroom setting/);
  });

  it("an unknown setting given explicitly (file or flag) is still an error, as a typo there is the user's", () => {
    const cwd = tempDir('backroom-config-');
    const file = writeJson(path.join(cwd, 'c.json'), { dir: '/opt/backroom' });
    const warnings: string[] = [];
    const error = configError(() =>
      loadConfig({ cwd, env: {}, configFile: file, flags: { 'ui.prot': 1 }, onWarning: (m) => warnings.push(m) }),
    );
    expect(error.problems).toEqual([`unknown setting ui.prot`, `unknown setting dir in ${file}`]);
    expect(warnings).toEqual([]);
  });

  it('`backroom serve` with an unrelated BACKROOM_* variable starts and logs a warning naming it', async () => {
    const hub = await spawnHub({ env: { BACKROOM_DIR: '/opt/backroom' } });
    try {
      const warning = await hub.waitForLog((l) => typeof l.msg === 'string' && l.msg.includes('BACKROOM_DIR'));
      expect(warning.level).toBe(40); // pino's warn
      expect(warning.msg).toMatch(/^environment variable BACKROOM_DIR is not a Backroom setting/);
    } finally {
      await hub.stop();
    }
  });

  it('a bad port is an error naming the setting and the value, from any layer', () => {
    const cwd = tempDir('backroom-config-');
    const fromFlag = configError(() => loadConfig({ cwd, env: {}, flags: { 'ui.port': 70000 } }));
    expect(fromFlag.message).toMatch(/ui\.port: .*70000/);
    const fromEnv = configError(() => loadConfig({ cwd, env: { BACKROOM_LAN_PORT: 'https' } }));
    expect(fromEnv.message).toMatch(/lan\.port: .*"https"/);
    const file = writeJson(path.join(cwd, 'c.json'), { lan: { port: -1 } });
    expect(configError(() => loadConfig({ cwd, env: {}, configFile: file })).message).toMatch(/lan\.port: .*-1/);
    expect(configError(() => loadConfig({ cwd, env: {}, flags: { 'ui.prot': 1 } })).message).toContain(
      'unknown setting ui.prot',
    );
  });

  it('a time zone that does not exist is an error naming it', () => {
    const cwd = tempDir('backroom-config-');
    expect(loadConfig({ cwd, env: { BACKROOM_TIME_ZONE: 'America/New_York' } }).timeZone).toBe('America/New_York');
    const error = configError(() => loadConfig({ cwd, env: { BACKROOM_TIME_ZONE: 'Mars/Olympus_Mons' } }));
    expect(error.message).toContain('timeZone: unknown time zone Mars/Olympus_Mons');
  });

  it('ensureWritableDataDir creates the directory, and refuses one it cannot write to', () => {
    const root = tempDir('backroom-config-');
    const fresh = path.join(root, 'a', 'b', 'data');
    ensureWritableDataDir(fresh);
    expect(fs.statSync(fresh).isDirectory()).toBe(true);
    expect(fs.readdirSync(fresh)).toEqual([]); // the probe is gone

    const readOnly = path.join(root, 'read-only');
    fs.mkdirSync(readOnly);
    makeReadOnlyDir(readOnly);
    for (const dataDir of [readOnly, path.join(readOnly, 'data')]) {
      const error = configError(() => ensureWritableDataDir(dataDir));
      expect(error.message).toMatch(new RegExp(`dataDir: ${dataDir} is not writable \\((EACCES|EPERM|EROFS)\\)`));
    }

    const file = path.join(root, 'a-file');
    fs.writeFileSync(file, 'not a directory');
    for (const dataDir of [file, path.join(file, 'data')]) {
      const error = configError(() => ensureWritableDataDir(dataDir));
      expect(error.message).toMatch(new RegExp(`dataDir: ${dataDir} is not writable \\((EEXIST|ENOTDIR)\\)`));
    }
  });

  it('`backroom serve` with a bad port exits 2 with the problem on stderr and starts nothing', async () => {
    const dataDir = tempDir('backroom-config-');
    const run = await runCli(['serve', '--data-dir', dataDir, '--ui-port', '99999'], {
      env: { BACKROOM_MDNS_ENABLED: 'false', BACKROOM_BACKUP_INTERVAL_MINUTES: '0' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^backroom: invalid configuration:/);
    expect(run.stderr).toMatch(/ui\.port: .*99999/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });
});

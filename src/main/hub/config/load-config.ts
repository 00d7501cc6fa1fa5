import fs from 'node:fs';
import path from 'node:path';
import Value from 'typebox/value';
import { SettingsSchema, defaultSettings, type HubConfig } from './settings-schema.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Environment variables that are not settings but are read elsewhere (secrets, the config file's path). */
const NON_SETTING_ENV = new Set(['BACKROOM_MASTER_KEY', 'BACKROOM_CONFIG']);

export interface LoadConfigOptions {
  /** Settings from command-line flags, as dotted paths (`ui.port`) to raw values. */
  flags?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  /** Explicit config file; otherwise BACKROOM_CONFIG, otherwise <dataDir>/backroom.config.json if present. */
  configFile?: string;
  cwd?: string;
  /**
   * Told about input that is ignored rather than refused; the serve command logs it. Default: a Node process warning
   * on stderr, so it is never silent.
   */
  onWarning?: (message: string) => void;
}

type Flat = Record<string, unknown>;

export function loadConfig(options: LoadConfigOptions = {}): HubConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const problems: string[] = [];
  const paths = settingPaths();
  const warn = options.onWarning ?? ((message: string) => process.emitWarning(message, 'ConfigWarning'));

  // The environment is shared with every other program the user runs (an installer's BACKROOM_DIR, a script's
  // BACKROOM_HOME), so a name that is not a setting is ignored with a warning. Flags and the config file are input
  // meant for the hub alone: an unknown name there is a typo, and a setting silently not applied, so it is refused.
  const fromEnv: Flat = {};
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith('BACKROOM_') || NON_SETTING_ENV.has(name) || raw === undefined) continue;
    const setting = paths.byEnv.get(name);
    if (setting) fromEnv[setting] = raw;
    else
      warn(
        `environment variable ${name} is not a Backroom setting and is ignored ` +
          `(settings are BACKROOM_ + the setting path in upper snake case, e.g. BACKROOM_DATA_DIR)`,
      );
  }
  const fromFlags: Flat = {};
  for (const [key, raw] of Object.entries(options.flags ?? {})) {
    if (raw === undefined) continue;
    if (!paths.all.has(key)) problems.push(`unknown setting ${key}`);
    else fromFlags[key] = raw;
  }

  const dataDirGuess = String(fromFlags.dataDir ?? fromEnv.dataDir ?? defaultSettings().dataDir);
  const fileName =
    options.configFile ?? env.BACKROOM_CONFIG ?? path.join(path.resolve(cwd, dataDirGuess), 'backroom.config.json');
  const fromFile = readConfigFile(
    fileName,
    options.configFile !== undefined || env.BACKROOM_CONFIG !== undefined,
    paths.all,
    problems,
  );

  const merged = defaultSettings() as unknown as Flat;
  for (const layer of [fromFile, fromEnv, fromFlags])
    for (const [key, value] of Object.entries(layer)) setPath(merged, key, value);

  const converted = Value.Convert(SettingsSchema, merged) as HubConfig;
  for (const error of Value.Errors(SettingsSchema, converted)) {
    if (error.keyword === 'boolean' || error.keyword === 'additionalProperties') continue;
    const where = error.instancePath.slice(1).replaceAll('/', '.') || '(root)';
    problems.push(`${where}: ${error.message} (got ${JSON.stringify(getPath(converted as unknown as Flat, where))})`);
  }
  if (problems.length > 0) throw new ConfigError(problems);

  converted.dataDir = path.resolve(cwd, converted.dataDir);
  if (converted.backup.dir) converted.backup.dir = path.resolve(cwd, converted.backup.dir);
  if (converted.ui.staticDir) converted.ui.staticDir = path.resolve(cwd, converted.ui.staticDir);
  if (!isValidTimeZone(converted.timeZone))
    throw new ConfigError([`timeZone: unknown time zone ${converted.timeZone}`]);
  return converted;
}

/** Creates the data directory and proves it is writable, so a bad path fails at start, not at the first sale. */
export function ensureWritableDataDir(dataDir: string): void {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    const probe = path.join(dataDir, `.write-test-${process.pid}`);
    fs.writeFileSync(probe, 'ok');
    fs.rmSync(probe);
  } catch (error) {
    throw new ConfigError([
      `dataDir: ${dataDir} is not writable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    ]);
  }
}

function readConfigFile(file: string, required: boolean, known: Set<string>, problems: string[]): Flat {
  if (!fs.existsSync(file)) {
    if (required) problems.push(`config file ${file} does not exist`);
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`config file ${file} is not valid JSON: ${(error as Error).message}`);
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push(`config file ${file} must hold a JSON object`);
    return {};
  }
  const flat = flatten(parsed as Flat);
  for (const key of Object.keys(flat)) {
    if (!known.has(key)) {
      problems.push(`unknown setting ${key} in ${file}`);
      delete flat[key];
    }
  }
  return flat;
}

function settingPaths(): { all: Set<string>; byEnv: Map<string, string> } {
  const all = new Set(Object.keys(flatten(defaultSettings() as unknown as Flat)));
  const byEnv = new Map([...all].map((key) => [envName(key), key]));
  return { all, byEnv };
}

export function envName(settingPath: string): string {
  return (
    'BACKROOM_' +
    settingPath
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replaceAll('.', '_')
      .toUpperCase()
  );
}

function flatten(value: Flat, prefix = ''): Flat {
  const out: Flat = {};
  for (const [key, inner] of Object.entries(value)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (inner !== null && typeof inner === 'object' && !Array.isArray(inner))
      Object.assign(out, flatten(inner as Flat, name));
    else out[name] = inner;
  }
  return out;
}

function setPath(target: Flat, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Flat;
  node[keys.at(-1)!] = value;
}

function getPath(target: Flat, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((node, key) => (node as Flat | undefined)?.[key], target);
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

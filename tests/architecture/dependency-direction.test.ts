/**
 * Dependencies point one way (DESIGN §1: http → sync → domain → ledger). A cycle between layers starts as one
 * convenient import, so every import of the hub core and of src/shared is checked here, not left to review.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HUB = join(ROOT, 'src/main/hub');

/** The decision model every domain speaks and sync applies. */
const KERNEL = 'decisions';
const DOMAINS = [
  'inventory',
  'sales',
  'payments',
  'requests',
  'conflicts',
  'printing',
  'devices',
  'invoicing',
  'upstream',
];
/** Folders that must not know how events arrive or how answers leave. */
const BELOW_SYNC = [...DOMAINS, KERNEL, 'ledger'];

interface Edge {
  /** Paths relative to the repository root, with forward slashes. */
  from: string;
  to: string;
}

/** Every relative import, export-from and dynamic import in the TypeScript files under `dir`. */
function importsUnder(dir: string): Edge[] {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => /\.tsx?$/.test(file));
  return files.flatMap((file) => {
    const path = join(dir, file);
    const text = readFileSync(path, 'utf8');
    // `[^;'"]` keeps one match inside one statement, so a multi-line import is read whole and never runs on.
    const specifiers = [
      ...text.matchAll(/^\s*(?:import|export)\s(?:[^;'"]*?\sfrom\s*)?['"]([^'"]+)['"]/gm),
      ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
    ].map((match) => match[1]!);
    return specifiers
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => ({ from: repoPath(path), to: repoPath(resolve(dirname(path), specifier)) }));
  });
}

function repoPath(path: string): string {
  return relative(ROOT, path).split(sep).join('/');
}

/** The hub folder a repository path lies in (`src/main/hub/sync/ingest.js` → `sync`); undefined outside folders. */
function hubFolder(path: string): string | undefined {
  const inside = path.startsWith('src/main/hub/') ? path.slice('src/main/hub/'.length).split('/') : [];
  return inside.length > 1 ? inside[0] : undefined;
}

function describeEdge({ from, to }: Edge): string {
  return `${from} → ${to}`;
}

const hubEdges = importsUnder(HUB);

/** The imports from a folder in `sources` into a folder in `targets` (a folder's imports of itself never count). */
function crossing(sources: string[], targets: string[]): string[] {
  return hubEdges
    .filter((edge) => {
      const from = hubFolder(edge.from);
      const to = hubFolder(edge.to);
      return from !== to && sources.includes(from ?? '') && targets.includes(to ?? '');
    })
    .map(describeEdge)
    .sort();
}

describe('dependency direction', () => {
  it('sees the imports it checks', () => {
    // A regex that matched nothing, or a folder renamed under the rules, would pass every rule below.
    expect(crossing(['sync'], ['ledger'])).not.toEqual([]);
    // invoicing has no decider yet (issue 9 is under way): it reaches neither the kernel nor the ledger so far.
    for (const domain of DOMAINS.filter((folder) => folder !== 'upstream' && folder !== 'invoicing')) {
      expect(crossing([domain], [KERNEL, 'ledger']), domain).not.toEqual([]);
    }
  });

  it('keeps domains, the decision kernel and the ledger ignorant of http and sync', () => {
    expect(crossing(BELOW_SYNC, ['http', 'sync'])).toEqual([]);
  });

  it('keeps the ledger ignorant of the domains', () => {
    expect(crossing(['ledger'], [...DOMAINS, KERNEL])).toEqual([]);
  });

  it('keeps the domains ignorant of the forwarding machinery: they say what is owed, never how it is sent', () => {
    const domains = DOMAINS.filter((folder) => folder !== 'upstream');
    expect(crossing([...domains, KERNEL, 'ledger'], ['upstream', 'forwarding'])).toEqual([]);
  });

  it('keeps the upstream machinery ignorant of the domains, the wiring and HTTP', () => {
    const domains = DOMAINS.filter((folder) => folder !== 'upstream');
    expect(crossing(['upstream'], [...domains, KERNEL, 'forwarding', 'http', 'sync'])).toEqual([]);
  });

  it('keeps the decision kernel ignorant of the domains that use it', () => {
    expect(crossing([KERNEL], DOMAINS)).toEqual([]);
  });

  it('keeps src/shared free of the hub and the shell', () => {
    const upward = importsUnder(join(ROOT, 'src/shared')).filter((edge) => edge.to.startsWith('src/main/'));
    expect(upward.map(describeEdge)).toEqual([]);
  });
});

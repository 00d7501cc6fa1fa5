import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { packageRoot } from '../../shared/node/package-root.js';

const FA3_XSD_IN_PACKAGE = 'src/main/hub/invoicing/fa3/schema/schemat_FA(3)_v1-0E.local.xsd';

/**
 * The official FA(3) schema (src/main/hub/invoicing/fa3/schema), in the variant that imports its base schemas from
 * `bazowe/` beside it instead of from crd.gov.pl, so validation works offline. Used by the tests and by the
 * simulator's check of its day's invoices; the hub itself never needs libxml2. Taken from the package root, so the
 * bundled CLI (out/main) finds it in the checkout as the sources do; an installed desktop app has no src/, and the
 * simulator then says "not checked".
 */
export const FA3_XSD = path.join(packageRoot(), FA3_XSD_IN_PACKAGE);

export interface SchemaCheck {
  valid: boolean;
  /** What xmllint said: the reasons when the document is invalid. */
  output: string;
}

// xmllint's exit codes: 1 the document is not well-formed, 3 it does not match the schema. Anything else (the schema
// is missing or does not compile, …) is thrown: read as "invalid", it would let a test of a broken document pass.
const INVALID = new Set([1, 3]);

/** Whether `xmllint` (libxml2-utils) is installed: the simulator says "not checked" rather than fail without it. */
function xmllintAvailable(): boolean {
  return spawnSync('xmllint', ['--version']).status === 0;
}

/** Whether the simulator can check invoices against FA(3): xmllint installed and the schema at hand. */
export function fa3CheckAvailable(): boolean {
  return existsSync(FA3_XSD) && xmllintAvailable();
}

/** Runs `xmllint --noout --schema <xsd> <file>` on `xml` written to a temporary file. */
export function validateAgainstSchema(xml: string, xsd: string): SchemaCheck {
  const dir = mkdtempSync(join(tmpdir(), 'xmllint-'));
  try {
    const file = join(dir, 'document.xml');
    writeFileSync(file, xml, 'utf8');
    const result = spawnSync('xmllint', ['--noout', '--schema', xsd, file], { encoding: 'utf8' });
    if (result.error) throw result.error;
    const output = result.stderr;
    if (result.status === 0) return { valid: true, output };
    if (result.status !== null && INVALID.has(result.status)) return { valid: false, output };
    throw new Error(`xmllint exited with ${result.status ?? result.signal}: ${output}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

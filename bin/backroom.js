#!/usr/bin/env node
// The CLI ships bundled in out/main (npm run build); this launcher says so plainly when the build is missing.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('backroom: the hub is not built yet; run `npm run build` first\n');
  process.exit(1);
}
await import(cli);

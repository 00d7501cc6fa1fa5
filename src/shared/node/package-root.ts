import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Found once: the hub asks at start for its version and its screens' folder, the simulator for the FA(3) schema. */
let root: string | undefined;

/**
 * The installed package's root, found from this module whether it runs from src/ (tsx) or a bundle in out/: the
 * nearest folder above with the backroom package.json.
 */
export function packageRoot(): string {
  root ??= findPackageRoot();
  return root;
}

function findPackageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate) && JSON.parse(fs.readFileSync(candidate, 'utf8')).name === 'backroom') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the backroom package root');
    dir = parent;
  }
}

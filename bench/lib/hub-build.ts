import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Bundles the hub CLI from the current sources the way `npm run build` makes out/main/cli.js (one ESM file,
 * node_modules left external but TypeBox), so start-up is measured as it ships, without tsx compiling on the fly. It goes to
 * bench/.build rather than out/: out/ may be stale while src/ changes, and others run what is in it.
 */
export async function buildHubBundle(): Promise<string> {
  const outDir = path.join(REPO_ROOT, 'bench', '.build', 'hub');
  await build({
    configFile: false,
    logLevel: 'warn',
    root: REPO_ROOT,
    // As electron.vite.config.ts ships it: TypeBox's ~700 small modules bundled, since loading them one by one cost
    // about a quarter of the start.
    ssr: { noExternal: ['typebox'] },
    build: {
      ssr: path.join(REPO_ROOT, 'src', 'main', 'hub', 'cli', 'index.ts'),
      outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rolldownOptions: { output: { entryFileNames: 'cli.js' } },
    },
  });
  return path.join(outDir, 'cli.js');
}

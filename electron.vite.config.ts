import { resolve } from 'node:path';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;
const fromRoot = (path: string): string => resolve(root, path);

export default defineConfig({
  main: {
    build: {
      outDir: fromRoot('out/main'),
      // Dependencies stay in node_modules (the default): better-sqlite3's .node binary cannot be bundled, and the
      // headless CLI (`node bin/backroom.js`) runs the very same files without Electron. TypeBox is the exception:
      // it ships as some 700 small ES modules, and loading them one by one took about a quarter of the hub's
      // start-up time.
      externalizeDeps: { exclude: ['typebox'] },
      rolldownOptions: {
        // Three entries, one output: package.json "type": "module" makes electron-vite emit ESM (.js).
        input: {
          shell: fromRoot('src/main/shell/main.ts'),
          'hub-process': fromRoot('src/main/hub/host/utility-process-entry.ts'),
          cli: fromRoot('src/main/hub/cli/index.ts'),
        },
        output: { entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: fromRoot('out/preload'),
      // Sandboxed preloads get only a tiny `require` (electron and a few Node built-ins), so everything else must be
      // inside the bundle; and they cannot be ES modules, hence CommonJS in a .cjs file despite "type": "module".
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: fromRoot('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: fromRoot('src/renderer'),
    plugins: [react()],
    build: {
      outDir: fromRoot('out/renderer'),
      // electron-vite leaves the renderer unminified by default; the hub serves it to browsers on the LAN too.
      minify: true,
      rolldownOptions: {
        input: { index: fromRoot('src/renderer/index.html') },
      },
    },
  },
});

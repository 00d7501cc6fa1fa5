import { createRequire } from 'node:module';

// Not named `require`: electron-vite's ESM output declares one of its own in the same chunk.
const requirePackage = createRequire(import.meta.url);

/**
 * A package loaded the first time it is needed rather than when the hub starts, for code that cannot wait on
 * `import()`: every package loaded at start costs start-up time and resident memory, and a hub may run for days
 * without printing a receipt, building an XML report or packing a KSeF batch.
 */
export function onFirstUse<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requirePackage(name) as T);
}

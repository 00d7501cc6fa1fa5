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

/**
 * A package as another package resolves it: the dependency of one of ours (Fastify's serializer, @fastify/static's
 * file server), loaded without declaring it as ours, so it stays the very version its owner was installed with.
 */
export function requireThrough<T>(owner: string, name: string): T {
  return createRequire(requirePackage.resolve(owner))(name) as T;
}

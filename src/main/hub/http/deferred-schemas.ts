/** Compilations left for a route's first request or answer, each with the route and part it is for. */
const pending = new Map<() => unknown, string>();

/**
 * `compile` run the first time the returned function is called, and its result kept. Route schemas are compiled this
 * way (request-validation.ts, response-serialization.ts): a hub has over a hundred request and some five hundred
 * response schemas, compiling them all took longer than the rest of its start-up and held megabytes of heap for
 * routes a given run may never see.
 */
export function deferCompile<T>(what: string, compile: () => T): () => T {
  let compiled: { value: T } | undefined;
  const compiledOnce = (): T => {
    if (!compiled) {
      compiled = { value: compile() };
      pending.delete(compiledOnce);
    }
    return compiled.value;
  };
  pending.set(compiledOnce, what);
  return compiledOnce;
}

/**
 * Compiles every route schema still waiting for its first use and says how many there were. Throws, naming each, for
 * those that do not compile: what a start reported before compilation was deferred (Ajv's strict mode, say, refuses
 * an unknown keyword or format only when it compiles), so a test can keep every route's schemas compiling.
 */
export function compilePendingSchemas(): number {
  const failures: string[] = [];
  const waiting = [...pending];
  for (const [compiledOnce, what] of waiting) {
    try {
      compiledOnce();
    } catch (error) {
      failures.push(`${what}: ${(error as Error).message}`);
    }
  }
  if (failures.length > 0) throw new Error(`route schemas that do not compile:\n${failures.join('\n')}`);
  return waiting.length;
}

/** A scenario's result, or why it failed: one broken scenario must not cost the figures of the others. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

/** Runs `work`; a failure is kept with the hub's last error log line (a 5xx names only a request id). */
export async function attempt<T>(work: () => Promise<T>, hubLog: () => string): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    const logged = hubLog()
      .split('\n')
      .filter((line) => line.includes('"level":50'))
      .at(-1);
    const message = (error as Error).message ?? String(error);
    return { ok: false, error: logged ? `${message}; hub logged: ${logged.slice(0, 600)}` : message };
  }
}

/**
 * Runs tasks one at a time, in call order. In-process only: one process owns a device's storage (a browser till
 * with several tabs would put the Web Locks API behind the same `run`).
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();
  private held = 0;

  get locked(): boolean {
    return this.held > 0;
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    this.held++;
    const result = this.tail.then(task);
    const release = () => {
      this.held--;
    };
    this.tail = result.then(release, release);
    return result;
  }
}

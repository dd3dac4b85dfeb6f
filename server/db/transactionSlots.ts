/**
 * A counting semaphore: at most `limit()` holders at once, the others served
 * in the order they asked. The limit is read once, at the first acquire (it
 * may depend on configuration read after import), not on every one.
 */
export class Slots {
  private held = 0;
  private size: number | undefined;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: () => number) {}

  /** Resolves with the function that gives the slot back. */
  async acquire(): Promise<() => void> {
    this.size ??= this.limit();
    if (this.held < this.size) this.held += 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next in line, so `held` does not change.
      if (next) next();
      else this.held -= 1;
    };
  }
}

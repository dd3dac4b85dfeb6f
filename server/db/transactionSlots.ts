/**
 * A counting semaphore: at most `limit()` holders at once, the others served
 * in the order they asked.
 */
export class Slots {
  private held = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: () => number) {}

  /** Resolves with the function that gives the slot back. */
  async acquire(): Promise<() => void> {
    if (this.held < this.limit()) this.held += 1;
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

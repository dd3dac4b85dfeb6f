import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hintBatcher } from '@/app/t/[tenant]/_realtime/hintBatcher';

describe('hintBatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('hands over the documents of a burst of hints once, each document once', () => {
    const flushed: string[][] = [];
    const hints = hintBatcher((ids) => flushed.push([...ids]), 150);
    hints.add('a');
    hints.add('b');
    hints.add('a');
    expect(flushed).toEqual([]);
    vi.advanceTimersByTime(150);
    expect(flushed).toEqual([['a', 'b']]);
  });

  it('starts a new window for hints after a flush, and a cancelled window never flushes', () => {
    const flushed: string[][] = [];
    const hints = hintBatcher((ids) => flushed.push([...ids]), 150);
    hints.add('a');
    vi.advanceTimersByTime(150);
    hints.add('c');
    vi.advanceTimersByTime(150);
    hints.add('d');
    hints.cancel();
    vi.advanceTimersByTime(1000);
    expect(flushed).toEqual([['a'], ['c']]);
  });
});

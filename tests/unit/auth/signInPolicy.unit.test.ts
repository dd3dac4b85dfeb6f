import { describe, expect, it } from 'vitest';
import { signInDelayMs, signInPolicy } from '@/server/auth/signInPolicy';

describe('signInDelayMs', () => {
  it('does not slow the first failures, then grows a second at a time up to the cap', () => {
    const delays = [0, 1, 2, 3, 4, 10].map((failures) => signInDelayMs(failures, signInPolicy.email));
    expect(delays).toEqual([0, 0, 0, 1000, 2000, signInPolicy.maxDelayMs]);
  });
});

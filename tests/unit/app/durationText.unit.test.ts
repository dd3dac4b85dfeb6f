import { describe, expect, it } from 'vitest';
import { durationText } from '@/app/_components/durationText';

describe('durationText', () => {
  it('gives milliseconds below a second, not "0.00 s"', () => {
    expect(durationText(4, 'en')).toBe('4 ms');
    expect(durationText(999.4, 'en')).toBe('999 ms');
  });

  it('moves to seconds, minutes and hours with one decimal', () => {
    expect(durationText(1_250, 'en')).toBe('1.3 s');
    expect(durationText(90_000, 'en')).toBe('1.5 min');
    expect(durationText(5_400_000, 'en')).toBe('1.5 h');
  });

  it("uses the reader's decimal separator", () => {
    expect(durationText(1_250, 'es')).toBe('1,3 s');
  });
});

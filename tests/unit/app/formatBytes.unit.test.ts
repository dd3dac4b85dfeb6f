import { describe, expect, it } from 'vitest';
import { formatBytes } from '@/app/_components/formatBytes';

describe('formatBytes', () => {
  it("writes a size in the reader's number format, in B, KB or MB", () => {
    expect(formatBytes(22_858_956, 'en')).toBe('21.8 MB');
    expect(formatBytes(22_858_956, 'es')).toBe('21,8 MB');
    expect(formatBytes(1536, 'es')).toBe('1,5 KB');
    expect(formatBytes(512, 'en')).toBe('512 B');
  });
});

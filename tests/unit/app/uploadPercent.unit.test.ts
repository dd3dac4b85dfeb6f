import { describe, expect, it } from 'vitest';
import { uploadPercent } from '@/app/t/[tenant]/documents/uploadPercent';

describe('uploadPercent', () => {
  it("divides by the request body's length, not the smaller file size", () => {
    // A 300-byte file sent as a 700-byte multipart body: half the body is half the upload.
    expect(uploadPercent({ loaded: 350, total: 700, lengthComputable: true }, 300)).toBe(50);
    expect(uploadPercent({ loaded: 700, total: 700, lengthComputable: true }, 300)).toBe(100);
  });

  it('never goes past 100 or below 0, even when the file size has to stand in', () => {
    expect(uploadPercent({ loaded: 640, total: 0, lengthComputable: false }, 300)).toBe(100);
    expect(uploadPercent({ loaded: 800, total: 700, lengthComputable: true }, 300)).toBe(100);
    expect(uploadPercent({ loaded: -5, total: 700, lengthComputable: true }, 300)).toBe(0);
  });

  it('uses the file size when the body length is unknown', () => {
    expect(uploadPercent({ loaded: 150, total: 0, lengthComputable: false }, 300)).toBe(50);
  });

  it('shows 100 only once every byte has gone', () => {
    expect(uploadPercent({ loaded: 699, total: 700, lengthComputable: true }, 300)).toBe(99);
  });

  it('is 0 when there is nothing to measure against', () => {
    expect(uploadPercent({ loaded: 0, total: 0, lengthComputable: false }, 0)).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { returnPath } from '@/app/(auth)/returnPath';

describe('returnPath', () => {
  it('keeps a path on this site, query included', () => {
    expect(returnPath('/invitations/inv_abc?x=1')).toBe('/invitations/inv_abc?x=1');
  });

  it('refuses other sites, however they are spelled', () => {
    for (const url of ['https://evil.example/', '//evil.example/', '/\\evil.example/', 'evil.example', 'javascript:alert(1)']) {
      expect(returnPath(url), url).toBeUndefined();
    }
  });

  it('is undefined when there is none', () => {
    expect(returnPath(undefined)).toBeUndefined();
  });
});

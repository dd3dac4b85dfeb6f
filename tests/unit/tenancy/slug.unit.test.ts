import { describe, expect, it } from 'vitest';
import { firstFreeSlug, slugify } from '@/server/tenancy/slug';

describe('slugify', () => {
  it.each([
    ['Équipe Nord', 'equipe-nord'],
    ['  Acme, Inc. ', 'acme-inc'],
    ['日本', 'workspace'],
    ['a'.repeat(60), 'a'.repeat(40)],
  ])('%s → %s', (name, slug) => expect(slugify(name)).toBe(slug));
});

describe('firstFreeSlug', () => {
  it('keeps a free slug and numbers a taken one', () => {
    expect(firstFreeSlug('team', new Set())).toBe('team');
    expect(firstFreeSlug('team', new Set(['team', 'team-2']))).toBe('team-3');
  });
});

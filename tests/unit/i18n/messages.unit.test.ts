import { describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import es from '@/messages/es.json';

function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

describe('messages', () => {
  it('have the same keys in English and Spanish', () => {
    const english = new Set(keys(en));
    const spanish = new Set(keys(es));
    expect({ missingInSpanish: [...english].filter((k) => !spanish.has(k)), missingInEnglish: [...spanish].filter((k) => !english.has(k)) }).toEqual({
      missingInSpanish: [],
      missingInEnglish: [],
    });
  });

  it('have no empty strings', () => {
    const values = (tree: object): string[] => Object.values(tree).flatMap((v) => (typeof v === 'object' ? values(v) : [v]));
    expect([...values(en), ...values(es)].filter((v) => !v.trim())).toEqual([]);
  });
});

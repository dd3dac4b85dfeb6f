import { describe, expect, it } from 'vitest';
import { negotiateLocale } from '@/i18n/locales';

describe('negotiateLocale', () => {
  it('prefers the remembered choice over the browser', () => {
    expect(negotiateLocale('es', 'en-US,en;q=0.9')).toBe('es');
  });
  it('follows the browser by quality when nothing is remembered', () => {
    expect(negotiateLocale(undefined, 'fr-FR,es-MX;q=0.8,en;q=0.5')).toBe('es');
  });
  it('ignores an unknown cookie value and falls back to English', () => {
    expect(negotiateLocale('de', 'de-DE')).toBe('en');
    expect(negotiateLocale(undefined, null)).toBe('en');
  });
});

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { estimatedBits, secretProblem } from '@/scripts/preflight/secretStrength';

const rule = { minChars: 32, minBits: 128 };

describe('secret strength', () => {
  it('accepts what `openssl rand -base64 32` or our generator makes', () => {
    for (let i = 0; i < 20; i++) {
      expect(secretProblem(randomBytes(32).toString('base64'), rule)).toBeNull();
      expect(secretProblem(randomBytes(32).toString('base64url'), rule)).toBeNull();
      expect(secretProblem(randomBytes(24).toString('hex'), rule)).toBeNull();
    }
  });

  it('names what is wrong: unset, short, a placeholder, one character repeated, a short pattern repeated', () => {
    expect(secretProblem(undefined, rule)).toBe('not set');
    expect(secretProblem('', rule)).toBe('not set');
    expect(secretProblem('Zq8!r2Lm', rule)).toBe('too short: 8 characters, at least 32 needed');
    expect(secretProblem('please-change-me-before-deploying-this', rule)).toMatch(/^looks like a placeholder/);
    expect(secretProblem('a'.repeat(64), rule)).toMatch(/^too predictable: about 0 bits/);
    expect(secretProblem('abcd'.repeat(10), rule)).toMatch(/^too predictable: about 80 bits/);
  });

  it('estimates bits as length times the entropy of the characters', () => {
    expect(estimatedBits('')).toBe(0);
    expect(estimatedBits('abab')).toBe(4);
    expect(estimatedBits('abcdefgh')).toBe(24);
  });
});

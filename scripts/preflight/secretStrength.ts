/**
 * How many bits of randomness a secret seems to carry: its length times the
 * Shannon entropy of its characters. A generous estimate for real random
 * strings (base64 of 32 random bytes scores about 240), and a harsh one for
 * what people type (`changeme` repeated, one character over and over).
 */
export function estimatedBits(secret: string): number {
  if (!secret) return 0;
  const counts = new Map<string, number>();
  for (const char of secret) counts.set(char, (counts.get(char) ?? 0) + 1);
  const length = [...secret].length;
  let perChar = 0;
  for (const count of counts.values()) perChar -= (count / length) * Math.log2(count / length);
  return Math.round(perChar * length);
}

const placeholders = /change.?me|example|placeholder|secret|password|xxxxxx|123456/i;

/** Why `secret` is not good enough (null when it is): unset, short, a placeholder, or too predictable. */
export function secretProblem(secret: string | undefined, rule: { minChars: number; minBits: number }): string | null {
  if (!secret) return 'not set';
  if (secret.length < rule.minChars) return `too short: ${secret.length} characters, at least ${rule.minChars} needed`;
  if (placeholders.test(secret)) return 'looks like a placeholder; generate one, e.g. `openssl rand -base64 32`';
  const bits = estimatedBits(secret);
  if (bits < rule.minBits) return `too predictable: about ${bits} bits, at least ${rule.minBits} needed; generate one, e.g. \`openssl rand -base64 32\``;
  return null;
}

/**
 * How failed sign-ins are throttled. Per email: slowed after 3 failures,
 * refused for 15 minutes at 5. Per IP (many emails from one place): slowed
 * after 10, refused at 30. Failures older than the window are forgotten.
 */
export const signInPolicy = {
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  delayStepMs: 1_000,
  maxDelayMs: 5_000,
  email: { slowAfter: 3, lockAt: 5 },
  ip: { slowAfter: 10, lockAt: 30 },
  /** Wrong or used invitation links from one IP (only lockAt applies): guessing is refused long before it could succeed. */
  invitationLink: { slowAfter: 5, lockAt: 20 },
} as const;

export type SignInLimits = { slowAfter: number; lockAt: number };

/** The pause before checking a password, given how many failures came before. */
export function signInDelayMs(failures: number, limits: SignInLimits): number {
  if (failures < limits.slowAfter) return 0;
  return Math.min(signInPolicy.maxDelayMs, (failures - limits.slowAfter + 1) * signInPolicy.delayStepMs);
}

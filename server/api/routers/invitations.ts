import { z } from 'zod';
import { readAttemptGate, recordFailedAttempt, signInPolicy } from '@/server/auth';
import { AppError } from '@/server/errors';
import { acceptInvitation, describeInvitation } from '@/server/tenancy';
import { createTRPCRouter, protectedProcedure, publicProcedure } from '../trpc';

const tokenInput = z.object({ token: z.string().min(10).max(200) });

/**
 * Invitation links are secrets: an IP that keeps presenting wrong or used
 * links is refused for a while, like repeated failed sign-ins.
 */
async function guardLinkGuessing<T>(ip: string, attempt: () => Promise<T>, failed: (result: T) => boolean): Promise<T> {
  const keys = [{ key: `invitation:ip:${ip}`, limits: signInPolicy.invitationLink }];
  const gate = await readAttemptGate(keys);
  if (gate.locked) throw new AppError('rate_limited', 'errors.tooManyAttempts');
  const result = await attempt().catch(async (error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') await recordFailedAttempt(keys);
    throw error;
  });
  if (failed(result)) await recordFailedAttempt(keys);
  return result;
}

export const invitationsRouter = createTRPCRouter({
  /** What the invitation page shows; null for any link that cannot be accepted. */
  describe: publicProcedure
    .input(tokenInput)
    .query(({ ctx, input }) => guardLinkGuessing(ctx.ip, () => describeInvitation(input.token), (found) => found === null)),

  accept: protectedProcedure
    .input(tokenInput)
    .mutation(({ ctx, input }) =>
      guardLinkGuessing(ctx.ip, () => acceptInvitation({ token: input.token, userId: ctx.user.id, email: ctx.user.email }), () => false),
    ),
});

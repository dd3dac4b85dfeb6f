import { z } from 'zod';
import { acceptInvitation, describeInvitation } from '@/server/tenancy';
import { createTRPCRouter, protectedProcedure, publicProcedure } from '../trpc';

const tokenInput = z.object({ token: z.string().min(10).max(200) });

export const invitationsRouter = createTRPCRouter({
  /** What the invitation page shows; null for any link that cannot be accepted. */
  describe: publicProcedure.input(tokenInput).query(({ input }) => describeInvitation(input.token)),

  accept: protectedProcedure
    .input(tokenInput)
    .mutation(({ ctx, input }) => acceptInvitation({ token: input.token, userId: ctx.user.id, email: ctx.user.email })),
});

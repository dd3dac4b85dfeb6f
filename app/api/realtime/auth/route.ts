import { createContext, errorResponse } from '@/server/api';
import { AppError } from '@/server/errors';
import { observeRoute } from '@/server/observability';
import { authorizeChannel } from '@/server/realtime';

const statusOf = { forbidden: 403, invalid: 400, unavailable: 503 } as const;

/**
 * POST /api/realtime/auth — pusher-js's channel authorization (form fields
 * socket_id and channel_name, the session cookie). Signs a subscription to
 * one of the signed-in person's workspaces or to their own user channel;
 * anything else answers 403.
 */
export const POST = observeRoute('/api/realtime/auth', async (request: Request): Promise<Response> => {
  const context = await createContext({ headers: request.headers });
  if (!context.user) return errorResponse(401, context.locale, 'errors.signInRequired');
  const form = new URLSearchParams(await request.text());
  const socketId = form.get('socket_id') ?? '';
  const channelName = form.get('channel_name') ?? '';
  try {
    return Response.json(await authorizeChannel(context.user.id, socketId, channelName));
  } catch (error) {
    if (!(error instanceof AppError) || !(error.code in statusOf)) throw error;
    return errorResponse(statusOf[error.code as keyof typeof statusOf], context.locale, error.messageKey, error.params);
  }
});

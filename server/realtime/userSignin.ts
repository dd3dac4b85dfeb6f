import type { Connection } from './connection';
import type { RealtimeContext } from './context';
import { closeCodes, dataObject, encodeFrame } from './protocol';
import { verifyUserAuth } from './signatures';

/**
 * pusher:signin {auth, user_data}: the app signed `socket_id::user::user_data`
 * (pusher.authenticateUser); user_data is the exact string it signed and must
 * carry a non-empty string id. A signed-in socket receives sendToUser events.
 */
export function signIn(connection: Connection, rawData: unknown): void {
  const data = dataObject(rawData);
  const userData = data?.user_data;
  if (!data || typeof userData !== 'string' || !verifyUserAuth(connection.context.settings, connection.socketId, data.auth, userData)) {
    return connection.closeWithError(closeCodes.unauthorized, 'Invalid user authentication signature');
  }
  const id = userIdOf(userData);
  if (id === undefined) return connection.closeWithError(closeCodes.unauthorized, 'user_data must be a JSON object with a string id');
  const { users } = connection.context;
  if (connection.userId !== undefined) forget(connection);
  connection.userId = id;
  let sockets = users.get(id);
  if (!sockets) users.set(id, (sockets = new Set()));
  sockets.add(connection);
  connection.send(encodeFrame('pusher:signin_success', { user_data: userData }));
}

function userIdOf(userData: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(userData);
    const id = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).id : undefined;
    return typeof id === 'string' && id !== '' && id.length <= 128 ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Called when a socket closes or signs in again as someone else. */
export function forget(connection: Connection): void {
  const id = connection.userId;
  if (id === undefined) return;
  const sockets = connection.context.users.get(id);
  sockets?.delete(connection);
  if (sockets?.size === 0) connection.context.users.delete(id);
  connection.userId = undefined;
}

/** POST /users/{id}/terminate_connections: every signed-in socket of the user is closed (4009: pusher-js does not reconnect). */
export function terminateUserConnections(context: RealtimeContext, userId: string): void {
  for (const connection of [...(context.users.get(userId) ?? [])]) {
    connection.closeWithError(closeCodes.unauthorized, 'Connections of this user were terminated by the app');
  }
}

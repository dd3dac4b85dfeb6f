import { randomInt } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { WebSocket, type RawData } from 'ws';
import type { Subscriber } from './channels';
import { EventBudget, relayClientEvent } from './clientEvents';
import type { RealtimeContext } from './context';
import { closeCodes, decodeFrame, encodeError, encodeFrame } from './protocol';
import { subscribe, unsubscribe, unsubscribeAll } from './subscriptions';
import { forget, signIn } from './userSignin';

/** One client socket: its id, its channels, and the liveness timers of protocol 7. */
export class Connection implements Subscriber {
  readonly socketId = `${randomInt(1, 2 ** 31)}.${randomInt(1, 2 ** 31)}`;
  readonly channels = new Set<string>();
  userId: string | undefined;
  readonly clientEventBudget: EventBudget;
  private idleTimer: NodeJS.Timeout | undefined;
  private pongTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ws: WebSocket,
    /** The socket under `ws`, for frames encoded once for many connections. */
    private readonly socket: Duplex,
    readonly context: RealtimeContext,
  ) {
    this.clientEventBudget = new EventBudget(context.settings.clientEventsPerSecond);
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    ws.on('close', () => this.closed());
    // A reset socket emits 'error' before 'close'; the close handler does the cleanup.
    ws.on('error', () => {});
    this.send(encodeFrame('pusher:connection_established', { socket_id: this.socketId, activity_timeout: context.settings.activityTimeout }));
    this.noteActivity();
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(frame: string): void {
    if (this.isOpen) this.ws.send(frame);
  }

  /** A complete frame from wireFrame.ts; ws frames are written to the same socket in order, so the two never interleave mid-frame. */
  sendEncoded(frame: Buffer): void {
    if (this.isOpen) this.context.writes.write(this.socket, frame);
  }

  /** pusher:error with the code, then a close with the same code: pusher-js picks its reconnect policy from it. */
  closeWithError(code: number, message: string): void {
    this.send(encodeError(code, message));
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(code, message);
    this.stopTimers();
  }

  onClosed(listener: () => void): void {
    this.ws.once('close', listener);
  }

  terminate(): void {
    this.ws.terminate();
  }

  private receive(data: RawData, isBinary: boolean): void {
    this.noteActivity();
    if (isBinary) return this.send(encodeError(null, 'Binary frames are not part of the protocol'));
    const frame = decodeFrame(data.toString());
    if ('invalid' in frame) return this.send(encodeError(null, frame.invalid));
    switch (frame.event) {
      case 'pusher:ping':
        return this.send(encodeFrame('pusher:pong', {}));
      case 'pusher:pong':
        return;
      case 'pusher:subscribe':
        return subscribe(this, frame.data);
      case 'pusher:unsubscribe':
        return unsubscribe(this, frame.data);
      case 'pusher:signin':
        return signIn(this, frame.data);
      default:
        if (frame.event.startsWith('client-')) return relayClientEvent(this, frame);
        return this.send(encodeError(null, `Unsupported event: ${frame.event.slice(0, 200)}`));
    }
  }

  /** Any frame proves the client alive: re-arm the quiet timer and forget a pending ping. */
  private noteActivity(): void {
    this.stopTimers();
    this.idleTimer = setTimeout(() => this.pingIdleClient(), this.context.settings.serverPingAfterMs);
  }

  private pingIdleClient(): void {
    this.send(encodeFrame('pusher:ping', {}));
    this.pongTimer = setTimeout(() => this.closeWithError(closeCodes.pongNotReceived, 'Pong reply not received'), this.context.settings.pongTimeoutMs);
  }

  private stopTimers(): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.pongTimer);
  }

  private closed(): void {
    this.stopTimers();
    unsubscribeAll(this);
    forget(this);
    this.context.connections.delete(this.socketId);
  }
}

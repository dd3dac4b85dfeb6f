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
  private closeTimer: NodeJS.Timeout | undefined;

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

  /** Bytes written to the socket that the kernel has not taken yet. */
  get bufferedBytes(): number {
    return this.socket.writableLength;
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(frame: string): void {
    if (this.isOpen && this.hasRoomFor(Buffer.byteLength(frame))) this.ws.send(frame);
  }

  /**
   * A complete frame from wireFrame.ts; ws frames are written to the same socket in order, so the two never interleave mid-frame.
   * False when it was not written: the socket is closing, or the frame would overflow it.
   */
  sendEncoded(frame: Buffer): boolean {
    if (!this.isOpen || !this.hasRoomFor(frame.length)) return false;
    this.context.writes.write(this.socket, frame);
    return true;
  }

  /**
   * pusher:error with the code, then a close with the same code: pusher-js picks its reconnect policy from it.
   * Both frames are written even past maxBufferedBytes (two small frames, the last the socket gets); a client
   * that has not completed the close handshake after closeTimeoutMs (it does not read) loses its socket.
   */
  closeWithError(code: number, message: string): void {
    this.stopTimers();
    if (!this.isOpen) return;
    this.ws.send(encodeError(code, message));
    this.ws.close(code, message);
    this.closeTimer = setTimeout(() => this.ws.terminate(), this.context.settings.closeTimeoutMs);
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

  /**
   * Whether `bytes` more stay within maxBufferedBytes. writableLength is what ws's bufferedAmount reads: what the
   * kernel has not taken yet, written through ws or directly, corked or not. A socket that would go over is closed.
   */
  private hasRoomFor(bytes: number): boolean {
    const buffered = this.bufferedBytes;
    if (buffered + bytes <= this.context.settings.maxBufferedBytes) return true;
    this.closeForNotReading(buffered);
    return false;
  }

  /** Runs once per connection: the socket is no longer open after it, so nothing more is written or counted. */
  private closeForNotReading(buffered: number): void {
    const { settings, logger } = this.context;
    this.context.slowClientDisconnects += 1;
    logger.warn(
      { socketId: this.socketId, userId: this.userId, channels: this.channels.size, bufferedBytes: buffered, maxBufferedBytes: settings.maxBufferedBytes },
      'realtime client is not reading: closed with 4100',
    );
    this.closeWithError(closeCodes.overCapacity, `Client is not reading: over ${settings.maxBufferedBytes} bytes waiting to be sent`);
  }

  private closed(): void {
    this.stopTimers();
    clearTimeout(this.closeTimer);
    unsubscribeAll(this);
    forget(this);
    this.context.connections.delete(this.socketId);
  }
}

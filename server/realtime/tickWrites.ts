import type { Duplex } from 'node:stream';

/**
 * Writes to sockets held back until the current tick's work is done, then let
 * go together: the frames one socket receives while one HTTP request is
 * handled (a batch of events, one event on several of its channels) leave in
 * one write (one system call), not one each. Nothing waits for a timer: the
 * sockets are uncorked on process.nextTick.
 */
export class TickWrites {
  private corked: Duplex[] = [];

  write(socket: Duplex, bytes: Buffer): void {
    if (socket.writableCorked === 0) {
      socket.cork();
      this.corked.push(socket);
      if (this.corked.length === 1) process.nextTick(this.release);
    }
    socket.write(bytes);
  }

  private readonly release = (): void => {
    const sockets = this.corked;
    this.corked = [];
    for (const socket of sockets) socket.uncork();
  };
}

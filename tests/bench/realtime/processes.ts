/**
 * The benchmark's view of its child processes: one server, and the client
 * processes that share the pusher-js clients between them.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ClientReply, ClientRequest, MemorySample, ServerKind, ServerReply, ServerRequest } from './shared';

const here = import.meta.dirname;

/** Children run under the same Node and loaders (tsx, outsideNext) as the benchmark itself. */
function forkChild(file: string, args: string[], extraExecArgv: string[] = []): ChildProcess {
  return fork(path.join(here, file), args, { execArgv: [...process.execArgv, ...extraExecArgv], serialization: 'advanced' });
}

/** The next message of `type` from `child`; fails if the child exits first. */
function nextReply<T extends { type: string }, K extends T['type']>(child: ChildProcess, type: K): Promise<Extract<T, { type: K }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: T) => {
      if (message.type === 'failed') return finish(() => reject(new Error(`child failed: ${(message as unknown as { reason: string }).reason}`)));
      if (message.type === type) finish(() => resolve(message as Extract<T, { type: K }>));
    };
    const onExit = (code: number | null) => finish(() => reject(new Error(`child exited (${code}) before answering ${type}`)));
    const finish = (settle: () => void) => {
      child.off('message', onMessage);
      child.off('exit', onExit);
      settle();
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  /** BENCH_PROFILE=dir writes the server's CPU profile there (open it in Chrome DevTools). */
  static async start(kind: ServerKind): Promise<ServerProcess> {
    const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`, `--cpu-prof-name=${kind}.cpuprofile`] : [];
    const child = forkChild('serverProcess.ts', [kind], ['--expose-gc', ...profile]);
    const { port } = await nextReply<ServerReply, 'listening'>(child, 'listening');
    return new ServerProcess(child, port);
  }

  private ask<K extends ServerRequest['type']>(type: K) {
    const answer = nextReply<ServerReply, K>(this.child, type);
    this.child.send({ type } satisfies ServerRequest);
    return answer;
  }

  async memory(): Promise<MemorySample> {
    return (await this.ask('memory')).memory;
  }

  async stats(): Promise<{ connections: number; deliveries: number }> {
    const { connections, deliveries } = await this.ask('stats');
    return { connections, deliveries };
  }

  async cpuMicroseconds(): Promise<number> {
    return (await this.ask('cpu')).microseconds;
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.disconnect();
    await exited;
  }
}

/** The pusher-js clients, spread over a few processes; `total` is what they all received so far. */
export class ClientProcesses {
  private readonly totals: number[];
  private waiters: (() => void)[] = [];

  private constructor(private readonly children: ChildProcess[]) {
    this.totals = children.map(() => 0);
    children.forEach((child, i) =>
      child.on('message', (message: ClientReply) => {
        if (message.type !== 'progress') return;
        this.totals[i] = message.total;
        this.wakeWaiters();
      }),
    );
  }

  static start(processes: number): ClientProcesses {
    return new ClientProcesses(Array.from({ length: processes }, () => forkChild('clientProcess.ts', [])));
  }

  get total(): number {
    return this.totals.reduce((sum, n) => sum + n, 0);
  }

  /** Connects `clients` clients, split evenly, and waits until every one has joined its channels. */
  async connect(port: number, clients: number): Promise<void> {
    const share = Math.ceil(clients / this.children.length);
    await Promise.all(
      this.children.map((child, i) => {
        const ready = nextReply<ClientReply, 'ready'>(child, 'ready');
        child.send({ type: 'connect', port, first: i * share, count: Math.min(share, clients - i * share) } satisfies ClientRequest);
        return ready;
      }),
    );
  }

  /** From now on the clients keep every latency they see, until finish(). */
  startRecording(phase: string): void {
    this.children.forEach((child) => child.send({ type: 'start', phase } satisfies ClientRequest));
  }

  /** What the clients received since startRecording, their latencies, and the CPU time the client processes used meanwhile. */
  async finishRecording(): Promise<{ received: number; latencies: number[]; cpuMicroseconds: number }> {
    const answers = await Promise.all(
      this.children.map((child) => {
        const finished = nextReply<ClientReply, 'finished'>(child, 'finished');
        child.send({ type: 'finish' } satisfies ClientRequest);
        return finished;
      }),
    );
    const sum = (of: (answer: (typeof answers)[number]) => number) => answers.reduce((total, answer) => total + of(answer), 0);
    return { received: sum((a) => a.received), latencies: answers.flatMap((a) => a.latencies), cpuMicroseconds: sum((a) => a.cpuMicroseconds) };
  }

  /** Resolves at the next progress report of any client process (or after `timeoutMs`). */
  changed(timeoutMs = 50): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  wakeWaiters(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((wake) => wake());
  }

  /** Waits until the clients together received `expected` events; answers how many they got by then. */
  async drain(expected: number, timeoutMs: number): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    while (this.total < expected && performance.now() < deadline) await this.changed(100);
    return this.total;
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.children.map((child) => {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.send({ type: 'disconnect' } satisfies ClientRequest);
        return exited;
      }),
    );
  }
}

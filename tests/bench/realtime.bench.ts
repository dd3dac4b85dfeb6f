/**
 * `npm run bench:realtime`: the embedded Pusher-compatible server under 1,000
 * pusher-js clients (Node build), beside a bare `ws` broadcast server carrying
 * the same traffic in the same run (tests/bench/realtime/broadcastBaseline.ts).
 *
 * How it is measured. The server runs alone in a child process (its CPU and
 * memory are its own); the clients run in two other child processes; this
 * process only triggers, through the official `pusher` SDK. Ten private
 * channels, each client on three of them (300 subscribers per channel).
 * - memory per connection: the server's heap + external (and RSS) after a full GC with
 *   every client connected and subscribed, minus the same before the first
 *   client, divided by the number of clients;
 * - latency: `trigger` at a moderate fixed rate (BENCH_LATENCY_RATE events/s,
 *   one channel each), trigger time in the payload, receive time in the
 *   client's handler, on a clock the processes share: p50/p99 over every delivery
 *   of BENCH_LATENCY_SECONDS, after a warm-up at the same rate;
 * - throughput: `triggerBatch` of one event per channel, as fast as the clients
 *   keep up (a bounded number of deliveries in flight), warm-up first, then
 *   BENCH_SECONDS counted: deliveries/s received by the clients, and the
 *   server's CPU time per delivery (the clients share the same two cores, so
 *   deliveries/s is a floor for the server; CPU per delivery is its own cost).
 * Every triggered event must arrive: a loss fails the run.
 */
import { Agent } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import PusherServer from 'pusher';
import { percentile, round } from './figures';
import { CpuMeter, type CpuSplit } from './realtime/cpuMeter';
import { ClientProcesses, ServerProcess } from './realtime/processes';
import { benchApp, channelCount, channelName, channelsOfClient, eventName, sharedNow, type BenchPayload, type MemorySample, type ServerKind } from './realtime/shared';

const clientCount = Number(process.env.BENCH_CLIENTS ?? 1000);
const clientProcessCount = 2;
const latencyRate = Number(process.env.BENCH_LATENCY_RATE ?? 25);
/** Long enough that p99 is not decided by one event's 300 deliveries (100 events would be). */
const latencySeconds = Number(process.env.BENCH_LATENCY_SECONDS ?? 10);
const throughputSeconds = Number(process.env.BENCH_SECONDS ?? 5);
const warmupSeconds = 1;
/** Throughput phase: batches whose deliveries have not all arrived, and HTTP requests open, at most. */
const batchesInFlight = 3;
const requestsInFlight = 2;
/** BENCH_SERVERS=embedded,baseline: the order of the runs (the report needs both). */
const serverOrder = (process.env.BENCH_SERVERS?.split(',') ?? ['baseline', 'embedded']) as ServerKind[];
const targets = { deliveriesPerSecond: 20_000, p99Ms: 50 };

/** Subscribers per channel index, from the layout the clients use. */
const subscribers = Array.from({ length: channelCount }, (_, i) => {
  const name = channelName(i);
  return Array.from({ length: clientCount }, (_, c) => channelsOfClient(c)).filter((joined) => joined.includes(name)).length;
});
const deliveriesPerBatch = subscribers.reduce((sum, n) => sum + n, 0);

type Latency = { events: number; deliveries: number; p50Ms: number; p99Ms: number; p999Ms: number; maxMs: number; cpu: CpuSplit };
type Throughput = { deliveries: number; seconds: number; deliveriesPerSecond: number; serverCpuMicrosecondsPerDelivery: number; cpu: CpuSplit };
type Run = {
  server: ServerKind;
  connectSeconds: number;
  memoryBefore: MemorySample;
  memoryAfter: MemorySample;
  /** Heap + external (what the server's objects and buffers hold); RSS moves by whole pages and V8's reserve, so it is kept beside it, not used. */
  bytesPerConnection: number;
  rssBytesPerConnection: number;
  latency: Latency;
  throughput: Throughput;
  serverDeliveries: number;
};

let seq = 0;
/** A document status change of realistic size (~250 bytes of JSON). */
function payload(): BenchPayload {
  seq += 1;
  return { t: sharedNow(), seq, documentId: '0f8c1e52-6b1f-4c1e-9a57-3f5d2b7e8a10', status: 'processing', note: 'x'.repeat(120) };
}

async function main() {
  console.log(`${clientCount} pusher-js clients in ${clientProcessCount} processes; ${channelCount} private channels, ${subscribers[0]} subscribers each; ${cpus().length} CPUs; ${process.version}`);
  console.log(`server in its own process, triggers from this one through the pusher SDK; baseline: a bare ws broadcast server, same clients and calls`);
  console.log(`latency: sdk.trigger to one channel at ${latencyRate} events/s for ${latencySeconds}s after ${warmupSeconds}s warm-up, trigger time in the payload`);
  console.log(`throughput: sdk.triggerBatch (one event per channel), ≤ ${batchesInFlight} batches undelivered, ${throughputSeconds}s after ${warmupSeconds}s warm-up`);
  console.log(`memory: server heap + external (and RSS) after GC, all clients subscribed minus none, per client\n`);
  const runs: Run[] = [];
  for (const kind of serverOrder) runs.push(await measure(kind));
  report(runs);
}

async function measure(kind: ServerKind): Promise<Run> {
  const server = await ServerProcess.start(kind);
  const clients = ClientProcesses.start(clientProcessCount);
  const sdk = new PusherServer({ ...benchApp, host: '127.0.0.1', port: String(server.port), useTLS: false, agent: new Agent({ keepAlive: true, maxSockets: 4 }) });
  try {
    const memoryBefore = await server.memory();
    const connectStarted = performance.now();
    await clients.connect(server.port, clientCount);
    const connectSeconds = (performance.now() - connectStarted) / 1000;
    const memoryAfter = await server.memory();
    const { connections } = await server.stats();
    if (connections !== clientCount) throw new Error(`${kind}: server counts ${connections} connections, expected ${clientCount}`);

    const latency = await latencyPhase(sdk, clients, server);
    const throughput = await throughputPhase(sdk, clients, server);
    const run: Run = {
      server: kind,
      connectSeconds: round(connectSeconds, 2),
      memoryBefore,
      memoryAfter,
      bytesPerConnection: Math.round((memoryAfter.heapUsed + memoryAfter.external - memoryBefore.heapUsed - memoryBefore.external) / clientCount),
      rssBytesPerConnection: Math.round((memoryAfter.rss - memoryBefore.rss) / clientCount),
      latency,
      throughput,
      serverDeliveries: (await server.stats()).deliveries,
    };
    if (run.serverDeliveries !== clients.total) throw new Error(`${kind}: server sent ${run.serverDeliveries} deliveries, clients received ${clients.total}`);
    return run;
  } finally {
    await clients.stop();
    await server.stop();
  }
}

/**
 * `trigger` to one channel at a time, on a fixed schedule; every delivery's
 * latency counts once the warm-up (the same schedule, not recorded: JIT and
 * first-use allocations on both sides) is over.
 */
async function latencyPhase(sdk: PusherServer, clients: ClientProcesses, server: ServerProcess): Promise<Latency> {
  await expectAll(clients, clients.total + (await triggerAtRate(sdk, warmupSeconds)), 'latency warm-up');
  const before = clients.total;
  const cpu = await CpuMeter.start(server);
  clients.startRecording('latency');
  const expected = await triggerAtRate(sdk, latencySeconds);
  await expectAll(clients, before + expected, 'latency');
  const { received, latencies, cpuMicroseconds } = await clients.finishRecording();
  const { split } = await cpu.stop(cpuMicroseconds);
  latencies.sort((a, b) => a - b);
  const ms = (value: number) => round(value, 2);
  return {
    events: latencyRate * latencySeconds,
    deliveries: received,
    p50Ms: ms(percentile(latencies, 0.5)),
    p99Ms: ms(percentile(latencies, 0.99)),
    p999Ms: ms(percentile(latencies, 0.999)),
    maxMs: ms(latencies.at(-1) ?? 0),
    cpu: split,
  };
}

/** Triggers BENCH_LATENCY_RATE events/s for `seconds`, one channel each in turn; resolves with the deliveries they make once all are sent. */
async function triggerAtRate(sdk: PusherServer, seconds: number): Promise<number> {
  const events = latencyRate * seconds;
  let expected = 0;
  const started = performance.now();
  const triggers: Promise<unknown>[] = [];
  for (let n = 0; n < events; n++) {
    // Pacing the trigger schedule, not waiting for a result.
    const due = started + (n * 1000) / latencyRate;
    if (due > performance.now()) await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
    expected += subscribers[n % channelCount]!;
    triggers.push(sdk.trigger(channelName(n % channelCount), eventName, payload()));
  }
  await Promise.all(triggers);
  return expected;
}

/** `triggerBatch` (one event per channel) as fast as deliveries drain; counted after a warm-up. */
async function throughputPhase(sdk: PusherServer, clients: ClientProcesses, server: ServerProcess): Promise<Throughput> {
  let expected = clients.total;
  let open = 0;
  const pump = async (seconds: number) => {
    const until = performance.now() + seconds * 1000;
    while (performance.now() < until) {
      if (open >= requestsInFlight || expected - clients.total >= batchesInFlight * deliveriesPerBatch) {
        await clients.changed();
        continue;
      }
      open += 1;
      expected += deliveriesPerBatch;
      const batch = Array.from({ length: channelCount }, (_, i) => ({ channel: channelName(i), name: eventName, data: payload() }));
      void sdk.triggerBatch(batch).finally(() => {
        open -= 1;
        clients.wakeWaiters();
      });
    }
  };
  await pump(warmupSeconds);
  const cpu = await CpuMeter.start(server);
  clients.startRecording('throughput');
  await pump(throughputSeconds);
  const { received, cpuMicroseconds } = await clients.finishRecording();
  const { split, seconds, serverMicroseconds } = await cpu.stop(cpuMicroseconds);
  await expectAll(clients, expected, 'throughput');
  return {
    deliveries: received,
    seconds: round(seconds, 2),
    deliveriesPerSecond: Math.round(received / seconds),
    serverCpuMicrosecondsPerDelivery: round(serverMicroseconds / received, 2),
    cpu: split,
  };
}

async function expectAll(clients: ClientProcesses, expected: number, phase: string): Promise<void> {
  const got = await clients.drain(expected, 15_000);
  if (got !== expected) throw new Error(`${phase}: clients received ${got} of ${expected} deliveries`);
}

function report(runs: Run[]): void {
  const baseline = runs.find((run) => run.server === 'baseline')!;
  const embedded = runs.find((run) => run.server === 'embedded')!;
  const columns = (values: (string | number)[]) => values.map((value, i) => String(value).padStart(i === 0 ? 9 : 12)).join(' ');
  const percent = (share: number) => `${Math.round(share * 100)}%`;
  const cpuColumns = (cpu: CpuSplit) => `${[cpu.server, cpu.clients, cpu.trigger, cpu.other].map(percent).join('/')}`.padStart(20);
  console.log(`${columns(['server', 'p50 ms', 'p99 ms', 'p99.9 ms', 'max ms'])} ${'cpu s/c/t/other'.padStart(20)} ${columns(['deliveries/s', 'cpu µs/deliv'])} ${'cpu s/c/t/other'.padStart(20)} ${columns(['B/conn heap', 'B/conn rss'])}`);
  for (const run of runs) {
    const { latency: l, throughput: t } = run;
    console.log(`${columns([run.server, l.p50Ms, l.p99Ms, l.p999Ms, l.maxMs])} ${cpuColumns(l.cpu)} ${columns([t.deliveriesPerSecond, t.serverCpuMicrosecondsPerDelivery])} ${cpuColumns(t.cpu)} ${columns([run.bytesPerConnection, run.rssBytesPerConnection])}`);
  }
  console.log(
    '(latency phase, then throughput phase; cpu: server / clients / this process / everything else on the machine, in % of one core of two)',
  );
  // A baseline RSS that did not grow (few clients) gives no ratio rather than Infinity.
  const ratio = (ours: number, theirs: number) => (theirs > 0 ? round(ours / theirs, 3) : null);
  const ratios = {
    deliveries_per_s: ratio(embedded.throughput.deliveriesPerSecond, baseline.throughput.deliveriesPerSecond),
    p99_ms: ratio(embedded.latency.p99Ms, baseline.latency.p99Ms),
    server_cpu_per_delivery: ratio(embedded.throughput.serverCpuMicrosecondsPerDelivery, baseline.throughput.serverCpuMicrosecondsPerDelivery),
    bytes_per_connection: ratio(embedded.bytesPerConnection, baseline.bytesPerConnection),
  };
  const met = embedded.throughput.deliveriesPerSecond >= targets.deliveriesPerSecond && embedded.latency.p99Ms <= targets.p99Ms;
  console.log(`\nembedded ÷ baseline: deliveries/s ${ratios.deliveries_per_s}, p99 ${ratios.p99_ms}, server CPU per delivery ${ratios.server_cpu_per_delivery}, bytes/connection ${ratios.bytes_per_connection}`);
  const perCpuSecond = Math.round(1e6 / embedded.throughput.serverCpuMicrosecondsPerDelivery);
  console.log(`embedded server alone: ${perCpuSecond} deliveries per second of its own CPU (at most what one free core would carry)`);
  console.log(`targets (≥ ${targets.deliveriesPerSecond} deliveries/s, p99 ≤ ${targets.p99Ms} ms): ${met ? 'met' : 'MISSED'}`);
  const otherWork = Math.max(...runs.flatMap((run) => [run.latency.cpu.other, run.throughput.cpu.other]));
  if (otherWork > 0.2) {
    console.log(`note: other work on this machine used up to ${percent(otherWork)} of a core during a phase; the figures include waiting for CPU (run again on a quiet machine)`);
  }

  const results = {
    deliveries_per_s: embedded.throughput.deliveriesPerSecond,
    p50_ms: embedded.latency.p50Ms,
    p99_ms: embedded.latency.p99Ms,
    p999_ms: embedded.latency.p999Ms,
    bytes_per_connection: embedded.bytesPerConnection,
    rss_bytes_per_connection: embedded.rssBytesPerConnection,
    server_cpu_us_per_delivery: embedded.throughput.serverCpuMicrosecondsPerDelivery,
    server_deliveries_per_cpu_second: perCpuSecond,
    ratio_to_baseline: ratios,
    targets: { ...targets, met },
    other_cpu_max: otherWork,
    recordedAt: new Date().toISOString(),
    method: {
      clients: clientCount,
      clientProcesses: clientProcessCount,
      server: 'child process of its own (--expose-gc), 127.0.0.1',
      channels: channelCount,
      channelsPerClient: channelsOfClient(0).length,
      subscribersPerChannel: subscribers[0],
      latency: `sdk.trigger to one channel, ${latencyRate} events/s for ${latencySeconds}s after ${warmupSeconds}s warm-up; trigger time in the payload`,
      throughput: `sdk.triggerBatch of ${channelCount} events, at most ${batchesInFlight} batches undelivered; ${warmupSeconds}s warm-up, ${throughputSeconds}s counted`,
      memory: 'server heapUsed + external (and RSS) after GC, all clients subscribed minus none connected, per client',
      baseline: 'bare ws broadcast server, same clients and SDK calls (tests/bench/realtime/broadcastBaseline.ts)',
      cpus: cpus().length,
      node: process.version,
    },
    runs,
  };
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/realtime.json', `${JSON.stringify(results, null, 2)}\n`);
  console.log('written to bench-results/realtime.json');
}

await main();

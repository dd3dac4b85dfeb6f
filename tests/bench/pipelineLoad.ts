/**
 * The pipeline benchmark's load: closed-loop uploaders, and the moment each
 * document becomes Ready, heard as a NOTIFY on `readyChannel` at the commit
 * that makes it so. Two ways to load it (`waitForReady`):
 * - throughput: each uploader sends its next document as soon as the
 *   previous upload is answered, without waiting for Ready. Uploads are
 *   cheaper than the steps, so documents pile up in the first step's queue
 *   and the pipeline runs flat out: documents/s is its capacity, and a
 *   document's upload→Ready time is mostly its wait in that pile (it grows
 *   with the number of documents, not with anything the pipeline does).
 * - latency: each uploader waits for its document to be Ready before sending
 *   the next, as a program that uploads and then follows its document does:
 *   at most one document per uploader is in flight, and upload→Ready is the
 *   time the pipeline takes for it at that load.
 */
import pg from 'pg';
import { percentile, round } from './figures';
import { readyChannel } from './pipelineChannels';

/** Milliseconds since the epoch, with sub-millisecond precision: comparable with Postgres's timestamps. */
export const epochMs = () => performance.timeOrigin + performance.now();

/** One document's trip: when its upload began and was answered, and when it became Ready (epoch ms). */
export type Trip = { streamId: string; startedAt: number; answeredAt: number; readyAt: number };

/** Hears every Ready announcement on one connection, whether it comes before or after anyone waits for it. */
export class ReadyWatch {
  private readonly client: pg.Client;
  private readonly heard = new Map<string, number>();
  private readonly waiting = new Map<string, (at: number) => void>();

  constructor(connectionString: string) {
    this.client = new pg.Client({ connectionString });
  }

  async start(): Promise<void> {
    this.client.on('notification', ({ channel, payload }) => {
      if (channel !== readyChannel || !payload) return;
      const at = epochMs();
      const waiter = this.waiting.get(payload);
      if (waiter) {
        this.waiting.delete(payload);
        waiter(at);
      } else this.heard.set(payload, at);
    });
    await this.client.connect();
    await this.client.query(`listen ${readyChannel}`);
  }

  readyAt(streamId: string): Promise<number> {
    const at = this.heard.get(streamId);
    if (at !== undefined) return Promise.resolve(at);
    return new Promise((resolve) => this.waiting.set(streamId, resolve));
  }

  stop(): Promise<void> {
    return this.client.end();
  }
}

type Load = {
  documents: number;
  uploaders: number;
  /** Uploads document `seq` as `uploader`; resolves with its stream id once the upload is answered. */
  upload: (uploader: number, seq: number) => Promise<string>;
  watch: ReadyWatch;
  timeoutMs: number;
  /** Each uploader waits for its document to be Ready before the next (the latency load); otherwise only for the upload's answer. */
  waitForReady?: boolean;
};

/** Runs the load and waits for every document to be Ready (or fails after `timeoutMs`, saying how many were). */
export async function runLoad({ documents, uploaders, upload, watch, timeoutMs, waitForReady = false }: Load): Promise<Trip[]> {
  const trips: Promise<Trip>[] = [];
  let next = 0;
  let ready = 0;
  const uploading = Promise.all(
    Array.from({ length: uploaders }, async (_, uploader) => {
      while (next < documents) {
        const seq = next++;
        const startedAt = epochMs();
        const streamId = await upload(uploader, seq);
        const answeredAt = epochMs();
        const trip = watch.readyAt(streamId).then((readyAt) => {
          ready++;
          return { streamId, startedAt, answeredAt, readyAt };
        });
        trips.push(trip);
        if (waitForReady) await trip;
      }
    }),
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out: ${ready} of ${documents} documents Ready after ${timeoutMs / 1000}s`)), timeoutMs);
  });
  try {
    await Promise.race([uploading, timeout]);
    return await Promise.race([Promise.all(trips), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export type LoadFigures = { documents: number; seconds: number; docs_per_s: number; p50_ms: number; p95_ms: number; p99_ms: number; upload_p50_ms: number; upload_p95_ms: number };

/** Throughput from the first upload's start to the last Ready; latency from each upload's start to its Ready. */
export function figuresOf(trips: Trip[]): LoadFigures {
  const first = Math.min(...trips.map((trip) => trip.startedAt));
  const last = Math.max(...trips.map((trip) => trip.readyAt));
  const seconds = (last - first) / 1000;
  const latencies = trips.map((trip) => trip.readyAt - trip.startedAt).sort((a, b) => a - b);
  const answers = trips.map((trip) => trip.answeredAt - trip.startedAt).sort((a, b) => a - b);
  return {
    documents: trips.length,
    seconds: round(seconds, 2),
    docs_per_s: round(trips.length / seconds, 1),
    p50_ms: round(percentile(latencies, 0.5), 1),
    p95_ms: round(percentile(latencies, 0.95), 1),
    p99_ms: round(percentile(latencies, 0.99), 1),
    upload_p50_ms: round(percentile(answers, 0.5), 1),
    upload_p95_ms: round(percentile(answers, 0.95), 1),
  };
}

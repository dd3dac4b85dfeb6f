/**
 * Where a document's upload→Ready time goes, read from the event log the
 * way the timeline and the metrics read it: for each step, `run` is the
 * duration its WorkflowStepCompleted records, and `handoff` the time from
 * the previous step's work ending (or the upload's append, for the first
 * step) to this step's WorkflowStepStarted — commit, job completion, NOTIFY,
 * fetch, the ledger row. `upload` is the upload's start to its append,
 * `tail` the last step's work ending to Ready being heard.
 */
import pg from 'pg';
import { percentile, round } from './figures';
import type { Trip } from './pipelineLoad';

type Row = { stream_id: string; type: string; step: string | null; duration_ms: number | null; at: number };
type Spread = { p50_ms: number; p95_ms: number };
export type StepFigures = { upload: Spread; steps: Record<string, { handoff: Spread; run: Spread }>; tail: Spread };

export async function stepFiguresOf(ownerUrl: string, trips: Trip[]): Promise<StepFigures> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  let rows: Row[];
  try {
    ({ rows } = await client.query<Row>(
      `select stream_id, type, data->>'step' as step, (data->>'durationMs')::float8 as duration_ms,
              extract(epoch from recorded_at) * 1000 as at
         from events
        where stream_id = any($1) and type in ('DocumentUploadRequested', 'WorkflowStepStarted', 'WorkflowStepCompleted')
        order by position`,
      [trips.map((trip) => trip.streamId)],
    ));
  } finally {
    await client.end();
  }
  const byStream = new Map<string, Row[]>();
  for (const row of rows) byStream.set(row.stream_id, [...(byStream.get(row.stream_id) ?? []), row]);
  const samples = { upload: [] as number[], tail: [] as number[], steps: new Map<string, { handoff: number[]; run: number[] }>() };
  for (const trip of trips) {
    const history = byStream.get(trip.streamId) ?? [];
    const requested = history.find((row) => row.type === 'DocumentUploadRequested');
    if (!requested) continue;
    samples.upload.push(requested.at - trip.startedAt);
    let previousEnd = requested.at;
    // Steps after Ready (notify) are not part of the trip.
    for (const started of history.filter((row) => row.type === 'WorkflowStepStarted' && row.at < trip.readyAt)) {
      const completed = history.find((row) => row.type === 'WorkflowStepCompleted' && row.step === started.step);
      const step = samples.steps.get(started.step!) ?? { handoff: [], run: [] };
      samples.steps.set(started.step!, step);
      step.handoff.push(started.at - previousEnd);
      step.run.push(completed?.duration_ms ?? 0);
      previousEnd = started.at + (completed?.duration_ms ?? 0);
    }
    samples.tail.push(trip.readyAt - previousEnd);
  }
  return {
    upload: spread(samples.upload),
    steps: Object.fromEntries([...samples.steps].map(([name, step]) => [name, { handoff: spread(step.handoff), run: spread(step.run) }])),
    tail: spread(samples.tail),
  };
}

function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50_ms: round(percentile(sorted, 0.5), 1), p95_ms: round(percentile(sorted, 0.95), 1) };
}

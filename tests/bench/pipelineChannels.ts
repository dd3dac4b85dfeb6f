/** Names the pipeline benchmark and its baseline worker agree on. */

/** NOTIFY channel on which the moment a document is Ready is announced, with its stream id as payload. */
export const readyChannel = 'bench_ready';

/** The baseline's handler name for the workflow's step at `index` (its queue is `event-handler.<name>`). */
export const baselineQueue = (index: number) => `bench.hop${index}`;

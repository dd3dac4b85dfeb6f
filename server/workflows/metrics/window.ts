import { z } from 'zod';

/** The windows metrics are computed over: the last hour, day or week. */
export const metricsWindows = ['1h', '24h', '7d'] as const;
export const metricsWindowSchema = z.enum(metricsWindows);
export type MetricsWindow = z.output<typeof metricsWindowSchema>;

/** Each window's length and the width of its chart buckets (12, 24 and 28 buckets). */
const shapes: Record<MetricsWindow, { seconds: number; bucketSeconds: number }> = {
  '1h': { seconds: 3_600, bucketSeconds: 300 },
  '24h': { seconds: 86_400, bucketSeconds: 3_600 },
  '7d': { seconds: 604_800, bucketSeconds: 21_600 },
};

export function windowShape(window: MetricsWindow): { seconds: number; bucketSeconds: number; buckets: number } {
  const shape = shapes[window];
  return { ...shape, buckets: shape.seconds / shape.bucketSeconds };
}

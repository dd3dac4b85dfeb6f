import { realtimeChannels } from '../realtimeProbe';
import type { Metrics } from './registry';

export async function refreshRealtimeMetrics(target: Metrics, timeoutMs: number): Promise<void> {
  const { channels, subscriptions } = await realtimeChannels({ counts: true, timeoutMs });
  target.realtimeChannels.set(channels);
  target.realtimeSubscriptions.set(subscriptions);
}

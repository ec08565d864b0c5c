// The camera load's own metrics and their types, on their own so that the profile can check
// a threshold's metric without loading the load engine.
import type { MetricType, ValueKind } from '../load/metrics';

export const VIDEO_METRICS: Record<string, { type: MetricType; contains?: ValueKind }> = {
  write_latency: { type: 'trend', contains: 'time' },
  write_failed: { type: 'rate' },
  write_bytes: { type: 'counter', contains: 'data' },
  segments_acked: { type: 'counter' },
  segments_dropped: { type: 'counter' },
  read_latency: { type: 'trend', contains: 'time' },
  read_failed: { type: 'rate' },
  read_bytes: { type: 'counter', contains: 'data' },
  download_duration: { type: 'trend', contains: 'time' },
  download_failed: { type: 'rate' },
  recording_gaps: { type: 'counter' },
  recording_longest_gap: { type: 'trend', contains: 'time' },
  recording_completeness: { type: 'trend', contains: 'default' },
};

// Public surface of the load engine (k6 concepts, TypeScript, no k6).
export { runLoad, type RunLoadInput, type LoadResult, type Progress } from './engine';
export { IterationDropped, type DroppedIteration, type IterationContext, type IterationFn, type ScenarioStats } from './executors';
export { parseDuration, formatDuration, DurationError } from './duration';
export {
  parseLoadOptions,
  LoadOptionsError,
  type LoadOptions,
  type LoadOptionsInput,
  type Scenario,
  type ScenarioInput,
} from './scenario-schema';
export {
  MetricsRegistry,
  parseMetricSelector,
  selectorKey,
  type MetricsRecorder,
  type MetricHandle,
  type Sample,
  type Tags,
} from './metrics';
export {
  parseThresholdExpression,
  formatThresholdExpression,
  parseThresholds,
  evaluateThreshold,
  compare,
  ThresholdParseError,
  type ThresholdExpression,
  type ThresholdResult,
} from './thresholds';
export { buildSummary, renderTextSummary, type SummaryData } from './summary';
export { constantArrivals, rampingArrivals } from './arrivals';
export { phaseAt, phaseTags, type FaultWindow, type Phase, type PhaseInfo } from './phases';
export { recordingGaps, coveredIntervals, type AckedSegment, type CameraGaps, type GapReport } from './gaps';
export { FaultTimeline, faultWindowsOf, phaseLabel, phaseIntervals, type NamedFaultWindow, type PhaseInterval } from './fault-windows';

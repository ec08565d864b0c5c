// What the reference operations stack of a scenario looks like (sim/ops starts it):
// Prometheus + Alertmanager + the project's exporters and relay, and the outside world
// (DingTalk, WeChat Work, SMS, web webhook, SMTP) as recording mocks on loopback.
import type { Channel, MockMode } from '../outside/arrivals';

export type Severity = 'critical' | 'warning';
export type OpsPhase = 'faults' | 'fill';

export interface OpsSpec {
  scrapeSeconds: number;
  evaluationSeconds: number;
  groupWaitSeconds: number;
  groupIntervalSeconds: number;
  repeatIntervalSeconds: number;
  /** false = the no-grouping control: every alert its own group, re-sent every group interval */
  grouping: boolean;
  /** which channels each severity goes to (classification) */
  routes: Record<Severity, Channel[]>;
  /** false = the no-severity-routing control: one route, every severity to every channel of `routes` */
  severityRouting: boolean;
  /** the relay-drops control: the relay answers Alertmanager 200 for these channels and forwards nothing */
  relayDrops?: Channel[];
  /** a mock answering errors is the M5 control */
  channelModes: Partial<Record<Channel, MockMode>>;
  /** the predict_linear rule (false = the M3 control) */
  capacityRule: boolean;
  capacity: { horizonSeconds: number; windowSeconds: number; fillMaxSeconds: number; exhaustedBelowPercent: number; fileMiB: number };
  /** the faults phase: M5 + M6; the fill phase: M3 */
  phases: OpsPhase[];
  faults: {
    /** the M5 fault is re-injected for this long (de-duplication) */
    repeatSeconds: number;
    repeatEverySeconds: number;
    /** disks of one node that fail at once (merging) */
    mergeDisks: number;
    /** the maintenance window is applied as an Alertmanager silence (false = control) */
    maintenanceSilence: boolean;
    /** longest wait for a message at the channels */
    waitSeconds: number;
  };
}

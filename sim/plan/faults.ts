// Faults a scenario can schedule: what the nemesis (sim/nemesis/) performs. Declared in the
// engine so that sim/ never imports scenarios/; the seeded plans are in scenarios/faults.ts.

export type CrashMode = 'kill9' | 'hang' | 'power-loss';

export type FaultSpec =
  | {
      fault: 'disk-pull';
      /** a node name, or 'newest-chunk-holder': a node holding a copy of the newest acknowledged segment */
      node: string;
      /** a slot, or 'newest-chunks': the bay of that node holding the newest segment's chunk */
      slot: number | 'newest-chunks';
      outSeconds: number;
      /** put the same disk back, or a new blank one */
      reinsert: 'same' | 'blank';
    }
  | {
      fault: 'crash';
      /** a storage node's name, or 'master' */
      target: string;
      mode: CrashMode;
    }
  | {
      /** T5: EIO from the chunkserver's chunk I/O on one bay (sim/nemesis/io-errors.ts) */
      fault: 'io-errors';
      node: string;
      slot: number;
      /** burst: exactly `count` failed calls, then none; persistent: until the core ejects the disk */
      mode: 'burst' | 'persistent';
      count: number;
      /** longest wait for the burst to be used up / for the ejection */
      maxWaitSeconds: number;
      /** after a burst: how long the disk is watched for still being in service */
      observeSeconds: number;
    }
  | {
      /** T5: the twins' power-on telemetry (staggered spin-up, SIMULATED) */
      fault: 'spin-up-telemetry';
      /** configured: each node's own staggered policy; all-at-once: the control's misconfigured nodes */
      mode: 'configured' | 'all-at-once';
    };

export interface PlannedFault {
  id: string;
  atSeconds: number;
  fault: FaultSpec;
}

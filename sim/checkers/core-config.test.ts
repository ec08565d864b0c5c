// The core's configuration as it ran against what it ships: what differs is printed, and
// a verdict on a tuned core says so.
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../history';
import { acrossNodes, optionDifferences, parseCfg } from '../core/moosefs/cluster';
import { coreTuningOf, mergeTuning, tuningReason } from './core-config';

const SHIPPED = ['# DATA_PATH = /var/lib/mfs', '# REPLICATIONS_DELAY_INIT = 60', '# CHUNKS_LOOP_MIN_TIME = 300', 'not a setting'].join(
  '\n',
);

describe('core options that differ from the shipped defaults', () => {
  it('lists changed values as tuning and addresses or paths as site settings; equal values are left out', () => {
    const mine = parseCfg(
      'DATA_PATH = /var/lib/mfs\nREPLICATIONS_DELAY_INIT = 10\nCHUNKS_WRITE_REP_LIMIT = 4,4,1,4\nMASTER_HOST = 10.1.2.3\n',
      false,
    );
    expect(optionDifferences('mfsmaster.cfg', mine, parseCfg(SHIPPED, true))).toEqual([
      { file: 'mfsmaster.cfg', key: 'REPLICATIONS_DELAY_INIT', value: '10', shipped: '60', kind: 'tuning' },
      { file: 'mfsmaster.cfg', key: 'CHUNKS_WRITE_REP_LIMIT', value: '4,4,1,4', shipped: null, kind: 'tuning' },
      { file: 'mfsmaster.cfg', key: 'MASTER_HOST', value: '10.1.2.3', shipped: null, kind: 'site' },
    ]);
  });

  it("every storage node's options: one all share is listed once, one set on some nodes names them", () => {
    const o = (key: string, value: string) => ({ file: 'mfschunkserver.cfg', key, value, shipped: '0', kind: 'tuning' as const });
    const fsync = o('HDD_FSYNC_BEFORE_CLOSE', '1');
    expect(
      acrossNodes([
        { name: 'node1', options: [fsync, o('HDD_ERROR_TOLERANCE_COUNT', '1')] },
        { name: 'node2', options: [fsync] },
        { name: 'node3', options: [fsync, o('HDD_ERROR_TOLERANCE_COUNT', '1')] },
      ]),
    ).toEqual([fsync, { ...o('HDD_ERROR_TOLERANCE_COUNT', '1'), file: 'mfschunkserver.cfg (node1, node3)' }]);
    // runs merged: each option once, undefined when no run recorded any
    expect(mergeTuning([[fsync], undefined, [fsync, o('X', '2')]])).toEqual([fsync, o('X', '2')]);
    expect(mergeTuning([undefined, null])).toBeUndefined();
  });

  it('a verdict on a tuned core carries the options; an untuned core or an old history carries nothing', () => {
    const ev = (options: unknown[]) => [{ i: 0, wall: 0, mono: 0, virt: 0, kind: 'core.config', options }] as HistoryEvent[];
    const tuned = coreTuningOf(
      ev([
        { file: 'mfsmaster.cfg', key: 'REPLICATIONS_DELAY_INIT', value: '10', shipped: '60', kind: 'tuning' },
        { file: 'mfschunkserver.cfg', key: 'MASTER_HOST', value: 'x', shipped: 'mfsmaster', kind: 'site' },
      ]),
    );
    expect(tuningReason(tuned)).toBe(
      "reached with core options that differ from the core's shipped defaults: REPLICATIONS_DELAY_INIT = 10 (mfsmaster.cfg; shipped 60)",
    );
    expect(tuningReason(coreTuningOf(ev([])))).toBeNull();
    expect(coreTuningOf([])).toBeNull();
  });
});

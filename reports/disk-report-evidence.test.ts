// The T11 picture is drawn from the saved history: the disk the deep check found faulty, as
// HTML and PNG in the run's evidence folder; nothing when the scenario made no deep check.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../sim/history';
import { chromiumPath } from '../sim/console/browser';
import { diskReportEvidence } from './disk-report-evidence';

let i = 0;
const check = (round: string, slot: number, realloc: number, reportedGrade: string): HistoryEvent => ({
  i: i++,
  wall: 1,
  mono: i,
  virt: 0,
  kind: 'disk.check',
  round,
  check: round === 'deep' ? 'deep' : 'basic',
  node: 'node2',
  slot,
  serial: `TW${slot}`,
  model: 'TWIN-HDD',
  twinVirtualMs: Date.UTC(2025, 0, 1) + i * 86_400_000,
  responding: true,
  smartPassed: true,
  attributes: { 1: 0, 5: realloc, 9: 200, 12: 2, 174: 1, 191: 3, 194: 31, 197: 0, 198: 0, 199: 0 },
  missing: [],
  grade: null,
  reportedGrade,
});

describe('T11 evidence picture', () => {
  it('is absent when the history holds no deep check', async () => {
    expect(await diskReportEvidence(mkdtempSync(join(tmpdir(), 'dre-')), [check('day-1', 3, 0, 'healthy')])).toBeNull();
  });

  it.skipIf(!chromiumPath())('shows the faulty disk, not the first healthy one', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dre-'));
    const shot = await diskReportEvidence(dir, [check('deep', 3, 0, 'healthy'), check('deep', 7, 250, 'faulty')]);
    expect(shot).toMatchObject({ node: 'node2', slot: 7, serial: 'TW7', png: 'evidence/disk-health-node2-7.png' });
    expect(shot!.error).toBeUndefined();
    const png = readFileSync(join(dir, shot!.png!));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(existsSync(join(dir, shot!.html))).toBe(true);
    expect(readFileSync(join(dir, shot!.html), 'utf8')).toContain('TW7');
  });
});

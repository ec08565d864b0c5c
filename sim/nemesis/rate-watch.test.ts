// The wait on the write rate after a fault, fed a hand-made history: it returns once the rate
// has been back for the baseline, or at its bound, and never before its minimum.
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../history';
import { fullRateAfter, judgedSeconds } from '../heal/write-rate';
import { WriteRateWatch } from './rate-watch';

const RW = { fullRateFraction: 0.9, baselineSeconds: 10, rateWindowSeconds: 5 };

/** A history feed: one 1 MB ack a second, none from the fault at 20 s to gapTo; the observer's poll each second. */
function feed(o: { gapTo: number; until: number; powerBackAt?: number }) {
  let listener: (e: HistoryEvent) => void = () => undefined;
  const watch = new WriteRateWatch({ subscribe: (l) => ((listener = l), () => undefined) });
  let i = 0;
  const at = (mono: number, body: Record<string, unknown>) => listener({ i: i++, wall: mono, virt: mono, mono, ...body } as HistoryEvent);
  for (let t = 1000; t <= o.until; t += 1000) {
    if (t === 20_000) at(t, { kind: 'fault.start', id: 'f1', fault: 'crash:hang' });
    if (o.powerBackAt !== undefined && t === o.powerBackAt) at(t, { kind: 'heal.power-restored', id: 'f1' });
    if (t < 20_000 || t >= o.gapTo) at(t + 1, { kind: 'segment.write', outcome: 'ok', bytes: 1_000_000 });
    at(t + 2, { kind: 'core.nodes', nodes: [] });
  }
  return watch;
}

describe('the write rate after a fault', () => {
  it('is back at the first window reaching the fraction of the baseline; null with no baseline or no window', () => {
    const acks = Array.from({ length: 60 }, (_, k) => ({ mono: k * 1000 + 1, bytes: k >= 20 && k < 40 ? 0 : 1000 }));
    expect(fullRateAfter(acks, { faultMono: 20_000, fromMono: 20_000, untilMono: 60_000 }, RW)).toEqual({ baseline: 1, backS: 19.5 });
    expect(fullRateAfter(acks, { faultMono: 20_000, fromMono: 20_000, untilMono: 44_000 }, RW).backS).toBeNull();
    expect(fullRateAfter([], { faultMono: 20_000, fromMono: 20_000, untilMono: 60_000 }, RW)).toEqual({ baseline: 0, backS: null });
    // a watch until 44 s has judged the windows starting up to 39 s: 19 s after the fault
    expect(judgedSeconds(20_000, 44_000, RW)).toBe(19);
  });

  it('settles once the rate has been back for the baseline; counts a power loss from the power coming back', async () => {
    const back = feed({ gapTo: 30_000, until: 60_000 });
    expect(back.now('f1', RW)).toEqual({ fullRateS: 9.5, watchedS: 40.002, judgedS: 35.002, noBaseline: false });
    expect(await back.settle('f1', { ...RW, maxSeconds: 180, minSeconds: 0 })).toMatchObject({ fullRateS: 9.5, ended: 'rate back' });
    expect(feed({ gapTo: 30_000, until: 60_000, powerBackAt: 25_000 }).now('f1', RW)).toMatchObject({ fullRateS: 4.5, watchedS: 35.002 });
    // back, but not yet for the baseline after its first full window ends (9.5 + 5 + 10 s > 22 s watched)
    const recent = feed({ gapTo: 30_000, until: 42_000 });
    expect(recent.now('f1', RW)).toMatchObject({ fullRateS: 9.5, watchedS: 22.002 });
    const stop = new AbortController();
    expect(await recent.settle('f1', { ...RW, maxSeconds: 180, minSeconds: 0 }, () => stop.abort(), stop.signal)).toMatchObject({
      ended: 'stopped',
    });
    expect(back.now('other', RW)).toBeNull();
  });

  it('stops at its bound with the rate not back, and waits its minimum in any case', async () => {
    const never = feed({ gapTo: 999_000, until: 60_000 });
    expect(await never.settle('f1', { ...RW, maxSeconds: 30, minSeconds: 0 })).toMatchObject({ fullRateS: null, ended: 'bound' });
    // not recorded, or nothing written before it: nothing to wait for
    expect(await never.settle('other', { ...RW, maxSeconds: 180, minSeconds: 0 })).toMatchObject({ ended: 'fault not recorded' });
    const t0 = Date.now();
    const min = await feed({ gapTo: 21_000, until: 60_000 }).settle('f1', { ...RW, maxSeconds: 180, minSeconds: 1 });
    expect(min.waitedS).toBeGreaterThanOrEqual(1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
  });

  it('keeps waiting while the rate is down and the bound not reached', async () => {
    const down = feed({ gapTo: 999_000, until: 60_000 });
    const ticks: number[] = [];
    const stop = new AbortController();
    const r = await down.settle(
      'f1',
      { ...RW, maxSeconds: 180, minSeconds: 0 },
      (w) => {
        ticks.push(w);
        if (ticks.length === 2) stop.abort();
      },
      stop.signal,
    );
    expect(ticks.length).toBe(2);
    expect(r.fullRateS).toBeNull();
  });
});

// After the nemesis has waited for a fault's heal, the run waits until the cameras write at
// the pre-fault rate again (the T6 checker's definition, sim/heal/write-rate.ts) before the
// next fault: a master hang whose in-flight writes wait out the core's chunk lock can keep the
// rate down for minutes after the core itself healed, and a next fault would cut that short.
import type { HistoryEvent, HistoryWriter } from '../history';
import { fullRateAfter, judgedSeconds, type Ack, type RateWindows } from '../heal/write-rate';
import { sleep } from '../clock';

export interface RateSettle extends RateWindows {
  /** stop waiting this long after the fault (or the power's return): past it T6 FAILs anyway */
  maxSeconds: number;
}

export interface RateSettled {
  /** seconds from the fault (or the power's return) to the full rate; null: not within maxSeconds, or no rate before the fault */
  fullRateS: number | null;
  waitedS: number;
  /** why the wait ended */
  ended: 'rate back' | 'bound' | 'no rate before the fault' | 'fault not recorded' | 'stopped';
}

/** Follows the history from its creation: the acknowledged camera writes and each fault's start. */
export class WriteRateWatch {
  private readonly acks: Ack[] = [];
  private readonly faults = new Map<string, { start: number; from: number }>();
  private lastMono = 0;
  private readonly off: () => void;

  constructor(history: Pick<HistoryWriter, 'subscribe'>) {
    this.off = history.subscribe((e) => this.see(e));
  }

  private see(e: HistoryEvent): void {
    this.lastMono = e.mono;
    if (e.kind === 'segment.write' && e.outcome === 'ok') this.acks.push({ mono: e.mono, bytes: e.bytes ?? 0 });
    else if (e.kind === 'fault.start') this.faults.set(e.id, { start: e.mono, from: e.mono });
    // a node cannot heal without power: its recovery is counted from the power's return, as T6 counts it
    else if (e.kind === 'heal.power-restored') {
      const f = this.faults.get(e.id);
      if (f) f.from = e.mono;
    }
  }

  /**
   * Where fault `id` stands now (by the last recorded event): when the rate came back (null: not
   * yet), the seconds since the fault or the power's return, and the seconds of windows judged.
   */
  now(id: string, rw: RateWindows): { fullRateS: number | null; watchedS: number; judgedS: number; noBaseline: boolean } | null {
    const f = this.faults.get(id);
    if (!f) return null;
    const rate = fullRateAfter(this.acks, { faultMono: f.start, fromMono: f.from, untilMono: this.lastMono }, rw);
    return {
      fullRateS: rate.backS,
      watchedS: Math.max(0, this.lastMono - f.from) / 1000,
      judgedS: judgedSeconds(f.from, this.lastMono, rw),
      noBaseline: rate.baseline === 0,
    };
  }

  /**
   * Waits at least `minSeconds`, then until the rate has been back for `baselineSeconds` after
   * the end of its first full window (so that the next fault's baseline holds none of this
   * recovery), or until windows starting up to `maxSeconds` after the fault or the power's
   * return have been judged (past that T6 FAILs anyway). A fault not recorded, or without a
   * rate before it, is not waited for. Each second `tick` gets the seconds waited.
   */
  async settle(
    id: string,
    o: RateSettle & { minSeconds: number },
    tick?: (waitedS: number, fullRateS: number | null) => void,
    signal?: AbortSignal,
  ): Promise<RateSettled> {
    const t0 = performance.now();
    const waited = () => (performance.now() - t0) / 1000;
    // a wall-clock bound as well, should the history stop moving
    const wallBound = o.minSeconds + o.maxSeconds + o.rateWindowSeconds;
    for (;;) {
      const at = this.now(id, o);
      const rateHeld = at?.fullRateS != null && at.watchedS - (at.fullRateS + o.rateWindowSeconds) >= o.baselineSeconds;
      const nothingToWait = !at || at.noBaseline;
      const bounded = (at !== null && at.judgedS >= o.maxSeconds) || waited() >= wallBound;
      if (waited() >= o.minSeconds && (rateHeld || nothingToWait || bounded)) {
        const ended = rateHeld ? 'rate back' : !at ? 'fault not recorded' : at.noBaseline ? 'no rate before the fault' : 'bound';
        return { fullRateS: at?.fullRateS ?? null, waitedS: waited(), ended };
      }
      tick?.(waited(), at?.fullRateS ?? null);
      await sleep(1000, signal);
      if (signal?.aborted) return { fullRateS: at?.fullRateS ?? null, waitedS: waited(), ended: 'stopped' };
    }
  }

  stop(): void {
    this.off();
  }
}

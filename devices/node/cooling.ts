// Fans: 6 hot-swap fans, N+1 (T1), temperature-controlled speed. The fan wall pushes
// air over the disks; front rows meet it first, so rear rows run a little warmer.

export type FanState = 'ok' | 'failed' | 'removed';

export interface Fan {
  index: number;
  state: FanState;
  speedPercent: number;
  rpm: number;
}

/** Speed curve: 30% up to 25 C inlet, rising linearly to 100% at 39 C. */
export function baseSpeedPercent(inletC: number): number {
  return Math.min(100, Math.max(30, 30 + (inletC - 25) * 5));
}

/** The controller raises the remaining fans to keep the total airflow, up to 100%. */
export function fanSpeedPercent(inletC: number, working: number, total: number): number {
  if (working <= 0) return 0;
  return Math.min(100, (baseSpeedPercent(inletC) * total) / working);
}

/** Airflow as a share of all fans at full speed. */
export function airflowShare(inletC: number, working: number, total: number): number {
  return (working * fanSpeedPercent(inletC, working, total)) / (total * 100);
}

/**
 * Where a disk's temperature settles: inlet + 8 C of own dissipation + up to 20 C more as
 * airflow falls short of what the speed curve asks for + 1 C per row further back.
 * With all fans (or N+1 compensating) the shortfall is 0: ~33 C + row at a 25 C inlet.
 */
export function diskTargetTempC(inletC: number, working: number, total: number, row: number): number {
  const wanted = baseSpeedPercent(inletC) / 100;
  const shortfall = Math.max(0, 1 - airflowShare(inletC, working, total) / wanted);
  return inletC + 8 + 20 * shortfall + row;
}

/** full: one more can fail; lost: still enough, none to spare; insufficient: below the minimum */
export type Redundancy = 'full' | 'lost' | 'insufficient';

export function redundancy(working: number, minNeeded: number, total: number): Redundancy {
  if (working >= total && working > minNeeded) return 'full';
  return working >= minNeeded ? 'lost' : 'insufficient';
}

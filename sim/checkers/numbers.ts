// How the checkers round what they report and read a number a history holds, written once.

/** to one decimal (seconds named in reasons) */
export const r1 = (x: number): number => Math.round(x * 10) / 10;

/** to two decimals (figure values) */
export const r2 = (x: number): number => Math.round(x * 100) / 100;

/** a recorded value as a finite number, else null (a history holds what a run wrote, checked or not) */
export const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

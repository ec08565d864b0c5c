// A field trial's calendar: trial days are the buyer's calendar days (Beijing, UTC+8), day 1
// being the date the trial started; a moment belongs to the day its Beijing date falls on.
export const DAY_MS = 86_400_000;
export const BEIJING_MS = 8 * 3_600_000;

/** The Beijing calendar date (yyyy-mm-dd) of an epoch ms. */
export const beijingDate = (ms: number): string => new Date(ms + BEIJING_MS).toISOString().slice(0, 10);

/** 'yyyy-mm-dd hh:mm' in Beijing time, for messages. */
export const beijingMinute = (ms: number): string => new Date(ms + BEIJING_MS).toISOString().slice(0, 16).replace('T', ' ');

/** UTC midnight of a yyyy-mm-dd date: how the journal keeps the start (the reports print it as that date). */
export const dateMs = (date: string): number => Date.parse(`${date}T00:00:00Z`);

/** The trial day (from 1) a moment falls on; 0 or less: before the trial started. */
export const fieldDayOf = (startDate: string, ms: number): number => Math.round((dateMs(beijingDate(ms)) - dateMs(startDate)) / DAY_MS) + 1;

/** The date of trial day `day`. */
export const dateOfDay = (startDate: string, day: number): string =>
  new Date(dateMs(startDate) + (day - 1) * DAY_MS).toISOString().slice(0, 10);

/** The first moment of trial day `day` (00:00 Beijing). */
export const dayStartMs = (startDate: string, day: number): number => dateMs(startDate) + (day - 1) * DAY_MS - BEIJING_MS;

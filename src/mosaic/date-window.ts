/**
 * The compositing windows of build_mosaic's `date_ranges`, and which scene dates they take.
 * Three forms, mixed freely in one list, both ends inclusive:
 *
 * - `YYYY-MM-DD/YYYY-MM-DD`: those dates.
 * - `MM-DD/MM-DD`: those month-days in every year (RasterFlow's seasonal windows). A start
 *   after the end wraps the year end: `11-15/02-15` takes Nov 15 to Feb 15 of each winter.
 *   Month-day semantics: `03-01` is March 1 in every year, so `02-28/03-01` holds Feb 29 in
 *   leap years; `02-29` is allowed and matches leap days only.
 * - `D/D`: days of the year, 1 to 366, wrapping the same way. The day is the scene's day
 *   number in its own year: day 60 is Feb 29 in a leap year and Mar 1 otherwise, and day
 *   366 (Dec 31) exists in leap years only. Use month-days to pin calendar dates.
 *
 * Scene dates are UTC days (`MosaicScene.date`). A window's label is its text as given.
 */
import { InputError } from '../errors.js';
import type { TimeStep } from '../zarr/raster-cube.js';

/** A parsed window: plain data (it crosses to the bridge worker with the job). */
export type DateWindow =
  | { readonly kind: 'dates'; readonly label: string; readonly start: string; readonly end: string }
  | { readonly kind: 'month-day'; readonly label: string; readonly start: string; readonly end: string }
  | { readonly kind: 'day-of-year'; readonly label: string; readonly start: number; readonly end: number };

const FORMS = "Write 'YYYY-MM-DD/YYYY-MM-DD' (dates), 'MM-DD/MM-DD' (month-days, every year) or 'D/D' (days of year 1-366); a recurring window whose start is after its end wraps the year end";

// the longest month-day of each month, in a leap year (02-29 is a real month-day)
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * Parses one `date_ranges` entry.
 * @throws InputError naming the entry when it is none of the three forms, names a day that
 * does not exist (2023-02-29, 02-30, day 0 or 367), or is a date window ending before it starts.
 */
export function parseDateWindow(text: string): DateWindow {
  const label = text.trim();
  const bad = (why: string): never => {
    throw new InputError({ reason: `date range '${text}' ${why}`, hint: FORMS });
  };
  let m = /^(\d{4}-\d{2}-\d{2})\/(\d{4}-\d{2}-\d{2})$/.exec(label);
  if (m) {
    for (const d of [m[1], m[2]]) if (!isDate(d)) bad(`names ${d}, which is not a date`);
    if (m[2] < m[1]) bad('ends before it starts (a window of dates cannot wrap; use MM-DD/MM-DD for a season of every year)');
    return { kind: 'dates', label, start: m[1], end: m[2] };
  }
  m = /^(\d{2})-(\d{2})\/(\d{2})-(\d{2})$/.exec(label);
  if (m) {
    for (const [month, day] of [[m[1], m[2]], [m[3], m[4]]]) {
      const [mo, d] = [Number(month), Number(day)];
      if (mo < 1 || mo > 12) bad(`has month ${month}; months are 01 to 12`);
      if (d < 1 || d > MONTH_DAYS[mo - 1]) bad(`names ${month}-${day}, which is not a day: ${MONTHS[mo - 1]} has days 01 to ${MONTH_DAYS[mo - 1]}`);
    }
    return { kind: 'month-day', label, start: `${m[1]}-${m[2]}`, end: `${m[3]}-${m[4]}` };
  }
  m = /^(\d{1,3})\/(\d{1,3})$/.exec(label);
  if (m) {
    const [start, end] = [Number(m[1]), Number(m[2])];
    for (const d of [start, end]) if (d < 1 || d > 366) bad(`has day of year ${d}; days of year are 1 to 366`);
    return { kind: 'day-of-year', label, start, end };
  }
  return bad('is not a window');
}

/** True when the UTC date `date` (YYYY-MM-DD) falls in the window (in any year, for a recurring one). */
export function windowContains(w: DateWindow, date: string): boolean {
  switch (w.kind) {
    case 'dates':
      return date >= w.start && date <= w.end;
    case 'month-day':
      return recurringContains(date.slice(5, 10), w.start, w.end);
    case 'day-of-year':
      return recurringContains(dayOfYear(date), w.start, w.end);
  }
}

/** The window as a time step of the output cube: its dates when it has them, else its label. */
export function timeStepOf(w: DateWindow): TimeStep {
  return w.kind === 'dates' ? { start: w.start, end: w.end } : { label: w.label };
}

/** Day number of a UTC date in its year, 1 = January 1. */
export function dayOfYear(date: string): number {
  const year = Number(date.slice(0, 4));
  return (Date.UTC(year, Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) - Date.UTC(year, 0, 1)) / 86_400_000 + 1;
}

// a start after the end wraps the year end: [start, end of year] plus [start of year, end]
function recurringContains<T extends string | number>(value: T, start: T, end: T): boolean {
  return start <= end ? value >= start && value <= end : value >= start || value <= end;
}

function isDate(iso: string): boolean {
  const ms = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  return new Date(ms).toISOString().slice(0, 10) === iso;
}

/** build_mosaic's date windows: parsing, refusals, and which dates they take (hand-checked cases and a property against calendar arithmetic). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayOfYear, parseDateWindow, windowContains } from '../../src/mosaic/date-window.js';

const takes = (window: string, dates: readonly string[]) => dates.filter((d) => windowContains(parseDateWindow(window), d));

describe('parseDateWindow', () => {
  it('reads the three forms and keeps the text as the label', () => {
    expect(parseDateWindow(' 2024-04-01/2024-06-30 ')).toEqual({ kind: 'dates', label: '2024-04-01/2024-06-30', start: '2024-04-01', end: '2024-06-30' });
    expect(parseDateWindow('11-15/02-15')).toEqual({ kind: 'month-day', label: '11-15/02-15', start: '11-15', end: '02-15' });
    expect(parseDateWindow('060/90')).toEqual({ kind: 'day-of-year', label: '060/90', start: 60, end: 90 });
    expect(parseDateWindow('02-29/02-29').kind).toBe('month-day');
  });

  it.each([
    ['02-30/03-15', /'02-30\/03-15' names 02-30, which is not a day: February has days 01 to 29/],
    ['04-31/05-01', /April has days 01 to 30/],
    ['13-01/02-01', /has month 13; months are 01 to 12/],
    ['00-10/02-01', /has month 00/],
    ['0/10', /has day of year 0; days of year are 1 to 366/],
    ['10/367', /has day of year 367/],
    ['2023-02-29/2023-03-31', /names 2023-02-29, which is not a date/],
    ['2024-06-30/2024-04-01', /ends before it starts/],
    ['2024-05-01/06-30', /is not a window/],
    ['spring', /'spring' is not a window.*'MM-DD\/MM-DD'/],
  ])('refuses %s', (text, message) => {
    expect(() => parseDateWindow(text)).toThrow(message);
  });
});

describe('windowContains', () => {
  it('takes dates of a window of dates, both ends inclusive', () => {
    expect(takes('2024-05-01/2024-05-31', ['2024-04-30', '2024-05-01', '2024-05-31', '2024-06-01', '2023-05-10'])).toEqual(['2024-05-01', '2024-05-31']);
  });

  it('takes a month-day window in every year', () => {
    expect(takes('05-01/05-31', ['2023-05-01', '2023-05-31', '2023-06-01', '2024-04-30', '2024-05-15', '2031-05-31'])).toEqual(['2023-05-01', '2023-05-31', '2024-05-15', '2031-05-31']);
  });

  it('wraps a month-day window whose start is after its end across the year end', () => {
    const dates = ['2023-11-14', '2023-11-15', '2023-12-31', '2024-01-01', '2024-02-15', '2024-02-16', '2024-02-29', '2024-11-30', '2025-02-01'];
    expect(takes('11-15/02-15', dates)).toEqual(['2023-11-15', '2023-12-31', '2024-01-01', '2024-02-15', '2024-11-30', '2025-02-01']);
    expect(takes('12-31/01-01', ['2023-12-30', '2023-12-31', '2024-01-01', '2024-01-02'])).toEqual(['2023-12-31', '2024-01-01']);
  });

  it('gives month-days calendar meaning in leap years', () => {
    expect(takes('02-28/03-01', ['2023-02-28', '2023-03-01', '2024-02-28', '2024-02-29', '2024-03-01', '2024-03-02'])).toEqual(['2023-02-28', '2023-03-01', '2024-02-28', '2024-02-29', '2024-03-01']);
    expect(takes('02-29/02-29', ['2023-02-28', '2023-03-01', '2024-02-29'])).toEqual(['2024-02-29']);
    expect(takes('03-01/03-01', ['2023-03-01', '2024-02-29', '2024-03-01'])).toEqual(['2023-03-01', '2024-03-01']);
  });

  it('counts days of year in the scene\'s own year: day 60 is Feb 29 in a leap year, day 366 only exists then', () => {
    expect(takes('60/60', ['2023-03-01', '2024-02-29', '2024-03-01'])).toEqual(['2023-03-01', '2024-02-29']);
    expect(takes('366/366', ['2023-12-31', '2024-12-30', '2024-12-31'])).toEqual(['2024-12-31']);
    expect(takes('1/366', ['2023-01-01', '2023-12-31', '2024-12-31'])).toEqual(['2023-01-01', '2023-12-31', '2024-12-31']);
  });

  it('wraps a day-of-year window across the year end', () => {
    expect(takes('350/10', ['2023-12-15', '2023-12-16', '2024-01-10', '2024-01-11', '2024-12-15', '2024-12-31'])).toEqual(['2023-12-16', '2024-01-10', '2024-12-15', '2024-12-31']);
    expect(takes('365/1', ['2023-12-30', '2023-12-31', '2024-01-01', '2024-01-02', '2024-12-30', '2024-12-31'])).toEqual(['2023-12-31', '2024-01-01', '2024-12-30', '2024-12-31']);
  });

  it('takes a month-day window exactly when some year has that stretch of the calendar holding the date', () => {
    const DAY = 86_400_000;
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    // any month-day but 02-29 (which has no date in most years), from a date in 2001
    const monthDay = fc.integer({ min: 0, max: 364 }).map((d) => iso(Date.UTC(2001, 0, 1) + d * DAY).slice(5));
    const date = fc.integer({ min: 0, max: 365 * 30 }).map((d) => iso(Date.UTC(2000, 0, 1) + d * DAY));
    fc.assert(fc.property(monthDay, monthDay, date, (start, end, d) => {
      const year = Number(d.slice(0, 4));
      const wraps = start > end;
      // the stretch that starts in year y (and ends in y + 1 when it wraps), for the years that can hold d
      const holds = [year - 1, year].some((y) => {
        const from = Date.parse(`${y}-${start}`);
        const to = Date.parse(`${wraps ? y + 1 : y}-${end}`);
        return Date.parse(d) >= from && Date.parse(d) <= to;
      });
      expect(windowContains(parseDateWindow(`${start}/${end}`), d)).toBe(holds);
    }), { numRuns: 2000 });
  });
});

describe('dayOfYear', () => {
  it('numbers days from January 1, leap days included', () => {
    expect([dayOfYear('2023-01-01'), dayOfYear('2023-03-01'), dayOfYear('2024-03-01'), dayOfYear('2023-12-31'), dayOfYear('2024-12-31')]).toEqual([1, 60, 61, 365, 366]);
  });
});

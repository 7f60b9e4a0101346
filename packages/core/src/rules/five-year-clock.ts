import type { Cents } from "./money/cents.js";

/**
 * Roth five-year clocks and the dates they run on. Dates are plain ISO strings (YYYY-MM-DD) and all
 * arithmetic is on calendar days, so nothing here reads a clock or depends on a time zone.
 */

export class DateError extends Error {
  override readonly name = "DateError";
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses a YYYY-MM-DD date, rejecting impossible dates such as 2026-02-30. */
export function parseIsoDate(text: string): DateParts {
  const match = ISO_DATE.exec(text);
  if (!match) throw new DateError(`not a date written YYYY-MM-DD: "${text}"`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new DateError(`not a calendar date: "${text}"`);
  }
  return { year, month, day };
}

export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Days since 1970-01-01 (proleptic Gregorian); Date.UTC is pure arithmetic, not a clock read. */
function dayNumber(date: string): number {
  const { year, month, day } = parseIsoDate(date);
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

export function addDays(date: string, days: number): string {
  const d = new Date((dayNumber(date) + days) * 86_400_000);
  return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function calendarYearOf(date: string): number {
  return parseIsoDate(date).year;
}

/**
 * The date a person born on `birthDate` attains age 59½: six calendar months after the 59th birthday,
 * clamped to the month's last day when that month is shorter (born Aug 31 → Feb 28/29).
 */
// IRC §72(t)(2)(A)(i)
export function dateAttaining59AndAHalf(birthDate: string): string {
  const { year, month, day } = parseIsoDate(birthDate);
  const monthIndex = month - 1 + 6;
  const y = year + 59 + Math.floor(monthIndex / 12);
  const m = (monthIndex % 12) + 1;
  return isoDate(y, m, Math.min(day, daysInMonth(y, m)));
}

/** A five-taxable-year period: it starts on Jan 1 of the first year and ends on Dec 31 of the fifth. */
export interface FiveYearPeriod {
  readonly firstYear: number;
  readonly startsOn: string;
  readonly endsOn: string;
  /** The first year in which a distribution is outside the period. */
  readonly firstYearAfter: number;
}

export function fiveTaxableYearPeriod(firstYear: number): FiveYearPeriod {
  return {
    firstYear,
    startsOn: isoDate(firstYear, 1, 1),
    endsOn: isoDate(firstYear + 4, 12, 31),
    firstYearAfter: firstYear + 5,
  };
}

/**
 * Whether a distribution in `distributionYear` falls inside the five-taxable-year period that begins on
 * Jan 1 of `firstYear`: a conversion's 10% recapture clock, an IRR's recapture clock, or the Roth IRA's
 * qualified-distribution clock.
 */
// IRC §408A(d)(3)(F); §408A(d)(2)(B); Notice 2010-84 Q&A-12 (in-plan Roth rollovers)
export function isWithinFiveTaxableYears(firstYear: number, distributionYear: number): boolean {
  return distributionYear >= firstYear && distributionYear < firstYear + 5;
}

/** One conversion's own clock, as the saver should track it. */
export interface ConversionClock {
  readonly conversionYear: number;
  /** The part of the conversion that was taxable: the only part a 10% recapture can reach. */
  readonly taxableAmount: Cents;
  readonly period: FiveYearPeriod;
}

/** Each conversion (or plan-to-Roth-IRA rollover, or IRR) starts its own five-year clock on Jan 1 of its year. */
// IRC §408A(d)(3)(F); Treas. Reg. 1.408A-6 Q&A-5(c)
export function conversionClock(conversionYear: number, taxableAmount: Cents): ConversionClock {
  return { conversionYear, taxableAmount, period: fiveTaxableYearPeriod(conversionYear) };
}

import { allocateEvenly } from "../money/allocate.js";
import type { Cents } from "../money/cents.js";

/** One paycheck of the year: its number (1-based, in date order), pay date, gross pay and whether it is a bonus. */
export interface Paycheck {
  readonly n: number;
  readonly date: string;
  readonly gross: Cents;
  readonly bonus: boolean;
}

export type PayFrequency = "weekly" | "biweekly" | "semimonthly" | "monthly";

/** Nominal paychecks a year: salary per paycheck is salary ÷ this, whatever the calendar holds (26 in a 27-pay year). */
export const PERIODS_PER_YEAR: Readonly<Record<PayFrequency, number>> = {
  weekly: 52,
  biweekly: 26,
  semimonthly: 24,
  monthly: 12,
};

const DAY_MS = 86_400_000;

function dayNumber(date: string): number {
  const [y, m, d] = date.split("-").map(Number);
  return Date.UTC(y!, m! - 1, d!) / DAY_MS;
}

function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** The first Friday of the year: the default first payday of a weekly or biweekly calendar. */
export function firstFriday(year: number): string {
  const jan1 = dayNumber(`${year}-01-01`);
  const weekday = new Date(jan1 * DAY_MS).getUTCDay();
  return isoDate(jan1 + ((5 - weekday + 7) % 7));
}

/**
 * Pay dates in the year: every 7 or 14 days from the first payday (so a biweekly year has 26 or 27), the 15th
 * and last day of each month (semi-monthly), or the last day of each month (monthly).
 */
export function payDates(year: number, frequency: PayFrequency, firstPayDate?: string): string[] {
  if (frequency === "weekly" || frequency === "biweekly") {
    const step = frequency === "weekly" ? 7 : 14;
    const first = dayNumber(firstPayDate ?? firstFriday(year));
    const end = dayNumber(`${year}-12-31`);
    const dates: string[] = [];
    for (let day = first; day <= end; day += step) dates.push(isoDate(day));
    return dates;
  }
  const dates: string[] = [];
  const pad = (n: number) => String(n).padStart(2, "0");
  for (let month = 0; month < 12; month++) {
    const last = `${year}-${pad(month + 1)}-${pad(lastDayOfMonth(year, month))}`;
    if (frequency === "semimonthly") dates.push(`${year}-${pad(month + 1)}-15`);
    dates.push(last);
  }
  return dates;
}

export interface SalaryPay {
  readonly salary: Cents;
  readonly frequency: PayFrequency;
  readonly firstPayDate?: string;
  readonly startDate?: string;
  readonly bonuses: readonly { readonly date: string; readonly amount: Cents }[];
}

/**
 * The year's paychecks from a salary: salary ÷ nominal periods per paycheck, split to the cent with the
 * leftover cents on the earliest paychecks (allocateEvenly); an extra 27th/53rd paycheck gets the base amount.
 * Bonuses are separate paychecks on their dates. Paychecks before `startDate` (a mid-year start) are dropped.
 */
export function salaryPaychecks(year: number, pay: SalaryPay): Paycheck[] {
  const nominal = PERIODS_PER_YEAR[pay.frequency];
  const split = allocateEvenly(pay.salary, nominal);
  const base = split[nominal - 1]!;
  const regular = payDates(year, pay.frequency, pay.firstPayDate).map((date, i) => ({
    date,
    gross: split[i] ?? base,
    bonus: false,
  }));
  const bonuses = pay.bonuses.map((b) => ({ date: b.date, gross: b.amount, bonus: true }));
  return numberPaychecks([...regular, ...bonuses].filter((p) => !pay.startDate || p.date >= pay.startDate));
}

/** Puts paychecks in date order (a regular paycheck before a bonus paid the same day) and numbers them from 1. */
export function numberPaychecks(list: readonly { date: string; gross: Cents; bonus: boolean }[]): Paycheck[] {
  return [...list]
    .sort((a, b) => (a.date === b.date ? Number(a.bonus) - Number(b.bonus) : a.date < b.date ? -1 : 1))
    .map((p, i) => ({ n: i + 1, date: p.date, gross: p.gross, bonus: p.bonus }));
}

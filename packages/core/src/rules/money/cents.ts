/**
 * Money as integer cents in a safe-integer number, behind a brand so a dollar float cannot pass for it.
 * Every amount a user sees or that is summed is a `Cents`.
 */
export type Cents = number & { readonly __brand: "Cents" };

export const ZERO = 0 as Cents;

export class MoneyError extends Error {
  override readonly name = "MoneyError";
}

/** Wraps an integer number of cents; throws on fractions, NaN and unsafe integers. */
export function cents(n: number): Cents {
  if (!Number.isSafeInteger(n)) throw new MoneyError(`not a whole number of cents: ${n}`);
  return n as Cents;
}

const DOLLAR_PATTERN = /^(-)?\$?((?:\d{1,3}(?:,\d{3})+|\d+))(?:\.(\d{1,2}))?$/;

/**
 * Parses a dollar amount written as text ("1,234.56", "$15000", "0.5") exactly, without passing through a float.
 * @example parseDollars("1,234.56") === 123456
 */
export function parseDollars(text: string): Cents {
  const match = DOLLAR_PATTERN.exec(text.trim());
  if (!match) throw new MoneyError(`not a dollar amount with at most 2 decimals: "${text}"`);
  const [, sign, whole = "0", fraction = ""] = match;
  const value = Number(whole.replaceAll(",", "")) * 100 + Number(fraction.padEnd(2, "0"));
  return cents(sign ? -value : value);
}

/**
 * Converts a dollar amount given as a JSON number (e.g. 1582.5) to cents. The number's shortest decimal
 * representation is parsed, so 0.1 + 0.2-style noise is rejected rather than rounded away.
 */
export function dollarsToCents(dollars: number): Cents {
  if (!Number.isFinite(dollars)) throw new MoneyError(`not a finite dollar amount: ${dollars}`);
  const text = String(dollars);
  if (/e/i.test(text)) throw new MoneyError(`dollar amount out of range: ${dollars}`);
  return parseDollars(text);
}

/** Dollars as a JSON number, exact to the cent (cents / 100 is the nearest double to the decimal). */
export function centsToDollars(amount: Cents): number {
  return amount / 100;
}

/** "$1,234.56" / "-$5.00". */
export function formatUsd(amount: Cents): string {
  const negative = amount < 0;
  const abs = Math.abs(amount);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const fraction = (abs % 100).toString().padStart(2, "0");
  return `${negative ? "-" : ""}$${whole}.${fraction}`;
}

export function add(...amounts: Cents[]): Cents {
  let total = 0;
  for (const a of amounts) total += a;
  return cents(total);
}

export function sum(amounts: Iterable<Cents>): Cents {
  let total = 0;
  for (const a of amounts) total += a;
  return cents(total);
}

export function sub(a: Cents, b: Cents): Cents {
  return cents(a - b);
}

export function minCents(...amounts: Cents[]): Cents {
  return Math.min(...amounts) as Cents;
}

export function maxCents(...amounts: Cents[]): Cents {
  return Math.max(...amounts) as Cents;
}

/** max(0, a) — used where the law says "not less than zero". */
export function nonNegative(a: Cents): Cents {
  return (a < 0 ? 0 : a) as Cents;
}

export function wholeDollars(dollars: number): Cents {
  return cents(dollars * 100);
}

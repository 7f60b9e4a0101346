import { type Cents, dollarsToCents, formatUsd, MoneyError, parseDollars } from "../rules/money/cents.js";

const MINT = Symbol("megaroth.Money");

/**
 * An amount of money in the checked API: exact integer cents behind a frozen object, so a plain number can never
 * pass for money (is `300000` dollars or cents?). Make one with {@link dollars} or {@link cents}; every money
 * field of a result is one.
 *
 * - `.cents` — the integer number of cents (`dollars("1,234.56").cents === 123456`)
 * - `.dollars` — a JavaScript number of dollars, exact to the cent (`1234.56`)
 * - `toString()` — `"$1,234.56"` (negative: `"-$5.00"`)
 * - `toJSON()` — the dollars number, so `JSON.stringify` writes money as megaroth's `--json` output does
 */
export class Money {
  /** The amount in integer cents (a safe integer). */
  readonly cents: number;

  /** @internal Use {@link dollars} or {@link cents}. */
  constructor(token: symbol, amount: number) {
    if (token !== MINT) throw new TypeError("make money with dollars(…) or cents(…)");
    this.cents = amount;
    Object.freeze(this);
  }

  /** Dollars as a JavaScript number, exact to the cent (the nearest double to the decimal amount). */
  get dollars(): number {
    return this.cents / 100;
  }

  /** `"$35,500.00"`. */
  toString(): string {
    return formatUsd(this.cents as Cents);
  }

  /** The dollars number: `JSON.stringify({ room })` gives `{"room":35500}`. */
  toJSON(): number {
    return this.dollars;
  }

  /** Refuses to be used as a number (`money + 1`, `money > 0`): compare `.cents`. */
  [Symbol.toPrimitive](hint: string): string {
    if (hint === "string") return this.toString();
    throw new TypeError(`${this.toString()} is Money: use .cents or .dollars to do arithmetic`);
  }

  /** True for the same amount. */
  equals(other: Money): boolean {
    return other instanceof Money && other.cents === this.cents;
  }
}
Object.freeze(Money.prototype);

/** @internal Money from the typed rules' cents. */
export function fromCents(amount: Cents | number): Money {
  return new Money(MINT, amount);
}

/** Whether `value` is a {@link Money} made by {@link dollars} or {@link cents}. */
export function isMoney(value: unknown): value is Money {
  return value instanceof Money;
}

/**
 * Money from dollars: text `"1,234.56"`, `"$15000"`, `"-5"` (at most 2 decimals, parsed exactly, never through a
 * float), or a number of dollars with at most 2 decimals (`1234.56`).
 * @throws MoneyError for anything else (`1.005`, `NaN`, `"12 dollars"`).
 * @example dollars("1,234.56").cents === 123456
 */
export function dollars(amount: string | number): Money {
  if (typeof amount === "string") return fromCents(parseDollars(amount));
  if (typeof amount === "number") return fromCents(dollarsToCents(amount));
  throw new MoneyError(`dollars(…) takes a number or a text amount, got ${describeValue(amount)}`);
}

/**
 * Money from a whole number of cents: `cents(123456)` is $1,234.56.
 * @throws MoneyError for fractions, NaN and unsafe integers.
 */
export function cents(amount: number): Money {
  if (typeof amount !== "number" || !Number.isSafeInteger(amount))
    throw new MoneyError(`cents(…) takes a whole number of cents, got ${describeValue(amount)}`);
  return fromCents(amount);
}

/** "the number 300000", "the string \"3\"", "nothing": how an error names what it was given. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "number") return `the number ${value}`;
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  if (typeof value === "bigint") return `the bigint ${value}`;
  if (typeof value === "boolean") return `${value}`;
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

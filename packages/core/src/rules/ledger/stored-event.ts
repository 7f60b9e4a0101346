import {
  ACCOUNT_ID_PATTERN,
  ACCOUNT_KINDS,
  contributionDateProblem,
  EARLIEST_DATE,
  LATEST_DATE,
  type LedgerEvent,
  MAX_AMOUNT,
  validateEvent,
} from "./events.js";

/**
 * The fast path for events read back from storage: the same checks as `LedgerEventSchema` written out by
 * hand for the shapes the schema accepts, building the same object (same keys, same order, unknown keys
 * dropped). It never accepts what the schema refuses: anything it is not sure of returns null, and
 * `checkStoredEvent` then asks the schema itself, which gives the result and the message. A property test
 * (test/ledger/stored-event.test.ts) checks both paths agree on valid and damaged events.
 */

type Obj = Record<string, unknown>;

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
const CODE_SHAPE = /^[1-9A-Z]{1,2}$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;
const KINDS: ReadonlySet<unknown> = new Set(ACCOUNT_KINDS);

/** Dates already found valid (a ledger repeats few thousand dates over many events). */
const goodDates = new Set<string>();

function isDate(d: unknown): d is string {
  if (typeof d !== "string") return false;
  if (goodDates.has(d)) return true;
  if (!DATE_SHAPE.test(d) || d < EARLIEST_DATE || d > LATEST_DATE) return false;
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(5, 7));
  const day = Number(d.slice(8, 10));
  const t = new Date(Date.UTC(y, m - 1, day));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== day) return false;
  if (goodDates.size < 100_000) goodDates.add(d);
  return true;
}

const isAccount = (a: unknown): a is string => typeof a === "string" && ACCOUNT_ID_PATTERN.test(a);
const isCents = (n: unknown, min: number): n is number =>
  Number.isSafeInteger(n) && (n as number) >= min && (n as number) <= MAX_AMOUNT;
const isPositive = (n: unknown): n is number => isCents(n, 1);
const isNonNegative = (n: unknown): n is number => isCents(n, 0);
const isSigned = (n: unknown): n is number => isCents(n, -MAX_AMOUNT);
const isNullOr = (n: unknown, check: (x: unknown) => boolean) => n === null || check(n);
const isTaxYear = (n: unknown): n is number =>
  Number.isInteger(n) && (n as number) >= 1974 && (n as number) <= 2100;

/** type, date, account and (when present and valid) note, in the schema's order; null if any is wrong. */
function head(e: Obj): Obj | null {
  if (!isDate(e.date) || !isAccount(e.account)) return null;
  const out: Obj = { type: e.type, date: e.date, account: e.account };
  if ("note" in e) {
    const note = e.note;
    if (note === undefined) return null;
    if (typeof note !== "string" || note.length < 1 || note.length > 200 || !NO_CONTROL.test(note))
      return null;
    out.note = note;
  }
  return out;
}

function fast(e: Obj): Obj | null {
  const out = head(e);
  if (out === null) return null;
  switch (e.type) {
    case "open":
      if (!KINDS.has(e.kind)) return null;
      out.kind = e.kind;
      return out;
    case "after-tax-contribution":
    case "employer-contribution":
    case "distribution":
      if (!isPositive(e.amount)) return null;
      out.amount = e.amount;
      return out;
    case "in-plan-roth-conversion":
    case "roth-ira-conversion":
      if (!isPositive(e.amount) || !isAccount(e.toAccount)) return null;
      out.amount = e.amount;
      out.toAccount = e.toAccount;
      return out;
    case "rollover": {
      const list = e.destinations;
      if (!isPositive(e.amount) || !Array.isArray(list) || list.length < 1 || list.length > 2) return null;
      const destinations: Obj[] = [];
      let sum = 0;
      for (const d of list as unknown[]) {
        if (!d || typeof d !== "object") return null;
        const { account, amount } = d as Obj;
        if (!isAccount(account) || !isPositive(amount)) return null;
        destinations.push({ account, amount });
        sum += amount;
      }
      if (sum > e.amount) return null;
      out.amount = e.amount;
      out.destinations = destinations;
      return out;
    }
    case "nondeductible-ira-contribution":
    case "roth-ira-contribution":
      if (!isPositive(e.amount) || !isTaxYear(e.taxYear)) return null;
      if (contributionDateProblem(out.date as string, e.taxYear) !== null) return null;
      out.amount = e.amount;
      out.taxYear = e.taxYear;
      return out;
    case "statement-balance":
      if (!isNonNegative(e.amount) || !("basis" in e) || !("earnings" in e)) return null;
      if (!isNullOr(e.basis, isNonNegative) || !isNullOr(e.earnings, isSigned)) return null;
      out.amount = e.amount;
      out.basis = e.basis;
      out.earnings = e.earnings;
      return out;
    case "year-end-value":
      if (!isNonNegative(e.amount) || (out.date as string).slice(5) !== "12-31") return null;
      out.amount = e.amount;
      return out;
    case "1099-r": {
      const { amount, taxable, basis, code } = e;
      if (!isTaxYear(e.taxYear) || !isNonNegative(amount) || !("taxable" in e) || !("basis" in e))
        return null;
      if (!isNullOr(taxable, isNonNegative) || !isNullOr(basis, isNonNegative)) return null;
      if (typeof code !== "string" || !CODE_SHAPE.test(code)) return null;
      if (
        (taxable !== null && (taxable as number) > amount) ||
        (basis !== null && (basis as number) > amount)
      )
        return null;
      out.taxYear = e.taxYear;
      out.amount = amount;
      out.taxable = taxable;
      out.basis = basis;
      out.code = code;
      return out;
    }
    case "form-8606":
      if (!isTaxYear(e.taxYear) || !isNonNegative(e.amount)) return null;
      out.taxYear = e.taxYear;
      out.amount = e.amount;
      return out;
    default:
      return null; // a type this path does not know: the schema decides
  }
}

/**
 * Checks one stored event (parsed JSON) as `validateEvent` does, quickly for the usual shapes: the event, or
 * the schema's issues when it is not a valid event.
 */
export function checkStoredEvent(input: unknown): ReturnType<typeof validateEvent> {
  if (input && typeof input === "object" && !Array.isArray(input)) {
    const event = fast(input as Obj);
    if (event !== null) return { event: event as LedgerEvent, issues: [] };
  }
  return validateEvent(input);
}

/** Only the fast path (null when it is not sure): for the property test that compares it with the schema. */
export function fastStoredEvent(input: unknown): LedgerEvent | null {
  return input && typeof input === "object" && !Array.isArray(input)
    ? (fast(input as Obj) as LedgerEvent | null)
    : null;
}

import * as v from "valibot";
import type { Cents } from "../rules/money/cents.js";
import { type BasisPoints, parsePercent } from "../rules/money/percent.js";
import type { Rational } from "../rules/money/rational.js";
import { FILING_STATUSES, type FilingStatus } from "../rules/tax-year.js";
import { describeValue, fromCents, isMoney, type Money } from "./money.js";

/**
 * The checked API's boundary: every public function checks its whole input with valibot before calling the
 * typed rules, and throws one {@link InputError} naming every field that is missing or of the wrong kind.
 */

/** One problem with an input: the field's path (`contributions[2].amount`) and what was wrong. */
export interface InputIssue {
  readonly path: string;
  readonly message: string;
}

/** Bad input to a checked function: every problem, each naming its field. */
export class InputError extends TypeError {
  override readonly name = "InputError";
  readonly issues: readonly InputIssue[];
  constructor(fn: string, issues: readonly InputIssue[]) {
    super(`${fn}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ")}`);
    this.issues = issues;
  }
}

function pathOf(issue: v.BaseIssue<unknown>): string {
  let out = "";
  for (const item of issue.path ?? []) {
    const key = item.key;
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** Checks `input` against `schema`; throws an InputError listing every problem, else returns the parsed value. */
export function checkInput<S extends v.GenericSchema>(
  fn: string,
  schema: S,
  input: unknown,
): v.InferOutput<S> {
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  if (result.success) return result.output;
  throw new InputError(
    fn,
    result.issues.map((issue) => ({ path: pathOf(issue), message: issue.message })),
  );
}

const expected = (what: string) => (issue: v.BaseIssue<unknown>) =>
  `expected ${what}, got ${describeValue(issue.input)}`;

/** An input object: unknown fields are refused (a typo must not be ignored in silence). */
export const input = <T extends v.ObjectEntries>(entries: T) =>
  v.strictObject(entries, (issue) => {
    if (issue.expected === "never") return "is not a field this function takes";
    const key = issue.path?.at(-1)?.key;
    if (issue.input === undefined && typeof key === "string" && key in entries) {
      // A missing field: say what it takes, as its own schema would for a wrong value.
      const what = v.safeParse(entries[key]!, undefined);
      const message = what.success ? "" : (what.issues[0]?.message ?? "");
      return `is missing${message ? `: ${message.replace(/, got nothing$/, "")}` : ""}`;
    }
    return `expected an object, got ${describeValue(issue.input)}`;
  });

/** Money given with dollars(…) or cents(…); converted to the typed rules' Cents. */
export const money = v.pipe(
  v.custom<Money>(isMoney, expected("dollars(…) or cents(…)")),
  v.transform((m) => m.cents as Cents),
);

/** Money that must not be negative. */
export const amount = v.pipe(
  money,
  v.check((c) => c >= 0, "must be 0 or more"),
);

/** Money 0 or more that may be left out (the rule then uses $0). */
export const optionalAmount = v.optional(amount);

/** Zero cents, for an optional amount left out. */
export const NONE = 0 as Cents;

/** A percentage written as text with a % sign ("24%", "-1.5%"), to at most 2 decimals; as basis points. */
export const percent = v.pipe(
  v.string(expected('a percentage as text, e.g. "6%"')),
  v.regex(/%\s*$/, 'expected a percentage as text with a % sign, e.g. "6%"'),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    try {
      return parsePercent(dataset.value);
    } catch (e) {
      addIssue({ message: (e as Error).message });
      return NEVER;
    }
  }),
);

/** A non-negative percentage. */
export const rate = v.pipe(
  percent,
  v.check((bp: BasisPoints) => bp >= 0, "must be 0% or more"),
);

export const year = v.pipe(
  v.number(expected("a tax year such as 2026")),
  v.integer(expected("a whole year such as 2026")),
);

export const age = v.pipe(
  v.number(expected("an age in years")),
  v.minValue(0, "must be 0 or more"),
  v.maxValue(130, "must be at most 130"),
);

export const date = v.pipe(
  v.string(expected("a date YYYY-MM-DD")),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date YYYY-MM-DD"),
);

export const bool = v.boolean(expected("true or false"));

export const filingStatus = v.picklist(
  FILING_STATUSES as readonly FilingStatus[] as [FilingStatus, ...FilingStatus[]],
  expected(`one of ${FILING_STATUSES.map((s) => `"${s}"`).join(", ")}`),
);

export const choice = <T extends string>(options: readonly T[]) =>
  v.picklist(options as [T, ...T[]], expected(`one of ${options.map((s) => `"${s}"`).join(", ")}`));

export const wholeNumber = (min = 0) =>
  v.pipe(
    v.number(expected("a whole number")),
    v.integer(expected("a whole number")),
    v.minValue(min, `must be ${min} or more`),
  );

// ---- results: the typed rules' Cents become Money ----

type IsCents<T> = [T] extends [never] ? false : [NonNullable<T>] extends [Cents] ? true : false;

type Depth = unknown[];
type AllKeys<T> = T extends unknown ? keyof T : never;
type ValueAt<T, K extends PropertyKey> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;

/** Whether a type holds Cents anywhere inside it (in any member of a union). */
type HoldsCents<T, D extends Depth = []> = true extends HoldsAny<NonNullable<T>, D> ? true : false;
type HoldsAny<T, D extends Depth> = D["length"] extends 10
  ? false
  : T extends unknown
    ? [T] extends [Cents]
      ? true
      : T extends ReadonlyMap<unknown, unknown>
        ? false
        : T extends readonly (infer U)[]
          ? HoldsCents<U, [...D, 1]>
          : T extends object
            ? true extends { [K in keyof T]-?: HoldsCents<T[K], [...D, 1]> }[keyof T]
              ? true
              : false
            : false
    : never;

/**
 * Which parts of a typed result are money: `"money"` for a Cents field, a nested shape for an object or an
 * array's elements. The type requires every field that holds Cents, so a field added to a rule's result
 * does not compile here until the checked API says how to return it.
 */
export type Shape<T> =
  IsCents<T> extends true
    ? "money"
    : NonNullable<T> extends readonly (infer U)[]
      ? Shape<U>
      : {
          readonly [K in AllKeys<NonNullable<T>> as HoldsCents<ValueAt<NonNullable<T>, K>> extends true
            ? K
            : never]-?: Shape<ValueAt<NonNullable<T>, K>>;
        };

/** A typed result with its Cents replaced by Money. */
export type Checked<T> = T extends unknown
  ? [T] extends [Cents]
    ? Money
    : T extends readonly (infer U)[]
      ? readonly Checked<U>[]
      : T extends object
        ? HoldsCents<T> extends true
          ? { readonly [K in keyof T]: Checked<T[K]> }
          : T
        : T
  : never;

/**
 * Converts a typed result's Cents to Money as `shape` says, and gives each exact fraction (`Rational`, bigint
 * numerator and denominator) a `toJSON` ("1/3"), so that every result can be `JSON.stringify`'d; the rest is
 * copied unchanged.
 */
export function toChecked<T>(value: T, shape: Shape<T>): Checked<T> {
  return convert(value, shape as unknown) as Checked<T>;
}

function isRational(value: object): value is Rational {
  const r = value as Partial<Rational>;
  return typeof r.numerator === "bigint" && typeof r.denominator === "bigint";
}

function fraction(r: Rational): Rational {
  return Object.freeze({
    numerator: r.numerator,
    denominator: r.denominator,
    toJSON: () => `${r.numerator}/${r.denominator}`,
  });
}

function convert(value: unknown, shape: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (shape === "money") return fromCents(value as number);
  if (Array.isArray(value)) return value.map((item) => convert(item, shape));
  if (typeof value !== "object" || value instanceof Map) return value;
  if (isRational(value)) return fraction(value);
  const inner = (typeof shape === "object" && shape !== null ? shape : {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = convert(item, inner[key]);
  return out;
}

/** The shape of the typed rules' steps (each `amount` is money or null). */
export const STEPS = { amount: "money" } as const;

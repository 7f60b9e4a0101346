import type { AfterTaxCap } from "@megaroth/core/typed";
import {
  type BasisPoints,
  type Cents,
  FILING_STATUSES,
  type FigureId,
  type FilingStatus,
  formatPercent,
  isFilingStatus,
  type MatchTier,
  parseDollars,
  parseMatchFormula,
  parsePercent,
  supportedYears,
} from "@megaroth/core/typed";
import { type Command, Option } from "commander";
import { UsageError } from "./errors.js";

/**
 * Option parsers for commander: each turns the text of one flag into a typed value or throws a UsageError
 * naming the flag and the allowed range.
 */
/** The largest amount a flag takes: sums of a few such amounts stay exact in cents (below 2^53). */
export const MAX_DOLLARS = 1_000_000_000_000;
/**
 * MAX_DOLLARS with thousands separators, spelled out: `toLocaleString` would start ICU (~20 ms) on every money
 * flag. A test checks it against `MAX_DOLLARS.toLocaleString("en-US")`.
 */
export const MAX_DOLLARS_TEXT = "1,000,000,000,000";

/**
 * `table[key]` only when `key` is the table's own entry: user text such as "toString", "__proto__" or
 * "constructor" names no entry (a plain `table[key]` would find Object.prototype's).
 */
export function ownEntry<V>(
  table: Readonly<Record<string | number, V>>,
  key: string | number,
): V | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

export function moneyOption(flag: string) {
  return (text: string): Cents => {
    const range = `0 or more, up to ${MAX_DOLLARS_TEXT}, at most 2 decimals`;
    let amount: Cents;
    try {
      amount = parseDollars(text);
    } catch {
      throw new UsageError(`${flag}: "${text}" is not a dollar amount (allowed: ${range})`);
    }
    if (amount < 0) throw new UsageError(`${flag}: ${text} is negative (allowed: 0 or more)`);
    if (amount > MAX_DOLLARS * 100) throw new UsageError(`${flag}: ${text} is too large (allowed: ${range})`);
    return amount;
  };
}

export function percentOption(flag: string, max = 100) {
  return (text: string): BasisPoints => {
    let bp: BasisPoints;
    try {
      bp = parsePercent(text);
    } catch {
      throw new UsageError(`${flag}: "${text}" is not a percentage (allowed: 0–${max}%, at most 2 decimals)`);
    }
    if (bp > max * 100) throw new UsageError(`${flag}: ${text} is out of range (allowed: 0–${max}%)`);
    return bp;
  };
}

export function integerOption(flag: string, min: number, max: number) {
  return (text: string): number => {
    const n = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new UsageError(`${flag}: "${text}" is not allowed (allowed: a whole number ${min}–${max})`);
    }
    return n;
  };
}

export const ageOption = integerOption("--age", 18, 120);

/** `--year` for commands whose figures exist for the years of `figureId`; an unknown year names those supported. */
export function yearOption(figureId: FigureId, flag = "--year") {
  return (text: string): number => {
    const years = supportedYears(figureId);
    const first = years[0]!;
    const last = years[years.length - 1]!;
    const year = /^\d{4}$/.test(text.trim()) ? Number(text) : Number.NaN;
    if (!years.includes(year)) {
      throw new UsageError(`${flag}: "${text}" is not a supported tax year (allowed: ${first}–${last})`);
    }
    return year;
  };
}

export function matchOption(text: string): MatchTier[] {
  try {
    return parseMatchFormula(text);
  } catch (error) {
    throw new UsageError(
      `--match: ${(error as Error).message} (allowed: tiers like "100%@3%,50%@2%", or "none")`,
    );
  }
}

export function filingStatusOption(text: string): FilingStatus {
  if (!isFilingStatus(text))
    throw new UsageError(
      `--filing-status: "${text}" is not allowed (allowed: ${FILING_STATUSES.join(", ")})`,
    );
  return text;
}

/** A percentage ("10%") or a dollar amount ("15000") — e.g. a plan's after-tax cap. */
export function percentOrDollarsOption(flag: string) {
  return (text: string): AfterTaxCap =>
    text.trim().endsWith("%")
      ? { kind: "percent", bp: percentOption(flag)(text) }
      : { kind: "dollars", amount: moneyOption(flag)(text) };
}

/** A percentage flag whose default `--help` shows as a percentage ("6%"), not in basis points. */
export function percentFlag(
  flags: string,
  description: string,
  parse: (text: string) => BasisPoints,
  defaultBp: BasisPoints,
): Option {
  return new Option(flags, description).argParser(parse).default(defaultBp, formatPercent(defaultBp));
}

/**
 * Required flags, checked together: commander stops at the first missing one, so every command's required
 * options are made optional for commander, marked "(required)" in `--help`, and checked before the action,
 * all at once: `megaroth: missing required flags: --age <age>, --compensation <dollars> (see: megaroth room --help)`.
 */
export function requireFlagsTogether(program: Command): void {
  const required = new Map<Command, Option[]>();
  const visit = (command: Command): void => {
    const options = command.options.filter((o) => o.mandatory);
    for (const o of options) {
      o.mandatory = false;
      o.description = o.description ? `${o.description} (required)` : "(required)";
    }
    if (options.length > 0) required.set(command, options);
    for (const sub of command.commands) visit(sub);
  };
  visit(program);
  program.hook("preAction", (_program, action) => {
    const values = action.opts();
    const missing = (required.get(action) ?? []).filter((o) => values[o.attributeName()] === undefined);
    if (missing.length === 0) return;
    const names: string[] = [];
    for (let c: Command | null = action; c && c !== program; c = c.parent) names.unshift(c.name());
    throw new UsageError(
      `missing required flag${missing.length > 1 ? "s" : ""}: ${missing.map((o) => o.flags).join(", ")} (see: megaroth ${names.join(" ")} --help)`,
    );
  });
}

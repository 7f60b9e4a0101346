import annualAdditionsLimit from "./figures/annualAdditionsLimit.json" with { type: "json" };
import capitalGainsThresholds from "./figures/capitalGainsThresholds.json" with { type: "json" };
import catchUp60to63Limit from "./figures/catchUp60to63Limit.json" with { type: "json" };
import catchUpLimit from "./figures/catchUpLimit.json" with { type: "json" };
import compensationLimit from "./figures/compensationLimit.json" with { type: "json" };
import electiveDeferralLimit from "./figures/electiveDeferralLimit.json" with { type: "json" };
import ficaEmployeeRates from "./figures/ficaEmployeeRates.json" with { type: "json" };
import hceThreshold from "./figures/hceThreshold.json" with { type: "json" };
import iraCatchUpLimit from "./figures/iraCatchUpLimit.json" with { type: "json" };
import iraContributionDeadline from "./figures/iraContributionDeadline.json" with { type: "json" };
import iraLimit from "./figures/iraLimit.json" with { type: "json" };
import niitThreshold from "./figures/niitThreshold.json" with { type: "json" };
import ordinaryIncomeBrackets from "./figures/ordinaryIncomeBrackets.json" with { type: "json" };
import returnDueDates from "./figures/returnDueDates.json" with { type: "json" };
import rothCatchUpWageThreshold from "./figures/rothCatchUpWageThreshold.json" with { type: "json" };
import selfEmploymentTaxRates from "./figures/selfEmploymentTaxRates.json" with { type: "json" };
import socialSecurityWageBase from "./figures/socialSecurityWageBase.json" with { type: "json" };
import standardDeduction from "./figures/standardDeduction.json" with { type: "json" };
import sourcesJson from "./sources.json" with { type: "json" };

/**
 * IRS figures as data: each figure file holds an id, a description, its statutory citation, and values by
 * tax year, each value with the ids of its sources (resolved in sources.json) and, where useful, a section.
 * Code reads them only through `figure()`, which refuses a year it does not have.
 */
export interface Source {
  readonly title: string;
  readonly citation: string;
  readonly url: string;
}

export interface FigureValue<T> {
  readonly value: T;
  readonly sources: readonly string[];
  readonly section?: string;
  /** Present when the value is not on file but supplied by the user for the run (a figures file or upload). */
  readonly supplied?: { readonly source: string };
}

export interface Figure<T> {
  readonly id: string;
  readonly description: string;
  readonly citation: string;
  readonly unit: string;
  /** First year the rule exists at all (e.g. the ages 60–63 catch-up from 2025); before it the figure is null. */
  readonly applicableFrom?: number;
  readonly values: Readonly<Record<string, FigureValue<T>>>;
}

export type ByFilingStatus<T> = Readonly<Record<"single" | "mfj" | "mfs" | "hoh", T>>;
export interface Bracket {
  readonly over: number;
  readonly ratePct: number;
}
export interface CapitalGainsBand {
  readonly zeroRateMax: number;
  readonly fifteenRateMax: number;
}

export const FIGURES = {
  electiveDeferralLimit: electiveDeferralLimit as Figure<number>,
  catchUpLimit: catchUpLimit as Figure<number>,
  catchUp60to63Limit: catchUp60to63Limit as Figure<number>,
  annualAdditionsLimit: annualAdditionsLimit as Figure<number>,
  compensationLimit: compensationLimit as Figure<number>,
  hceThreshold: hceThreshold as Figure<number>,
  iraLimit: iraLimit as Figure<number>,
  iraCatchUpLimit: iraCatchUpLimit as Figure<number>,
  rothCatchUpWageThreshold: rothCatchUpWageThreshold as Figure<number>,
  socialSecurityWageBase: socialSecurityWageBase as Figure<number>,
  ficaEmployeeRates: ficaEmployeeRates as Figure<{ socialSecurity: number; medicare: number }>,
  ordinaryIncomeBrackets: ordinaryIncomeBrackets as Figure<ByFilingStatus<readonly Bracket[]>>,
  standardDeduction: standardDeduction as Figure<ByFilingStatus<number>>,
  capitalGainsThresholds: capitalGainsThresholds as Figure<ByFilingStatus<CapitalGainsBand>>,
  niitThreshold: niitThreshold as Figure<ByFilingStatus<number>>,
  /** ISO date "YYYY-MM-DD": the last day for a tax year's IRA contributions. */
  iraContributionDeadline: iraContributionDeadline as Figure<string>,
  /** Self-employment tax rates and the Schedule SE line 4a factor in basis points; the $400 floor in dollars. */
  selfEmploymentTaxRates: selfEmploymentTaxRates as Figure<{
    socialSecurity: number;
    medicare: number;
    netEarningsFactor: number;
    minimumNetEarnings: number;
  }>,
  /** ISO dates: Form 1040 and Form 1065 due dates for a tax year, without and with the 6-month extension. */
  returnDueDates: returnDueDates as Figure<{
    individual: string;
    individualExtended: string;
    partnership: string;
    partnershipExtended: string;
  }>,
} as const;

export type FigureId = keyof typeof FIGURES;
type ValueOf<F> = F extends Figure<infer T> ? T : never;
export type FigureType<K extends FigureId> = ValueOf<(typeof FIGURES)[K]>;

export const SOURCES: Readonly<Record<string, Source>> = sourcesJson;

export class UnsupportedYearError extends Error {
  override readonly name = "UnsupportedYearError";
  constructor(
    readonly figureId: string,
    readonly year: number,
    readonly supported: readonly number[],
    /** The name of the figures file installed for the run, which lacks this figure too. */
    readonly suppliedBook?: string,
  ) {
    super(
      suppliedBook === undefined
        ? `no IRS figure "${figureId}" for tax year ${year}; supported years: ${formatYearRange(supported)}. ` +
            "Figures are never carried forward: add the year's published value with its source to src/data/figures, " +
            "or supply it with a figures file (megaroth figures template)."
        : `no IRS figure "${figureId}" for tax year ${year} (on file: ${formatYearRange(supported)}), and ` +
            `${suppliedBook} does not supply it: add "${figureId}": { "${year}": { "value": …, "source": "…" } }`,
    );
  }
}

/** "2002–2026", or "2002–2026, 2028" where a supplied year stands apart. */
export function formatYearRange(years: readonly number[]): string {
  if (years.length === 0) return "none";
  const sorted = [...new Set(years)].sort((a, b) => a - b);
  const runs: string[] = [];
  let start = sorted[0]!;
  for (let k = 1; k <= sorted.length; k++) {
    if (k < sorted.length && sorted[k] === sorted[k - 1]! + 1) continue;
    const end = sorted[k - 1]!;
    runs.push(end > start ? `${start}–${end}` : String(start));
    if (k < sorted.length) start = sorted[k]!;
  }
  return runs.join(", ");
}

/** The years for which a figure has a value on file. */
export function shippedYears(id: FigureId): number[] {
  return Object.keys(FIGURES[id].values)
    .map(Number)
    .sort((a, b) => a - b);
}

/** The years for which a figure has a value: on file, or supplied for the run (see `withSuppliedFigures`). */
export function supportedYears(id: FigureId): number[] {
  const years = shippedYears(id);
  if (!installed) return years;
  const supplied = installed.book.figures.filter((f) => f.id === id).map((f) => f.year);
  return [...new Set([...years, ...supplied])].sort((a, b) => a - b);
}

/**
 * A figure supplied by the user for a year not on file (IRS figures published after this release), with
 * the source the user names. It is marked as such wherever it is shown ("supplied by you: <source>").
 */
export interface SuppliedFigure {
  readonly id: FigureId;
  readonly year: number;
  readonly value: unknown;
  readonly source: string;
}

/** A checked set of supplied figures (see `parseSuppliedFigures`); `name` is how errors refer to it. */
export interface SuppliedFigureBook {
  readonly name: string;
  readonly figures: readonly SuppliedFigure[];
}

interface InstalledBook {
  readonly book: SuppliedFigureBook;
  readonly byKey: ReadonlyMap<string, SuppliedFigure>;
  readonly used: Map<string, SuppliedFigure>;
}

/** The book a face installed for its run; figure lookups consult it for years not on file. */
let installed: InstalledBook | null = null;

function install(book: SuppliedFigureBook | null): InstalledBook | null {
  if (!book) return null;
  return { book, byKey: new Map(book.figures.map((f) => [`${f.id}:${f.year}`, f])), used: new Map() };
}

/**
 * Installs supplied figures for the rest of the run (a CLI process); `null` removes them. The book must
 * come from `parseSuppliedFigures`, which refuses one that contradicts a figure on file.
 */
export function useSuppliedFigures(book: SuppliedFigureBook | null): void {
  installed = install(book);
}

/**
 * Runs `run` with `book` installed (for one computation, e.g. in the web app), then restores what was
 * installed before; returns the result and the supplied figures the computation used.
 */
export function withSuppliedFigures<T>(
  book: SuppliedFigureBook | null,
  run: () => T,
): { result: T; supplied: SuppliedFigure[] } {
  const previous = installed;
  installed = install(book);
  try {
    const result = run();
    return { result, supplied: installed ? [...installed.used.values()] : [] };
  } finally {
    installed = previous;
  }
}

/** The supplied figures that lookups have used since the book was installed, in the order first used. */
export function suppliedFiguresUsed(): SuppliedFigure[] {
  return installed ? [...installed.used.values()] : [];
}

/** The years any installed supplied figure covers. */
export function suppliedYears(): number[] {
  if (!installed) return [];
  return [...new Set(installed.book.figures.map((f) => f.year))].sort((a, b) => a - b);
}

/**
 * A figure's value and sources for a tax year: the value on file, else a supplied one (marked `supplied`);
 * throws `UnsupportedYearError` for a year without either.
 */
export function figureValue<K extends FigureId>(id: K, year: number): FigureValue<FigureType<K>> {
  const entry = (FIGURES[id] as Figure<FigureType<K>>).values[String(year)];
  if (entry) return entry;
  const supplied = installed?.byKey.get(`${id}:${year}`);
  if (supplied && installed) {
    installed.used.set(`${id}:${year}`, supplied);
    return { value: supplied.value as FigureType<K>, sources: [], supplied: { source: supplied.source } };
  }
  throw new UnsupportedYearError(id, year, shippedYears(id), installed?.book.name);
}

/**
 * True when what `figureFrom(id, year)` gives ships with megaroth (a value on file, or null before the rule
 * existed): it cannot change during a run, so a cache may keep it. A supplied figure is never cached (it is
 * the run's, and its use is recorded on every lookup).
 */
export function shippedFigure(id: FigureId, year: number): boolean {
  const from = FIGURES[id].applicableFrom;
  return (from !== undefined && year < from) || FIGURES[id].values[String(year)] !== undefined;
}

export function figure<K extends FigureId>(id: K, year: number): FigureType<K> {
  return figureValue(id, year).value;
}

/**
 * A figure that did not exist before its `applicableFrom` year (returns null then); for later years without
 * data it throws like `figure()`.
 */
export function figureFrom<K extends FigureId>(id: K, year: number): FigureType<K> | null {
  const from = FIGURES[id].applicableFrom;
  if (from !== undefined && year < from) return null;
  return figure(id, year);
}

const citations = new Map<string, string>();

/** "Notice 2023-75, 2023-47 I.R.B. 1308" for a figure's year: the citation a step or report prints. */
export function citeFigure(id: FigureId, year: number): string {
  const key = `${id}:${year}`;
  const cached = citations.get(key);
  if (cached !== undefined) return cached;
  const entry = figureValue(id, year);
  // a supplied figure is never cached: it is marked as the user's, with the source they named
  if (entry.supplied) return `${FIGURES[id].citation}; supplied by you: ${entry.supplied.source}`;
  const sources = entry.sources.map((s) => SOURCES[s]?.citation ?? s).join("; ");
  const citation = `${FIGURES[id].citation}; ${sources}${entry.section ? ` (${entry.section})` : ""}`;
  citations.set(key, citation);
  return citation;
}

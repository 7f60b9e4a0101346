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
  ) {
    super(
      `no IRS figure "${figureId}" for tax year ${year}; supported years: ${formatYearRange(supported)}. ` +
        "Figures are never carried forward: add the year's published value with its source to src/data/figures.",
    );
  }
}

function formatYearRange(years: readonly number[]): string {
  if (years.length === 0) return "none";
  const sorted = [...years].sort((a, b) => a - b);
  return sorted.length > 1 ? `${sorted[0]}–${sorted[sorted.length - 1]}` : String(sorted[0]);
}

/** The years for which a figure has a published value. */
export function supportedYears(id: FigureId): number[] {
  return Object.keys(FIGURES[id].values)
    .map(Number)
    .sort((a, b) => a - b);
}

/** A figure's value and sources for a tax year; throws `UnsupportedYearError` for a year without data. */
export function figureValue<K extends FigureId>(id: K, year: number): FigureValue<FigureType<K>> {
  const entry = (FIGURES[id] as Figure<FigureType<K>>).values[String(year)];
  if (!entry) throw new UnsupportedYearError(id, year, supportedYears(id));
  return entry;
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
  const sources = entry.sources.map((s) => SOURCES[s]?.citation ?? s).join("; ");
  const citation = `${FIGURES[id].citation}; ${sources}${entry.section ? ` (${entry.section})` : ""}`;
  citations.set(key, citation);
  return citation;
}

import data from "./us-annual-returns.json" with { type: "json" };

/**
 * US annual returns 1928–2025 (Damodaran, NYU Stern, histretSP, January 2026 edition; see SOURCE.md), as
 * decimals (0.1772 = 17.72%). Used to bootstrap Monte Carlo return paths; importable in the browser.
 */
export type ReturnSeriesId =
  | "sp500_total_return"
  | "tbill_3m"
  | "treasury_10y"
  | "baa_corporate"
  | "cpi_inflation";

export const RETURN_SERIES_IDS: readonly ReturnSeriesId[] = [
  "sp500_total_return",
  "tbill_3m",
  "treasury_10y",
  "baa_corporate",
  "cpi_inflation",
];

export interface HistoricalReturnsSource {
  readonly title: string;
  readonly author: string;
  readonly edition: string;
  readonly url: string;
}

export const HISTORICAL_RETURNS_SOURCE: HistoricalReturnsSource = data.source;

export const HISTORICAL_YEARS: readonly number[] = data.columns.year;

/** One column of the table, year by year from `HISTORICAL_YEARS[0]`. */
export function historicalReturns(series: ReturnSeriesId): readonly number[] {
  return data.columns[series];
}

/** "Damodaran (NYU Stern), histretSP, January 2026 edition, S&P 500 (includes dividends) 1928–2025". */
export function citeHistoricalReturns(series: ReturnSeriesId): string {
  const first = HISTORICAL_YEARS[0];
  const last = HISTORICAL_YEARS[HISTORICAL_YEARS.length - 1];
  return `${HISTORICAL_RETURNS_SOURCE.author}, ${HISTORICAL_RETURNS_SOURCE.title}, ${HISTORICAL_RETURNS_SOURCE.edition} edition, column ${series}, ${first}–${last}`;
}

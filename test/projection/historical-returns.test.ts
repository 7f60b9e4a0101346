import { readFileSync } from "node:fs";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import {
  citeHistoricalReturns,
  HISTORICAL_RETURNS_SOURCE,
  HISTORICAL_YEARS,
  historicalReturns,
  RETURN_SERIES_IDS,
} from "../../packages/core/src/data/returns/historical-returns.js";

const DIR = new URL("../../packages/core/src/data/returns/", import.meta.url);
const csv = Papa.parse<Record<string, string>>(
  readFileSync(new URL("us-annual-returns.csv", DIR), "utf8").trim(),
  {
    header: true,
  },
);
const sourceNote = readFileSync(new URL("SOURCE.md", DIR), "utf8");

describe("historical returns shipped for the browser", () => {
  it("the JSON the core imports equals the CSV copied from the reference, cell by cell", () => {
    expect(csv.errors).toEqual([]);
    expect(csv.meta.fields).toEqual(["year", ...RETURN_SERIES_IDS]);
    expect(HISTORICAL_YEARS).toEqual(csv.data.map((row) => Number(row.year)));
    for (const series of RETURN_SERIES_IDS) {
      expect(historicalReturns(series), series).toEqual(csv.data.map((row) => Number(row[series])));
    }
  });

  it("covers 1928–2025 without a gap", () => {
    expect(HISTORICAL_YEARS[0]).toBe(1928);
    expect(HISTORICAL_YEARS.at(-1)).toBe(2025);
    expect(HISTORICAL_YEARS).toEqual(Array.from({ length: 2025 - 1928 + 1 }, (_, i) => 1928 + i));
  });

  it("matches the mean and standard deviation that SOURCE.md states for each column", () => {
    for (const series of RETURN_SERIES_IDS) {
      const row = new RegExp(`\\| ${series} +\\| ([\\d.]+) +\\| ([\\d.]+) +\\|`).exec(sourceNote);
      expect(row, series).not.toBeNull();
      const values = historicalReturns(series);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
      expect(Math.abs(mean - Number(row![1])), `${series} mean`).toBeLessThanOrEqual(0.00005);
      expect(Math.abs(sd - Number(row![2])), `${series} sd`).toBeLessThanOrEqual(0.00005);
    }
  });

  it("cites the edition it ships, as SOURCE.md names it", () => {
    expect(sourceNote).toContain(HISTORICAL_RETURNS_SOURCE.edition);
    expect(sourceNote).toContain("Damodaran");
    expect(citeHistoricalReturns("sp500_total_return")).toBe(
      'Aswath Damodaran, NYU Stern, Historical Returns on Stocks, Bonds and Bills: 1928–2025 (histretSP), sheet "Returns by year", January 2026 edition, column sp500_total_return, 1928–2025',
    );
  });
});

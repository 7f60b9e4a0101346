import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  FIGURES,
  type FigureId,
  figure,
  figureFrom,
  SOURCES,
  supportedYears,
  UnsupportedYearError,
} from "../../packages/core/src/data/figures.js";

const FIGURE_DIR = new URL("../../packages/core/src/data/figures/", import.meta.url);
const FIGURE_KEYS = new Set(["id", "description", "citation", "unit", "applicableFrom", "values"]);
const VALUE_KEYS = new Set(["value", "sources", "section"]);
const PLAN_YEARS = [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026];
/** 2002 (EGTRRA's first year) to 2018: the years before the reference tables. */
const EARLY_YEARS = Array.from({ length: 17 }, (_, k) => 2002 + k);
const TAX_YEARS = [2024, 2025, 2026];

const files = readdirSync(FIGURE_DIR).filter((f) => f.endsWith(".json"));

describe("IRS figures data", () => {
  it("registers every figure file, under its own id", () => {
    expect(files.map((f) => f.replace(/\.json$/, "")).sort()).toEqual(Object.keys(FIGURES).sort());
  });

  for (const file of files) {
    const raw = JSON.parse(readFileSync(new URL(file, FIGURE_DIR), "utf8")) as Record<string, unknown>;
    describe(file, () => {
      it("has only known keys, an id matching the file, a citation and a description", () => {
        for (const key of Object.keys(raw)) expect(FIGURE_KEYS, `unknown key "${key}"`).toContain(key);
        expect(raw.id).toBe(file.replace(/\.json$/, ""));
        expect(String(raw.citation)).not.toBe("");
        expect(String(raw.description)).not.toBe("");
      });

      it("gives every value a source that resolves, with no unknown keys", () => {
        const values = raw.values as Record<string, Record<string, unknown>>;
        for (const [year, entry] of Object.entries(values)) {
          expect(year).toMatch(/^\d{4}$/);
          for (const key of Object.keys(entry))
            expect(VALUE_KEYS, `${year}: unknown key "${key}"`).toContain(key);
          const sources = entry.sources as string[];
          expect(sources.length, `${year} has no source`).toBeGreaterThan(0);
          for (const s of sources) expect(SOURCES[s], `${year}: unknown source "${s}"`).toBeDefined();
        }
      });

      it("has no gap in its years", () => {
        const years = supportedYears(raw.id as FigureId);
        for (let k = 1; k < years.length; k++) expect(years[k]! - years[k - 1]!).toBe(1);
      });
    });
  }

  it("covers 2002–2026 for plan limits and 2024–2026 for tax tables", () => {
    const planFigures: FigureId[] = [
      "electiveDeferralLimit",
      "catchUpLimit",
      "annualAdditionsLimit",
      "compensationLimit",
      "hceThreshold",
      "iraLimit",
      "iraCatchUpLimit",
      "socialSecurityWageBase",
    ];
    for (const id of planFigures) {
      for (const y of [...EARLY_YEARS, ...PLAN_YEARS])
        expect(() => figure(id, y), `${id} ${y}`).not.toThrow();
      expect(supportedYears(id)[0], id).toBe(2002);
    }
    for (const id of ["ordinaryIncomeBrackets", "standardDeduction", "capitalGainsThresholds"] as const) {
      for (const y of TAX_YEARS) expect(() => figure(id, y), `${id} ${y}`).not.toThrow();
    }
  });

  it("every source has a title, a citation and an address", () => {
    for (const [id, s] of Object.entries(SOURCES)) {
      expect(s.title, id).not.toBe("");
      expect(s.citation, id).not.toBe("");
      expect(s.url, id).toMatch(/^https:\/\//);
    }
  });

  it("refuses a year without data, naming the years supported", () => {
    expect(() => figure("annualAdditionsLimit", 2027)).toThrow(UnsupportedYearError);
    expect(() => figure("annualAdditionsLimit", 2027)).toThrow(/supported years: 2002–2026/);
    // before EGTRRA (2002) megaroth has no figures and models no rules
    expect(() => figure("annualAdditionsLimit", 2001)).toThrow(UnsupportedYearError);
    expect(() => figure("electiveDeferralLimit", 2001)).toThrow(/supported years: 2002–2026/);
    expect(() => figure("hceThreshold", 2001)).toThrow(/supported years: 2002–2026/);
    expect(() => figure("ordinaryIncomeBrackets", 2023)).toThrow(/2024–2026/);
  });

  it("reports a rule that did not yet exist as null, not as zero", () => {
    expect(figureFrom("catchUp60to63Limit", 2024)).toBeNull();
    expect(figureFrom("catchUp60to63Limit", 2025)).toBe(11_250);
    expect(figureFrom("rothCatchUpWageThreshold", 2025)).toBeNull();
    expect(figureFrom("rothCatchUpWageThreshold", 2026)).toBe(150_000);
    expect(() => figureFrom("catchUp60to63Limit", 2027)).toThrow(UnsupportedYearError);
    // the net investment income tax applies to taxable years beginning after 2012 (Pub. L. 111-152 §1402)
    expect(figureFrom("niitThreshold", 2012)).toBeNull();
    expect(figureFrom("niitThreshold", 2013)).toEqual({
      single: 200_000,
      mfj: 250_000,
      mfs: 125_000,
      hoh: 200_000,
    });
  });
});

// An independent transcription of ../shared/reference/figures.md §1–§4, checked against the data files.
describe("figures agree with the reference tables", () => {
  const table: Record<string, number[]> = {
    electiveDeferralLimit: [19_000, 19_500, 19_500, 20_500, 22_500, 23_000, 23_500, 24_500],
    catchUpLimit: [6_000, 6_500, 6_500, 6_500, 7_500, 7_500, 7_500, 8_000],
    annualAdditionsLimit: [56_000, 57_000, 58_000, 61_000, 66_000, 69_000, 70_000, 72_000],
    compensationLimit: [280_000, 285_000, 290_000, 305_000, 330_000, 345_000, 350_000, 360_000],
    hceThreshold: [125_000, 130_000, 130_000, 135_000, 150_000, 155_000, 160_000, 160_000],
    iraLimit: [6_000, 6_000, 6_000, 6_000, 6_500, 7_000, 7_000, 7_500],
    iraCatchUpLimit: [1_000, 1_000, 1_000, 1_000, 1_000, 1_000, 1_000, 1_100],
    socialSecurityWageBase: [132_900, 137_700, 142_800, 147_000, 160_200, 168_600, 176_100, 184_500],
  };
  for (const [id, values] of Object.entries(table)) {
    it(id, () => expect(PLAN_YEARS.map((y) => figure(id as FigureId, y))).toEqual(values));
  }

  it("IRA contribution deadlines: the return due date without extensions (Notices 2020-23, 2021-21; IRC §7503)", () => {
    const deadlines = PLAN_YEARS.map((y) => figure("iraContributionDeadline", y));
    expect(deadlines).toEqual([
      "2020-07-15",
      "2021-05-17",
      "2022-04-18",
      "2023-04-18",
      "2024-04-15",
      "2025-04-15",
      "2026-04-15",
      "2027-04-15",
    ]);
    // each a real calendar date in the year after the tax year, never a weekend day
    for (const year of supportedYears("iraContributionDeadline")) {
      const d = figure("iraContributionDeadline", year);
      const day = new Date(`${d}T00:00:00Z`);
      expect(day.toISOString().slice(0, 10)).toBe(d);
      expect(day.getUTCFullYear()).toBe(year + 1);
      expect([0, 6]).not.toContain(day.getUTCDay());
    }
    // earlier years, from §6072(a) and §7503 with Emancipation Day (Rev. Rul. 2015-13)
    expect(
      [2010, 2011, 2012, 2015, 2016, 2017, 2018].map((y) => figure("iraContributionDeadline", y)),
    ).toEqual([
      "2011-04-18",
      "2012-04-17",
      "2013-04-15",
      "2016-04-18",
      "2017-04-18",
      "2018-04-17",
      "2019-04-15",
    ]);
    expect(() => figure("iraContributionDeadline", 2009)).toThrow(/supported years: 2010–2026/);
  });

  it("standard deductions (2025 as enacted by OBBBA)", () => {
    expect(TAX_YEARS.map((y) => figure("standardDeduction", y))).toEqual([
      { single: 14_600, mfj: 29_200, mfs: 14_600, hoh: 21_900 },
      { single: 15_750, mfj: 31_500, mfs: 15_750, hoh: 23_625 },
      { single: 16_100, mfj: 32_200, mfs: 16_100, hoh: 24_150 },
    ]);
  });

  it("bracket starts, including the 2026 HOH 32% threshold of 201,750", () => {
    const starts = (y: number, s: "single" | "mfj" | "mfs" | "hoh") =>
      figure("ordinaryIncomeBrackets", y)[s].map((b) => b.over);
    expect(starts(2024, "hoh")).toEqual([0, 16_550, 63_100, 100_500, 191_950, 243_700, 609_350]);
    expect(starts(2025, "mfs")).toEqual([0, 11_925, 48_475, 103_350, 197_300, 250_525, 375_800]);
    expect(starts(2026, "single")).toEqual([0, 12_400, 50_400, 105_700, 201_775, 256_225, 640_600]);
    expect(starts(2026, "mfj")).toEqual([0, 24_800, 100_800, 211_400, 403_550, 512_450, 768_700]);
    expect(starts(2026, "hoh")).toEqual([0, 17_700, 67_450, 105_700, 201_750, 256_200, 640_600]);
    for (const y of TAX_YEARS) {
      for (const s of ["single", "mfj", "mfs", "hoh"] as const) {
        expect(figure("ordinaryIncomeBrackets", y)[s].map((b) => b.ratePct)).toEqual([
          10, 12, 22, 24, 32, 35, 37,
        ]);
      }
    }
  });

  it("long-term capital gains thresholds", () => {
    expect(figure("capitalGainsThresholds", 2024).hoh).toEqual({
      zeroRateMax: 63_000,
      fifteenRateMax: 551_350,
    });
    expect(figure("capitalGainsThresholds", 2025).mfs).toEqual({
      zeroRateMax: 48_350,
      fifteenRateMax: 300_000,
    });
    expect(figure("capitalGainsThresholds", 2026).mfj).toEqual({
      zeroRateMax: 98_900,
      fifteenRateMax: 613_700,
    });
  });
});

// An independent transcription, 2002–2018, from the sources themselves (not from the JSON): the IRS COLA table
// (irs.gov, the 2011–2014 and 2016–2018 columns), IR-2001-115 and EGTRRA §§601, 611, 631 for the statutory
// amounts, bherila/us-tax-advantaged-params data/retirement-parameters.json, and SSA's contribution and benefit
// base table. hceThreshold is keyed by the year of the IRS figure (the look-back year), as the COLA table is.
describe("figures 2002–2018 agree with the IRS COLA table, the statutes and SSA", () => {
  const table: Record<string, number[]> = {
    // 2002–2006 EGTRRA §611(d) schedule, then COLA in $500 steps from 2007
    electiveDeferralLimit: [
      11_000, 12_000, 13_000, 14_000, 15_000, 15_500, 15_500, 16_500, 16_500, 16_500, 17_000, 17_500, 17_500,
      18_000, 18_000, 18_000, 18_500,
    ],
    // 2002–2006 EGTRRA §631 schedule ($1,000 a year), then COLA in $500 steps
    catchUpLimit: [
      1_000, 2_000, 3_000, 4_000, 5_000, 5_000, 5_000, 5_500, 5_500, 5_500, 5_500, 5_500, 5_500, 6_000, 6_000,
      6_000, 6_000,
    ],
    annualAdditionsLimit: [
      40_000, 40_000, 41_000, 42_000, 44_000, 45_000, 46_000, 49_000, 49_000, 49_000, 50_000, 51_000, 52_000,
      53_000, 53_000, 54_000, 55_000,
    ],
    compensationLimit: [
      200_000, 200_000, 205_000, 210_000, 220_000, 225_000, 230_000, 245_000, 245_000, 245_000, 250_000,
      255_000, 260_000, 265_000, 265_000, 270_000, 275_000,
    ],
    hceThreshold: [
      90_000, 90_000, 90_000, 95_000, 100_000, 100_000, 105_000, 110_000, 110_000, 110_000, 115_000, 115_000,
      115_000, 120_000, 120_000, 120_000, 120_000,
    ],
    // EGTRRA §601: $3,000 2002–2004, $4,000 2005–2007, $5,000 2008; indexed from 2009
    iraLimit: [
      3_000, 3_000, 3_000, 4_000, 4_000, 4_000, 5_000, 5_000, 5_000, 5_000, 5_000, 5_500, 5_500, 5_500, 5_500,
      5_500, 5_500,
    ],
    // EGTRRA §601: $500 2002–2005, $1,000 from 2006
    iraCatchUpLimit: [
      500, 500, 500, 500, 1_000, 1_000, 1_000, 1_000, 1_000, 1_000, 1_000, 1_000, 1_000, 1_000, 1_000, 1_000,
      1_000,
    ],
    // SSA; 2018 is the corrected 128,400 (not the 128,700 first announced)
    socialSecurityWageBase: [
      84_900, 87_000, 87_900, 90_000, 94_200, 97_500, 102_000, 106_800, 106_800, 106_800, 110_100, 113_700,
      117_000, 118_500, 118_500, 127_200, 128_400,
    ],
  };
  for (const [id, values] of Object.entries(table)) {
    it(id, () => expect(EARLY_YEARS.map((y) => figure(id as FigureId, y))).toEqual(values));
  }

  it("employee OASDI 4.2% in 2011–2012 (Pub. L. 111-312 §601, 112-78, 112-96), 6.2% otherwise; Medicare 1.45%", () => {
    for (const y of EARLY_YEARS) {
      expect(figure("ficaEmployeeRates", y), String(y)).toEqual({
        socialSecurity: y === 2011 || y === 2012 ? 420 : 620,
        medicare: 145,
      });
    }
  });
});

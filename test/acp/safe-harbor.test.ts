import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { type AcpParticipant, acpTestOf } from "../../packages/core/src/rules/acp-test.js";
import { dollarsToCents } from "../../packages/core/src/rules/money/cents.js";
import { rational } from "../../packages/core/src/rules/money/rational.js";
import { runCliJson } from "../helpers/cli.js";
import { goldenCases } from "../helpers/golden.js";

/**
 * Issue #11 §6(c): a safe-harbor match (IRC §401(m)(11)) is left out of the ACP test, while after-tax
 * contributions are still tested (Treas. Reg. §1.401(m)-2(a)(5)(iv)). ACPSH cases: an independent reviewer's.
 */
interface ShParticipant {
  name: string;
  owner5: boolean;
  comp2025: number;
  comp2026: number;
  afterTax: number;
  shMatch: number;
}
interface ShExpected {
  hceAcpPct: number;
  nhceAcpPct: number;
  maxHceAcpPct: number;
  passes: boolean;
  excessAggregateContributions: number;
  refunds: Record<string, number>;
}

const CURRENT = { priorYearNhceAcp: null, refundOrder: "after-tax-first" } as const;
const $ = dollarsToCents;

function participants(list: ShParticipant[]): AcpParticipant[] {
  return list.map((p) => ({
    id: p.name,
    compensation: $(p.comp2026),
    priorYearCompensation: $(p.comp2025),
    fivePercentOwner: p.owner5,
    match: $(p.shMatch),
    afterTax: $(p.afterTax),
    acpIncome: null,
    acpBalanceStart: null,
  }));
}

/** A percentage of basis points, as a number rounded to 0.01% (for comparing with a hand-rounded figure). */
const pct2 = (r: { numerator: bigint; denominator: bigint } | null) =>
  r === null ? null : Math.round(Number(r.numerator) / Number(r.denominator)) / 100;

const dir = mkdtempSync(join(tmpdir(), "megaroth-acp-sh-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("golden ACPSH cases: the safe-harbor match is left out, after-tax is tested", () => {
  for (const c of goldenCases("ACPSH")) {
    it(`${c.id}: ${c.description}`, () => {
      const list = (c.inputs as { participants: ShParticipant[] }).participants;
      const e = c.expected as unknown as ShExpected;
      const r = acpTestOf(2026, participants(list), { ...CURRENT, safeHarborMatch: true });
      expect(r.safeHarborMatchExcluded).toBe(true);
      expect(pct2(r.hceAcp)).toBe(e.hceAcpPct);
      expect(pct2(r.nhceAcp)).toBe(e.nhceAcpPct);
      expect(r.passes).toBe(e.passes);
      expect(r.refunds.every((x) => x.match === 0)).toBe(true);
      if (c.id !== "ACPSH-01") {
        expect(pct2(r.maxHceAcp)).toBe(e.maxHceAcpPct);
        expect(r.totalExcess).toBe($(e.excessAggregateContributions));
        expect(Object.fromEntries(r.refunds.map((x) => [x.id, x.excess]))).toEqual(
          Object.fromEntries(Object.entries(e.refunds).map(([id, v]) => [id, $(v)])),
        );
      } else {
        // The reviewer rounds the NHCE ACP to 1.92% before taking 2 × it (3.84%, refund 5,424.00). The
        // regulation rounds each ACR to 0.01% (Treas. Reg. §1.401(m)-2(a)(3)) and takes the group ACP as their
        // average, unrounded: NHCE ACP = (364 + 211 + 0) / 3 = 191.67 bp, the most an HCE ACP may be is
        // 2 × 575/3 = 383.33 bp, so P1's ACR is leveled to 766 bp (7.66%, the highest whole 0.01% with
        // (766 + 0)/2 ≤ 383.33) and the excess is 30,000 − 7.66% × 320,000 = 30,000 − 24,512 = 5,488.00.
        expect(r.maxHceAcp).toEqual(rational(1150, 3));
        expect(r.highestPermittedAcr).toBe(766);
        expect(r.totalExcess).toBe($(5_488));
        expect(r.refunds.map((x) => [x.id, x.excess, x.afterTax])).toEqual([["P1", $(5_488), $(5_488)]]);
      }
    });
  }

  it("ACPSH-03: counted, the match would have passed the test; left out, the after-tax money fails it", () => {
    const c = goldenCases("ACPSH").find((x) => x.id === "ACPSH-03")!;
    const list = participants((c.inputs as { participants: ShParticipant[] }).participants);
    expect(acpTestOf(2026, list, CURRENT).passes).toBe(true);
    expect(acpTestOf(2026, list, { ...CURRENT, safeHarborMatch: true }).passes).toBe(false);
  });

  it("megaroth acp --safe-harbor-match gives the same through the CLI (ACPSH-03)", () => {
    const c = goldenCases("ACPSH").find((x) => x.id === "ACPSH-03")!;
    const list = (c.inputs as { participants: ShParticipant[] }).participants;
    const csv = [
      "id,compensation,prior_year_compensation,five_percent_owner,deferrals,match,after_tax",
      ...list.map((p) => `${p.name},${p.comp2026},${p.comp2025},${p.owner5},0,${p.shMatch},${p.afterTax}`),
    ].join("\n");
    const file = join(dir, "sh.csv");
    writeFileSync(file, `${csv}\n`);
    const out = runCliJson<Record<string, unknown>>(["acp", file, "--year", "2026", "--safe-harbor-match"]);
    expect(out).toMatchObject({ safeHarborMatchExcluded: true, passes: false, totalExcess: 5000 });
    const without = runCliJson<Record<string, unknown>>(["acp", file, "--year", "2026"]);
    expect(without).toMatchObject({ safeHarborMatchExcluded: false, passes: true });
  });
});

describe("safe-harbor properties", () => {
  const person = fc.record({
    compensation: fc.integer({ min: 1_000_00, max: 500_000_00 }),
    prior: fc.integer({ min: 0, max: 400_000_00 }),
    match: fc.integer({ min: 0, max: 20_000_00 }),
    afterTax: fc.integer({ min: 0, max: 40_000_00 }),
  });
  it("with a safe-harbor match the test is the same as with no match at all, and refunds are after-tax only", () => {
    fc.assert(
      fc.property(fc.array(person, { minLength: 1, maxLength: 12 }), (people) => {
        const list: AcpParticipant[] = people.map((p, i) => ({
          id: `E${i}`,
          compensation: p.compensation as never,
          priorYearCompensation: p.prior as never,
          fivePercentOwner: false,
          match: p.match as never,
          afterTax: p.afterTax as never,
          acpIncome: null,
          acpBalanceStart: null,
        }));
        const sh = acpTestOf(2026, list, { ...CURRENT, safeHarborMatch: true });
        const noMatch = acpTestOf(
          2026,
          list.map((p) => ({ ...p, match: 0 as never })),
          CURRENT,
        );
        expect(sh.passes).toBe(noMatch.passes);
        expect(sh.totalExcess).toBe(noMatch.totalExcess);
        expect(sh.refunds.every((x) => x.match === 0 && x.excess === x.afterTax)).toBe(true);
      }),
    );
  });
});

import { citeFigure, figure } from "../data/figures.js";
import { type Step, step, type Warning } from "./explain.js";
import {
  citeHceThreshold,
  hceCompensationThreshold,
  isHighlyCompensatedEmployee,
  lookBackYear,
} from "./hce.js";
import { type Cents, cents, formatUsd, minCents, wholeDollars, ZERO } from "./money/cents.js";
import { type BasisPoints, basisPoints } from "./money/percent.js";
import { formatRational, minRational, type Rational, rational } from "./money/rational.js";
import { divideRounded } from "./money/rounding.js";

/**
 * The ACP test of IRC §401(m)(2) with after-tax (employee) contributions, and its correction under
 * §401(m)(6). Percentages are basis points (1 bp = 0.01%): each ACR is rounded to the nearest 0.01%, and
 * the group ACPs are their exact averages, held as rationals, so pass/fail never depends on a float or on
 * a second rounding.
 */

/** One eligible employee, as the test reads them. */
export interface AcpParticipant {
  readonly id: string;
  /** The plan's testing compensation for the year (IRC §414(s)), before the §401(a)(17) cap. */
  readonly compensation: Cents;
  /** Compensation in the look-back year, for HCE status (IRC §414(q)(1)(B)). */
  readonly priorYearCompensation: Cents;
  /** A 5% owner in the current or the preceding year. */
  readonly fivePercentOwner: boolean;
  readonly match: Cents;
  readonly afterTax: Cents;
  /** Income (negative for a loss) for the plan year on the match and after-tax accounts; null if unknown. */
  readonly acpIncome: Cents | null;
  /** Balance of the match and after-tax accounts at the start of the plan year; null if unknown. */
  readonly acpBalanceStart: Cents | null;
}

/** An HCE as the test keeps them: everything the correction and the what-if need. */
export interface HceContribution {
  readonly id: string;
  /** Position in the input, the tie-breaker wherever the law gives none. */
  readonly order: number;
  /** Compensation before the §401(a)(17) cap (what a % election is withheld from). */
  readonly pay: Cents;
  /** Testing compensation, capped at §401(a)(17). */
  readonly compensation: Cents;
  readonly match: Cents;
  readonly afterTax: Cents;
  readonly acr: BasisPoints;
  readonly acpIncome: Cents | null;
  readonly acpBalanceStart: Cents | null;
}

/**
 * The running tally of a test: every HCE in full (the correction needs them) and the NHCEs as a count and
 * a sum of ACRs, so a million-row file keeps only its HCEs in memory.
 */
export interface AcpTally {
  readonly year: number;
  readonly hceThreshold: Cents;
  readonly compensationLimit: Cents;
  readonly hces: HceContribution[];
  /** The match is a safe-harbor match left out of the test (IRC §401(m)(11)): only after-tax money is tested. */
  readonly safeHarborMatch: boolean;
  nhceCount: number;
  nhceAcrSum: number;
}

export type RefundOrder = "after-tax-first" | "match-first";

export interface AcpOptions {
  /** Prior-year testing: the NHCE ACP of the preceding plan year in basis points; null for current-year testing. */
  readonly priorYearNhceAcp: Rational | null;
  /** Which source an HCE's excess comes from first (the plan document decides). */
  readonly refundOrder: RefundOrder;
  /**
   * The plan's match is a safe-harbor match (IRC §401(m)(11)): it is left out of the test, which then tests the
   * after-tax contributions alone (Treas. Reg. §1.401(m)-2(a)(5)(iv)). Used by `acpTestOf`; a tally made with
   * `acpTally(year, true)` carries it.
   */
  readonly safeHarborMatch?: boolean;
}

export interface AcpRefund {
  readonly id: string;
  /** Match + after-tax the HCE had for the year (what the 401(m)(6)(C) order ranks). */
  readonly contributions: Cents;
  /** The HCE's share of the excess aggregate contributions. */
  readonly excess: Cents;
  readonly afterTax: Cents;
  readonly match: Cents;
  /** Allocable income (negative for a loss), or null when the account figures were not given. */
  readonly earnings: Cents | null;
  /** What is paid out: the excess plus its earnings. */
  readonly amount: Cents;
  /** Form 1099-R box 2a: the match part and the earnings. */
  readonly taxable: Cents;
  /** Form 1099-R box 5: after-tax contributions returned (basis). */
  readonly basis: Cents;
  readonly form1099RCode: "8";
}

export interface LevelingReduction {
  readonly id: string;
  readonly reduction: Cents;
}

export interface AcpResult {
  readonly year: number;
  readonly testing: "current-year" | "prior-year";
  /** The safe-harbor match was left out of the test (IRC §401(m)(11)): ratios, refunds and the what-if are after-tax only. */
  readonly safeHarborMatchExcluded: boolean;
  readonly hceThreshold: Cents;
  readonly lookBackYear: number;
  readonly compensationLimit: Cents;
  readonly hceCount: number;
  readonly nhceCount: number;
  /** ACPs in basis points, exact; null when the group is empty. */
  readonly hceAcp: Rational | null;
  readonly nhceAcp: Rational | null;
  /** The highest HCE ACP that passes; null when there is no NHCE to compare with (deemed to pass). */
  readonly maxHceAcp: Rational | null;
  readonly passes: boolean;
  /** The level HCE ACRs are cut to in the hypothetical leveling (basis points), or null when passing. */
  readonly highestPermittedAcr: BasisPoints | null;
  readonly leveling: readonly LevelingReduction[];
  readonly totalExcess: Cents;
  /** In the 401(m)(6)(C) order: highest dollar amount first. */
  readonly refunds: readonly AcpRefund[];
  /** The highest after-tax % of pay every HCE could elect with the test still passing; null if none is limited or none passes. */
  readonly maxUniformHceAfterTax: BasisPoints | null;
  /** Last day to pay refunds without the 10% excise tax of §4979 (calendar plan year assumed). */
  readonly refundDeadline: string | null;
  readonly steps: readonly Step[];
  readonly warnings: readonly Warning[];
}

// IRC §401(m)(3), flush language: a plan's first plan year uses 3% as the prior-year NHCE ACP.
export const FIRST_PLAN_YEAR_NHCE_ACP: Rational = { numerator: 300n, denominator: 1n };

const ACR_CITE = "Treas. Reg. §1.401(m)-2(a)(2)–(3)";
const TEST_CITE = "IRC §401(m)(2)(A); Treas. Reg. §1.401(m)-2(a)(1)(i)";

/** floor(a / b) for safe integers and b > 0, exact (the float quotient is corrected by its remainder). */
function floorDivide(a: number, b: number): number {
  let q = Math.floor(a / b);
  let r = a - q * b;
  while (r < 0) {
    q -= 1;
    r += b;
  }
  while (r >= b) {
    q += 1;
    r -= b;
  }
  return q;
}

/**
 * An employee's actual contribution ratio in basis points: (match + after-tax) ÷ testing compensation,
 * rounded to the nearest hundredth of a percent (halves up). An eligible employee with no contributions is 0.
 * @example actualContributionRatio(cents(1_275_000), cents(19_000_000)) === 671 // 6.71%, the regulation's Employee A
 */
// Treas. Reg. §1.401(m)-2(a)(2)–(3): ACRs to the nearest one-hundredth of one percent
export function actualContributionRatio(contributions: Cents, compensation: Cents): BasisPoints {
  if (contributions === 0) return 0 as BasisPoints;
  if (compensation <= 0) throw new RangeError("an employee with contributions must have compensation");
  const scaled = contributions * 10_000;
  if (Number.isSafeInteger(scaled * 2)) {
    const q = floorDivide(scaled, compensation);
    const remainder = scaled - q * compensation;
    return basisPoints(remainder * 2 >= compensation ? q + 1 : q);
  }
  return basisPoints(Number(divideRounded(BigInt(contributions) * 10_000n, BigInt(compensation), "half-up")));
}

function timesFraction(r: Rational, n: bigint, d: bigint): Rational {
  return rational(r.numerator * n, r.denominator * d);
}

function atMost(a: Rational, b: Rational): boolean {
  return a.numerator * b.denominator <= b.numerator * a.denominator;
}

/**
 * The highest HCE ACP that passes, for an NHCE ACP (both in basis points): the greater of 1.25 × NHCE and
 * the lesser of 2 × NHCE and NHCE + 2 percentage points.
 * @example maximumHceAcp(rational(300, 1)) → 500/1 (3.00% → 5.00%)
 */
// IRC §401(m)(2)(A); Treas. Reg. §1.401(m)-2(a)(1)(i)
export function maximumHceAcp(nhceAcp: Rational): Rational {
  const times125 = timesFraction(nhceAcp, 5n, 4n);
  const times2 = timesFraction(nhceAcp, 2n, 1n);
  const plus2Points = rational(nhceAcp.numerator + 200n * nhceAcp.denominator, nhceAcp.denominator);
  const lesser = minRational(times2, plus2Points);
  return atMost(times125, lesser) ? lesser : times125;
}

/** The test on exact averages: HCE ACP ≤ the highest HCE ACP that passes. */
// Treas. Reg. §1.401(m)-2(a)(1)(i)–(ii)
export function acpTestPasses(hceAcp: Rational | null, maxHceAcp: Rational | null): boolean {
  return hceAcp === null || maxHceAcp === null || atMost(hceAcp, maxHceAcp);
}

/**
 * A fresh tally for a plan year: reads the HCE threshold (look-back year) and the §401(a)(17) limit. With
 * `safeHarborMatch`, the plan's match is a safe-harbor match and is left out of every ratio.
 */
export function acpTally(year: number, safeHarborMatch = false): AcpTally {
  return {
    year,
    safeHarborMatch,
    hceThreshold: hceCompensationThreshold(year),
    // IRC §401(a)(17): compensation taken into account for the test is capped (Treas. Reg. §1.401(m)-5, "compensation").
    compensationLimit: wholeDollars(figure("compensationLimit", year)),
    hces: [],
    nhceCount: 0,
    nhceAcrSum: 0,
  };
}

/** Adds one eligible employee to the tally (the step of a fold over the participants). */
export function tallyParticipant(tally: AcpTally, p: AcpParticipant): void {
  const compensation = minCents(p.compensation, tally.compensationLimit);
  // IRC §401(m)(11); Treas. Reg. §1.401(m)-2(a)(5)(iv): a plan meeting the match safe harbor that must still test
  // its after-tax contributions disregards all matching contributions; the match is neither tested nor refunded.
  const match = tally.safeHarborMatch ? ZERO : p.match;
  const acr = actualContributionRatio(cents(match + p.afterTax), compensation);
  if (isHighlyCompensatedEmployee(p, tally.hceThreshold)) {
    tally.hces.push({
      id: p.id,
      order: tally.hces.length,
      pay: p.compensation,
      compensation,
      match,
      afterTax: p.afterTax,
      acr,
      acpIncome: p.acpIncome,
      acpBalanceStart: p.acpBalanceStart,
    });
  } else {
    tally.nhceCount += 1;
    tally.nhceAcrSum += acr;
  }
}

/** The most the HCEs' ACRs may add up to: floor(max HCE ACP × number of HCEs), since ACRs are whole bp. */
function allowedAcrSum(maxHceAcp: Rational, hceCount: number): number {
  return Number(divideRounded(maxHceAcp.numerator * BigInt(hceCount), maxHceAcp.denominator, "down"));
}

/**
 * The hypothetical leveling of IRC §401(m)(6)(B): the highest ACRs are cut down to the next highest, and
 * so on, until the HCE ACP passes. Returns the level L (whole basis points, so the reduced ratios are ACRs
 * in the regulation's 0.01% precision): the highest L with Σ min(ACRᵢ, L) within the allowed sum.
 */
// IRC §401(m)(6)(B); Treas. Reg. §1.401(m)-2(b)(2)(ii)–(iii)
export function highestPermittedAcr(acrs: readonly number[], allowedSum: number): BasisPoints | null {
  const sorted = Float64Array.from(acrs).sort().reverse();
  let rest = sorted.reduce((s, r) => s + r, 0);
  if (rest <= allowedSum) return null;
  // At k = n nothing is left over (next = 0) and the level is ≥ 0, so the loop always returns.
  for (let k = 1; ; k++) {
    rest -= sorted[k - 1]!;
    const level = floorDivide(allowedSum - rest, k);
    const next = k < sorted.length ? sorted[k]! : 0;
    if (level >= next) return basisPoints(level);
  }
}

function contributionsOf(h: HceContribution): Cents {
  return cents(h.match + h.afterTax);
}

/**
 * How much each HCE above the level loses in the leveling: contributions − L × compensation, the
 * retained amount rounded down to the cent so the retained ratio never exceeds L.
 */
// IRC §401(m)(6)(B); Treas. Reg. §1.401(m)-2(b)(2)(iii)
export function levelingReductions(
  hces: readonly HceContribution[],
  level: BasisPoints,
): LevelingReduction[] {
  const out: LevelingReduction[] = [];
  for (const h of hces) {
    if (h.acr <= level) continue;
    const retained = floorDivide(level * h.compensation, 10_000);
    out.push({ id: h.id, reduction: cents(contributionsOf(h) - retained) });
  }
  return out;
}

/** Largest contribution first, then input order (the order of IRC §401(m)(6)(C)). */
function rankedByContributions(hces: readonly HceContribution[]): HceContribution[] {
  // Fast path: one number per HCE, (2^31 − 1 − contributions) × 2^21 + position, sorted as numbers, orders the
  // same as the comparison below when contributions are 0…2^31 − 1 cents and there are at most 2^21 HCEs: the
  // key is then an integer below 2^52, exact, and distinct for distinct (contributions, position).
  const n = hces.length;
  // `position` stands for `order`: the tally gives each HCE its position as its order (checked).
  const fast = hces.every(
    (h, i) => h.order === i && h.match + h.afterTax >= 0 && h.match + h.afterTax <= 0x7fffffff,
  );
  if (n <= 1 << 21 && fast) {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const h = hces[i]!;
      keys[i] = (0x7fffffff - (h.match + h.afterTax)) * 2_097_152 + i;
    }
    keys.sort();
    const ranked = new Array<HceContribution>(n);
    for (let i = 0; i < n; i++) ranked[i] = hces[keys[i]! % 2_097_152]!;
    return ranked;
  }
  return [...hces].sort((a, b) => contributionsOf(b) - contributionsOf(a) || a.order - b.order);
}

/**
 * Spreads the total excess over the HCEs by dollar amount: the largest contribution is cut to the next
 * largest, and so on, until the total is used (IRC §401(m)(6)(C)). Returns each HCE's share in that order
 * (largest first, then input order); odd cents fall on the earliest in that order.
 */
// IRC §401(m)(6)(C); Treas. Reg. §1.401(m)-2(b)(2)(iii)
export function distributeByDollarAmount(
  hces: readonly HceContribution[],
  totalExcess: Cents,
): { hce: HceContribution; excess: Cents }[] {
  if (totalExcess <= 0) return [];
  const ranked = rankedByContributions(hces);
  let prefix = 0;
  for (let k = 1; k <= ranked.length; k++) {
    prefix += contributionsOf(ranked[k - 1]!);
    const kept = prefix - totalExcess;
    const next = k < ranked.length ? contributionsOf(ranked[k]!) : 0;
    if (kept >= next * k) {
      const base = floorDivide(kept, k);
      const extra = kept - base * k;
      return ranked.slice(0, k).map((hce, i) => {
        const retained = i < k - extra ? base : base + 1;
        return { hce, excess: cents(contributionsOf(hce) - retained) };
      });
    }
  }
  throw new RangeError("total excess exceeds the HCEs' contributions");
}

/**
 * Income allocable to an HCE's excess: the year's income on the match and after-tax accounts × excess ÷
 * (start-of-year balance + the year's contributions), rounded half-up to the cent.
 */
// Treas. Reg. §1.401(m)-2(b)(2)(iv)(C) (alternative method of allocating plan income)
export function allocableIncome(hce: HceContribution, excess: Cents): Cents | null {
  if (hce.acpIncome === null || hce.acpBalanceStart === null) return null;
  const base = BigInt(hce.acpBalanceStart) + BigInt(contributionsOf(hce));
  if (base <= 0n) return ZERO;
  return cents(Number(divideRounded(BigInt(hce.acpIncome) * BigInt(excess), base, "half-up")));
}

function refundOf(hce: HceContribution, excess: Cents, order: RefundOrder): AcpRefund {
  const afterTax =
    order === "after-tax-first"
      ? minCents(excess, hce.afterTax)
      : cents(excess - minCents(excess, hce.match));
  const match = cents(excess - afterTax);
  const earnings = allocableIncome(hce, excess);
  const amount = cents(excess + (earnings ?? 0));
  // Form 1099-R instructions: the match and the earnings are taxable in the year distributed (code 8);
  // the after-tax part is basis (box 5). A loss reduces basis recovered only once the match is used up.
  const taxable = cents(Math.max(0, match + (earnings ?? 0)));
  return {
    id: hce.id,
    contributions: contributionsOf(hce),
    excess,
    afterTax,
    match,
    earnings,
    amount,
    taxable,
    basis: cents(amount - taxable),
    form1099RCode: "8",
  };
}

/** Σ ACRs of the HCEs if each elected `bp` of pay as after-tax instead of their own election. */
function acrSumWithUniformAfterTax(hces: readonly HceContribution[], bp: number): number {
  let total = 0;
  for (const h of hces) {
    // A % election withholds from all pay, rounded down to the cent (never overstated).
    const afterTax = floorDivide(h.pay * bp, 10_000);
    total += actualContributionRatio(cents(h.match + afterTax), h.compensation);
  }
  return total;
}

/**
 * What-if: the highest after-tax election, as a whole-bp % of pay the same for every HCE (their match
 * unchanged), with which the HCE ACP still passes. Before §415(c) and plan caps. Null if even 0% fails.
 */
// IRC §401(m)(2)(A)
export function maxUniformHceAfterTax(
  hces: readonly HceContribution[],
  allowedSum: number,
): BasisPoints | null {
  const fits = (bp: number) => acrSumWithUniformAfterTax(hces, bp) <= allowedSum;
  if (!fits(0)) return null;
  if (fits(10_000)) return basisPoints(10_000);
  // The answer is the highest bp in [0, 10,000) that fits: `fits` is monotone (a higher election never lowers an
  // ACR), true at 0 and false at 10,000. A floating-point estimate of where the ACR sum crosses the allowed sum
  // only chooses where to look; the exact `fits` decides. From the estimate, steps of 1, 2, 4, … find a bracket
  // low (fits) < high (does not fit), then halving closes it: the same answer as halving all of [0, 10,000], in a
  // few sums of the ACRs instead of fourteen.
  let low = 0;
  let high = 10_000;
  const guess = uniformAfterTaxEstimate(hces, allowedSum);
  if (guess > low && guess < high) {
    if (fits(guess)) {
      low = guess;
      for (let step = 1; low + step < high; step *= 2) {
        if (!fits(low + step)) {
          high = low + step;
          break;
        }
        low += step;
      }
    } else {
      high = guess;
      for (let step = 1; high - step > low; step *= 2) {
        if (fits(high - step)) {
          low = high - step;
          break;
        }
        high -= step;
      }
    }
  }
  while (high - low > 1) {
    const mid = (low + high) >> 1;
    if (fits(mid)) low = mid;
    else high = mid;
  }
  return basisPoints(low);
}

/**
 * Where Σ ACR(bp) ≈ allowedSum, in floating point (ACRs without rounding): a starting point for the exact
 * search, never an answer. Each ACR is about (match + pay × bp / 10,000) × 10,000 ÷ compensation.
 */
function uniformAfterTaxEstimate(hces: readonly HceContribution[], allowedSum: number): number {
  let atZero = 0;
  let perBp = 0;
  for (const h of hces) {
    if (h.compensation <= 0) continue;
    atZero += (h.match * 10_000) / h.compensation;
    perBp += h.pay / h.compensation;
  }
  if (!(perBp > 0)) return 0;
  const estimate = Math.floor((allowedSum - atZero) / perBp);
  return Number.isFinite(estimate) ? Math.min(Math.max(estimate, 0), 10_000) : 0;
}

/** A basis-point ACP as a percentage: "5.00%", "4.125%" when exact to 4 places, else "≈5.0042%". */
export function formatAcp(bp: Rational): string {
  const percent = rational(bp.numerator, bp.denominator * 100n);
  let text = formatRational(percent, 4);
  if ((percent.numerator * 10_000n) % percent.denominator !== 0n) return `≈${text}%`;
  while (text.endsWith("0") && text.length > text.indexOf(".") + 3) text = text.slice(0, -1);
  return `${text}%`;
}

/** Runs the test on a finished tally: ACPs, pass/fail, leveling, refunds by dollar amount and the what-if. */
export function acpTest(tally: AcpTally, options: AcpOptions): AcpResult {
  const { year, hces } = tally;
  const steps: Step[] = [];
  const warnings: Warning[] = [];
  const hceCount = hces.length;
  const testing = options.priorYearNhceAcp === null ? "current-year" : "prior-year";

  steps.push(
    step(
      `HCE threshold: ${lookBackYear(year)} compensation over this, or a 5% owner`,
      tally.hceThreshold,
      citeHceThreshold(year),
    ),
    step(
      "Compensation limit for contribution ratios",
      tally.compensationLimit,
      citeFigure("compensationLimit", year),
    ),
    step(
      `Eligible employees: ${hceCount} HCEs, ${tally.nhceCount} NHCEs`,
      null,
      "IRC §414(q); Treas. Reg. §1.401(m)-2(a)(1)",
    ),
    tally.safeHarborMatch
      ? step(
          "ACR = after-tax ÷ compensation, to the nearest 0.01%: the safe-harbor match is left out, after-tax contributions are still tested",
          null,
          `IRC §401(m)(11); Treas. Reg. §1.401(m)-2(a)(5)(iv); ${ACR_CITE}`,
        )
      : step("ACR = (match + after-tax) ÷ compensation, to the nearest 0.01%", null, ACR_CITE),
  );

  const currentNhceAcp = tally.nhceCount > 0 ? rational(tally.nhceAcrSum, tally.nhceCount) : null;
  const nhceAcp = options.priorYearNhceAcp ?? currentNhceAcp;
  const hceAcrSum = hces.reduce((s, h) => s + h.acr, 0);
  const hceAcp = hceCount > 0 ? rational(hceAcrSum, hceCount) : null;
  const maxHceAcp = nhceAcp === null ? null : maximumHceAcp(nhceAcp);
  const passes = acpTestPasses(hceAcp, maxHceAcp);

  if (nhceAcp !== null) {
    steps.push(
      step(
        testing === "prior-year"
          ? `NHCE ACP of the preceding plan year (prior-year testing) = ${formatAcp(nhceAcp)}`
          : `NHCE ACP = ${formatAcp(nhceAcp)}`,
        null,
        testing === "prior-year" ? "IRC §401(m)(2)(A); Treas. Reg. §1.401(m)-2(a)(2)(ii)" : ACR_CITE,
      ),
    );
  }
  if (maxHceAcp !== null) {
    steps.push(
      step(
        `Highest HCE ACP that passes: max(1.25 × NHCE, min(2 × NHCE, NHCE + 2)) = ${formatAcp(maxHceAcp)}`,
        null,
        TEST_CITE,
      ),
    );
  } else {
    steps.push(
      step("No eligible NHCEs: the plan is deemed to pass", null, "Treas. Reg. §1.401(m)-2(a)(1)(ii)"),
    );
  }
  if (hceAcp !== null) steps.push(step(`HCE ACP = ${formatAcp(hceAcp)}`, null, ACR_CITE));
  steps.push(step(passes ? "The ACP test passes" : "The ACP test fails", null, TEST_CITE));

  const allowedSum = maxHceAcp === null ? Number.POSITIVE_INFINITY : allowedAcrSum(maxHceAcp, hceCount);
  let level: BasisPoints | null = null;
  let leveling: LevelingReduction[] = [];
  let refunds: AcpRefund[] = [];
  let totalExcess = ZERO;
  if (!passes) {
    level = highestPermittedAcr(
      hces.map((h) => h.acr),
      allowedSum,
    );
    if (level !== null) {
      leveling = levelingReductions(hces, level);
      totalExcess = cents(leveling.reduce((s, r) => s + r.reduction, 0));
      refunds = distributeByDollarAmount(hces, totalExcess).map(({ hce, excess }) =>
        refundOf(hce, excess, options.refundOrder),
      );
      steps.push(
        step(
          `Leveling: HCE ACRs above ${formatAcp(rational(level, 1))} are cut to it`,
          null,
          "IRC §401(m)(6)(B); Treas. Reg. §1.401(m)-2(b)(2)",
        ),
        step("Excess aggregate contributions (total)", totalExcess, "IRC §401(m)(6)(B)"),
        step(
          `Distributed by dollar amount, highest first, to ${refunds.length} HCEs`,
          totalExcess,
          "IRC §401(m)(6)(C)",
        ),
      );
      warnings.push(
        {
          code: "acp-refund-deadline",
          message: `refund ${formatUsd(totalExcess)} of excess aggregate contributions plus earnings by March 15, ${year + 1} (June 30 for an EACA) to avoid the 10% excise tax of IRC §4979, and by December 31, ${year + 1} at the latest (IRC §401(m)(6)(A)); calendar plan year assumed`,
        },
        {
          code: "acp-refund-retest",
          message:
            "refunds follow the dollar amounts, not the ratios, so a retest on the refunded figures can still fail; the plan is treated as passing once they are paid (IRC §401(m)(6)(A))",
        },
      );
      if (refunds.some((r) => r.match > 0)) {
        warnings.push({
          code: "acp-unvested-match",
          message:
            "refunded match is assumed fully vested; unvested excess match is forfeited, not paid (IRC §411(a)(3)(G))",
        });
      }
      if (refunds.some((r) => r.earnings === null)) {
        warnings.push({
          code: "acp-earnings-unknown",
          message:
            "earnings not computed for HCEs without acp_income and acp_balance_start: the refund must include them",
        });
      }
    }
  }

  const whatIf = maxHceAcp === null || hceCount === 0 ? null : maxUniformHceAfterTax(hces, allowedSum);
  if (whatIf !== null) {
    steps.push(
      step(
        `What-if: the highest uniform HCE after-tax election that passes = ${formatAcp(rational(whatIf, 1))} of pay (before §415(c) and plan caps)`,
        null,
        TEST_CITE,
      ),
    );
  } else if (maxHceAcp !== null && hceCount > 0) {
    warnings.push({
      code: "acp-match-alone-fails",
      message: "the HCEs' match alone fails the test: no after-tax election passes",
    });
  }

  return {
    year,
    testing,
    safeHarborMatchExcluded: tally.safeHarborMatch,
    hceThreshold: tally.hceThreshold,
    lookBackYear: lookBackYear(year),
    compensationLimit: tally.compensationLimit,
    hceCount,
    nhceCount: tally.nhceCount,
    hceAcp,
    nhceAcp,
    maxHceAcp,
    passes,
    highestPermittedAcr: level,
    leveling,
    totalExcess,
    refunds,
    maxUniformHceAfterTax: whatIf,
    refundDeadline: totalExcess > 0 ? `${year + 1}-03-15` : null,
    steps,
    warnings,
  };
}

/** The whole test over a list of participants (for callers that hold them all; a file is streamed into a tally). */
export function acpTestOf(
  year: number,
  participants: Iterable<AcpParticipant>,
  options: AcpOptions,
): AcpResult {
  const tally = acpTally(year, options.safeHarborMatch ?? false);
  for (const p of participants) tallyParticipant(tally, p);
  return acpTest(tally, options);
}

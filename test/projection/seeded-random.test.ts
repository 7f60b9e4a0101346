import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../packages/core/src/rules/projection/seeded-random.js";

const draws = (seed: number, n: number, f: (r: SeededRandom) => number) => {
  const r = new SeededRandom(seed);
  return Array.from({ length: n }, () => f(r));
};

describe("SeededRandom", () => {
  it("reproduces the same sequence from the same seed, and another from another seed", () => {
    expect(draws(42, 100, (r) => r.nextUint32())).toEqual(draws(42, 100, (r) => r.nextUint32()));
    expect(draws(42, 100, (r) => r.nextUint32())).not.toEqual(draws(43, 100, (r) => r.nextUint32()));
  });

  it("gives 32-bit unsigned integers, uniforms strictly inside (0, 1) and indices in range", () => {
    const r = new SeededRandom(7);
    for (let i = 0; i < 10_000; i++) {
      const u = r.nextUint32();
      expect(Number.isInteger(u) && u >= 0 && u < 2 ** 32).toBe(true);
      const x = r.nextUniform();
      expect(x > 0 && x < 1).toBe(true);
      const k = r.nextIndex(98);
      expect(Number.isInteger(k) && k >= 0 && k < 98).toBe(true);
    }
  });

  it("draws normals with mean ≈ 0 and standard deviation ≈ 1 (200,000 draws, seed 1)", () => {
    const xs = draws(1, 200_000, (r) => r.nextNormal());
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
    // Standard error of the mean is 1/√200,000 ≈ 0.0022: these bounds are about 4.5 standard errors.
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(sd - 1)).toBeLessThan(0.01);
    const withinOneSd = xs.filter((x) => Math.abs(x) < 1).length / xs.length;
    expect(Math.abs(withinOneSd - 0.6827)).toBeLessThan(0.005);
  });

  it("spreads bootstrap indices evenly (each of 98 years about 1/98 of 98,000 draws)", () => {
    const counts = new Array(98).fill(0);
    for (const k of draws(3, 98_000, (r) => r.nextIndex(98))) counts[k]++;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(150);
  });

  it("refuses a seed that is not a whole number ≥ 0", () => {
    expect(() => new SeededRandom(-1)).toThrow(RangeError);
    expect(() => new SeededRandom(1.5)).toThrow(RangeError);
  });
});

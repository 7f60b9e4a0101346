/**
 * A seeded pseudo-random generator for Monte Carlo: xoshiro128** (Blackman & Vigna, "Scrambled linear
 * pseudorandom number generators", 2018), its 128-bit state filled from the seed by splitmix32. The same seed
 * gives the same sequence on every platform (only 32-bit integer arithmetic), so a projection is reproducible.
 * Never `Math.random`: core code has no global randomness.
 */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal = 0;
  private hasSpare = false;

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0)
      throw new RangeError(`seed must be a whole number ≥ 0: ${seed}`);
    let s = (seed ^ Math.floor(seed / 2 ** 32)) >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform in (0, 1) with 53 random bits; never exactly 0, so its logarithm is finite. */
  nextUniform(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67108864 + low + 0.5) / 9007199254740992;
  }

  /** A whole number in [0, n) for bootstrap draws: ⌊u32 · n / 2³²⌋, whose bias is below n / 2³² (2·10⁻⁸ for 98 years). */
  nextIndex(n: number): number {
    return Math.floor((this.nextUint32() / 4294967296) * n);
  }

  /** A standard normal variate by the Box–Muller transform; the second variate of each pair is kept for the next call. */
  nextNormal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spareNormal;
    }
    const radius = Math.sqrt(-2 * Math.log(this.nextUniform()));
    const angle = 2 * Math.PI * this.nextUniform();
    this.spareNormal = radius * Math.sin(angle);
    this.hasSpare = true;
    return radius * Math.cos(angle);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

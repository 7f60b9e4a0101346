/**
 * Percentiles of a sample by linear interpolation between order statistics (Hyndman & Fan type 7, the
 * default of R and NumPy): position h = (n − 1)·p, value x₍⌊h⌋₎ + (h − ⌊h⌋)·(x₍⌊h⌋+1₎ − x₍⌊h⌋₎).
 *
 * The Monte Carlo takes five percentiles of every strategy in every year (200 samples of 10,000 for a
 * 40-year run), so the order statistics are found without sorting: one pass counts the values into equal-width
 * buckets between the minimum and maximum (the bucket index is monotone in the value, so bucket order is value
 * order), the counts locate the bucket of each wanted rank, and only those buckets' values are gathered and
 * put in order. The result is exact, the same as sorting.
 */
export class PercentileFinder {
  private static readonly BUCKETS = 4096;
  private readonly bucketOf: Uint16Array;
  private readonly counts = new Int32Array(PercentileFinder.BUCKETS);
  private readonly gatherStart = new Int32Array(PercentileFinder.BUCKETS);
  private readonly firstRank = new Int32Array(PercentileFinder.BUCKETS);
  private readonly filled = new Int32Array(PercentileFinder.BUCKETS);
  private readonly gathered: Float64Array;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`sample size must be a whole number ≥ 1: ${size}`);
    this.bucketOf = new Uint16Array(size);
    this.gathered = new Float64Array(size);
  }

  /** Writes the percentiles (`fractions`, ascending, each 0–1) of `values` (length `size`) to `out`. */
  find(values: Float64Array, fractions: readonly number[], out: Float64Array): void {
    const n = this.size;
    if (values.length !== n) throw new RangeError(`expected ${n} values, got ${values.length}`);
    let min = values[0]!;
    let max = min;
    for (let i = 1; i < n; i++) {
      const x = values[i]!;
      if (x < min) min = x;
      if (x > max) max = x;
    }
    if (!(max > min)) {
      for (let i = 0; i < fractions.length; i++) out[i] = min;
      return;
    }
    const buckets = PercentileFinder.BUCKETS;
    // Halved so that max − min cannot overflow; halving keeps the bucket index monotone in the value.
    const low = min * 0.5;
    // A span too small to divide by (subnormal values) puts everything in one bucket: slower, still exact.
    const span = buckets / (max * 0.5 - low);
    const scale = Number.isFinite(span) ? span : 0;
    const { bucketOf, counts, gatherStart, firstRank, filled, gathered } = this;
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const b = Math.min(buckets - 1, Math.floor((values[i]! * 0.5 - low) * scale));
      bucketOf[i] = b;
      counts[b]!++;
    }
    // The ranks wanted are ⌊h⌋ and ⌊h⌋ + 1 of each fraction; find the bucket of each and mark it for gathering.
    const ranks: number[] = [];
    for (let i = 0; i < fractions.length; i++) {
      const f = fractions[i]!;
      if (!(f >= 0 && f <= 1) || (i > 0 && f < fractions[i - 1]!)) {
        throw new RangeError("fractions must be ascending, from 0 to 1");
      }
      const k = Math.floor((n - 1) * f);
      ranks.push(k, Math.min(k + 1, n - 1));
    }
    const rankBucket = new Array<number>(ranks.length);
    gatherStart.fill(-1);
    let below = 0;
    let next = 0;
    let gatheredCount = 0;
    for (let b = 0; b < buckets && next < ranks.length; b++) {
      const count = counts[b]!;
      if (ranks[next]! < below + count) {
        firstRank[b] = below;
        gatherStart[b] = gatheredCount;
        gatheredCount += count;
        while (next < ranks.length && ranks[next]! < below + count) rankBucket[next++] = b;
      }
      below += count;
    }
    filled.fill(0);
    for (let i = 0; i < n; i++) {
      const b = bucketOf[i]!;
      const start = gatherStart[b]!;
      if (start >= 0) gathered[start + filled[b]!++] = values[i]!;
    }
    const valueOfRank = (j: number): number => {
      const b = rankBucket[j]!;
      const lo = gatherStart[b]!;
      const at = lo + ranks[j]! - firstRank[b]!;
      selectRank(gathered, lo, lo + counts[b]! - 1, at);
      return gathered[at]!;
    };
    for (let i = 0; i < fractions.length; i++) {
      const h = (n - 1) * fractions[i]!;
      const k = Math.floor(h);
      const atK = valueOfRank(2 * i);
      out[i] = h === k ? atK : atK + (h - k) * (valueOfRank(2 * i + 1) - atK);
    }
  }
}

/** Reorders a[lo..hi] so that a[k] holds the value of rank k (Hoare quickselect, median-of-three pivot). */
function selectRank(a: Float64Array, lo: number, hi: number, k: number): void {
  let left = lo;
  let right = hi;
  while (right > left) {
    const mid = (left + right) >>> 1;
    if (a[mid]! < a[left]!) swap(a, left, mid);
    if (a[right]! < a[left]!) swap(a, left, right);
    if (a[right]! < a[mid]!) swap(a, mid, right);
    const pivot = a[mid]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

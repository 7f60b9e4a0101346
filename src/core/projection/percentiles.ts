/**
 * Percentiles of a sample by linear interpolation between order statistics (Hyndman & Fan type 7, the
 * default of R and NumPy): position h = (n − 1)·p, value x₍⌊h⌋₎ + (h − ⌊h⌋)·(x₍⌊h⌋+1₎ − x₍⌊h⌋₎).
 * The order statistics are found by one multi-rank quickselect in place (about 4n comparisons for five
 * percentiles, against n·log₂n for a sort), because the Monte Carlo summarises every strategy in every year.
 */
export function percentilesInPlace(values: Float64Array, fractions: readonly number[], out: Float64Array): void {
  const n = values.length;
  if (n === 0) throw new RangeError("no values");
  const ranks: number[] = [];
  for (let i = 0; i < fractions.length; i++) {
    const f = fractions[i]!;
    if (!(f >= 0 && f <= 1) || (i > 0 && f < fractions[i - 1]!)) {
      throw new RangeError("fractions must be ascending, from 0 to 1");
    }
    const k = Math.floor((n - 1) * f);
    if (ranks[ranks.length - 1] !== k) ranks.push(k);
    if (k + 1 < n) ranks.push(k + 1);
  }
  selectRanks(values, 0, n - 1, ranks, 0, ranks.length - 1);
  for (let i = 0; i < fractions.length; i++) {
    const h = (n - 1) * fractions[i]!;
    const k = Math.floor(h);
    const below = values[k]!;
    out[i] = h === k ? below : below + (h - k) * (values[k + 1]! - below);
  }
}

/**
 * Reorders a[lo..hi] so that, for every rank in ranks[first..last] (ascending, inside lo..hi), a[rank] holds
 * the value of that rank: Hoare partitions around a median of three, descending only into parts that hold a
 * wanted rank; short parts are finished by insertion sort.
 */
function selectRanks(a: Float64Array, lo: number, hi: number, ranks: number[], first: number, last: number): void {
  let left = lo;
  let right = hi;
  let r0 = first;
  const r1 = last;
  while (r0 <= r1 && right > left) {
    if (right - left < 16) {
      insertionSort(a, left, right);
      return;
    }
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
    // a[left..j] ≤ pivot ≤ a[i..right]; ranks strictly between j and i already hold the pivot's value.
    let split = r0;
    while (split <= r1 && ranks[split]! <= j) split++;
    if (split > r0) selectRanks(a, left, j, ranks, r0, split - 1);
    while (split <= r1 && ranks[split]! < i) split++;
    r0 = split;
    left = i;
  }
}

function insertionSort(a: Float64Array, lo: number, hi: number): void {
  for (let i = lo + 1; i <= hi; i++) {
    const x = a[i]!;
    let j = i - 1;
    while (j >= lo && a[j]! > x) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = x;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

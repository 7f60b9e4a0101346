/**
 * A set of ids for the duplicate check of a participant file: `add` says whether the id was new. The same
 * answers as a `Set<string>` (a property test compares them), held in typed arrays instead of a million string
 * objects: each id's UTF-16 code units are copied into one growing arena and an open-addressing hash table
 * holds their positions, so the check costs a hash and, on a hash match, a comparison of code units. Equal
 * code units are equal strings, so a hash collision can never pass for a duplicate, nor hide one.
 *
 * Ids that come in strictly increasing order (code unit by code unit, as `<` compares strings: a file sorted by
 * id) are all different, since each is greater than every id before it; while that holds, `add` only copies the
 * id into the arena and compares it with the one before, and the hash table (whose probes, in a table of a
 * million ids, are each a cache miss) is built from the arena at the first id out of order.
 */
export class IdSet {
  private units = new Uint16Array(1 << 18);
  private used = 0;
  /** Per id: where its code units start in `units`; its end is the next id's start (`starts[count]`). */
  private starts = new Int32Array(1 << 15);
  private hashes = new Int32Array(1 << 15);
  private count = 0;
  /** Slots hold id index + 1; 0 is empty. Size a power of 2, at most half full. */
  private table = new Int32Array(1 << 16);
  /** True while every id so far was greater than the one before it: then none repeats, and `table` is unused. */
  private ascending = true;
  private last = "";

  get size(): number {
    return this.count;
  }

  /** Adds `id`; true if it was not in the set yet. */
  add(id: string): boolean {
    if (this.ascending) {
      if (this.count === 0 || id > this.last) {
        this.last = id;
        this.append(id, 0);
        return true;
      }
      this.ascending = false;
      this.last = "";
      this.buildTable();
    }
    const hash = hashOf(id);
    const mask = this.table.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.table[slot]!;
      if (entry === 0) {
        this.insert(id, hash, slot);
        return true;
      }
      if (this.hashes[entry - 1] === hash && this.equals(entry - 1, id)) return false;
    }
  }

  private equals(index: number, id: string): boolean {
    const start = this.starts[index]!;
    const end = index + 1 < this.count ? this.starts[index + 1]! : this.used;
    if (end - start !== id.length) return false;
    for (let i = 0; i < id.length; i++) if (this.units[start + i] !== id.charCodeAt(i)) return false;
    return true;
  }

  private insert(id: string, hash: number, slot: number): void {
    this.append(id, hash);
    this.table[slot] = this.count;
    if (this.count * 2 > this.table.length) this.rehash();
  }

  /** Copies the id's code units into the arena (and its hash beside its start). */
  private append(id: string, hash: number): void {
    if (this.used + id.length > this.units.length) {
      const grown = new Uint16Array(Math.max(this.units.length * 2, this.used + id.length));
      grown.set(this.units.subarray(0, this.used));
      this.units = grown;
    }
    if (this.count === this.starts.length) {
      this.starts = grow(this.starts);
      this.hashes = grow(this.hashes);
    }
    this.starts[this.count] = this.used;
    this.hashes[this.count] = hash;
    for (let i = 0; i < id.length; i++) this.units[this.used + i] = id.charCodeAt(i);
    this.used += id.length;
    this.count += 1;
  }

  /** The ids in the arena, hashed and put in a table (once, at the first id out of order). */
  private buildTable(): void {
    for (let index = 0; index < this.count; index++) {
      const start = this.starts[index]!;
      const end = index + 1 < this.count ? this.starts[index + 1]! : this.used;
      let hash = FNV_OFFSET;
      for (let i = start; i < end; i++) hash = Math.imul(hash ^ this.units[i]!, FNV_PRIME);
      this.hashes[index] = hash;
    }
    let size = 1 << 16;
    while (this.count * 2 > size) size *= 4;
    this.table = new Int32Array(size);
    this.fill();
  }

  private rehash(): void {
    // Grown four-fold, so a million ids cost few rehashes.
    this.table = new Int32Array(this.table.length * 4);
    this.fill();
  }

  /** Puts every id of the arena into the (empty) table by its hash. */
  private fill(): void {
    const table = this.table;
    const mask = table.length - 1;
    for (let index = 0; index < this.count; index++) {
      let slot = this.hashes[index]! & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = index + 1;
    }
  }
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** FNV-1a over the UTF-16 code units, 32-bit. */
function hashOf(id: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), FNV_PRIME);
  return hash;
}

function grow(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}

import { describe, expect, it } from "vitest";
import { parseLedgerCsv } from "../../src/ledger-store/csv.js";
import { canonicalJson } from "../../src/ledger-store/ledger-store.js";
import { bigLedgerCsv } from "./big-csv.js";

/** The text `canonicalJson` gave before its direct path for flat objects (#14): the reference it must equal. */
function reference(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = [
  "type",
  "date",
  "account",
  "amount",
  "note",
  "10",
  "0",
  "__proto__",
  "toJSON",
  "é",
  "Z",
  "a b",
  "",
];
const VALUES: unknown[] = [
  "x",
  'é\u0000"\\\n',
  "\ud800",
  0,
  -0,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  123456789012,
  true,
  false,
  null,
  undefined,
  [1, { b: 1, a: 2 }],
  { z: 1, a: { y: 2, b: 3 } },
  () => 1,
  new Date(0),
];

describe("canonicalJson", () => {
  it("gives the reference text for every event of a generated ledger", () => {
    const { events } = parseLedgerCsv(bigLedgerCsv(5_000));
    expect(events.length).toBe(5_000);
    for (const event of events) expect(canonicalJson(event)).toBe(reference(event));
  });

  it("gives the reference text for odd objects (index-like keys, undefined, nested, functions, dates)", () => {
    for (const seed of [20261204, Date.now() % 1_000_000]) {
      const next = random(seed);
      for (let n = 0; n < 20_000; n++) {
        const value: Record<string, unknown> = {};
        const count = Math.floor(next() * 6);
        for (let k = 0; k < count; k++) {
          const key = KEYS[Math.floor(next() * KEYS.length)]!;
          Object.defineProperty(value, key, {
            value: VALUES[Math.floor(next() * VALUES.length)],
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        expect(canonicalJson(value), `seed ${seed}, case ${n}`).toBe(reference(value));
      }
    }
    for (const odd of [null, 1, "s", [], [{ b: 1, a: 1 }], new Date(0), Object.create(null)])
      expect(canonicalJson(odd)).toBe(reference(odd));
  });
});

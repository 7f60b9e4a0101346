import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EVENT_TYPES, validateEvent } from "../../packages/core/src/rules/ledger/events.js";
import { checkStoredEvent, fastStoredEvent } from "../../packages/core/src/rules/ledger/stored-event.js";
import { parseLedgerCsv } from "../../src/ledger-store/csv.js";
import { bigLedgerCsv } from "./big-csv.js";

/**
 * Issue #14: the fast check of stored events must give exactly what the schema gives. It may only say "not
 * sure" (null) — never accept what the schema refuses, and when it accepts, build the same object (same
 * keys in the same order, so every output that prints an event stays byte for byte the same).
 */

const same = (input: unknown) => {
  const fast = fastStoredEvent(input);
  const schema = validateEvent(input);
  if (fast !== null) {
    expect(schema.event, JSON.stringify(input)).not.toBeNull();
    expect(JSON.stringify(fast)).toBe(JSON.stringify(schema.event));
  }
  expect(JSON.stringify(checkStoredEvent(input))).toBe(JSON.stringify(schema));
};

const cents = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.integer({ min: 1, max: 10_000_000_000 }),
  fc.constantFrom(10_000_000_001, -10_000_000_000, 0.5, Number.MAX_SAFE_INTEGER + 1, -0, Number.NaN),
  fc.constant(null),
  fc.constant("100"),
);
const date = fc.oneof(
  fc
    .date({ min: new Date("1970-01-01"), max: new Date("2105-12-31"), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom(
    "2025-02-29",
    "2024-02-29",
    "2025-13-01",
    "2025-1-01",
    "2025-12-31",
    "1974-01-01",
    "",
    20250101,
  ),
);
const account = fc.oneof(
  fc.constantFrom(
    "sub",
    "roth401k",
    "ira",
    "a.b_c-d",
    "-bad",
    "",
    "x".repeat(40),
    "x".repeat(41),
    "toString",
  ),
  fc.string({ maxLength: 6 }),
);
const note = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom("p1", "", "x".repeat(200), "x".repeat(201), "tab\there", "é ü", "__proto__"),
  fc.string({ maxLength: 8 }),
);
const taxYear = fc.oneof(fc.integer({ min: 1970, max: 2105 }), fc.constantFrom(2024.5, "2024", null));

/** Objects near valid events: every field drawn from valid and invalid values, sometimes missing or extra. */
const nearEvent = fc
  .record(
    {
      type: fc.oneof(fc.constantFrom(...EVENT_TYPES), fc.constantFrom("roll-in", "constructor", 7)),
      date,
      account,
      note,
      kind: fc.constantFrom("401k-after-tax", "roth-ira", "traditional-ira", "pension", "toString"),
      amount: cents,
      toAccount: account,
      destinations: fc.oneof(
        fc.array(fc.record({ account, amount: cents }, { requiredKeys: [] }), { maxLength: 3 }),
        fc.constant("x"),
      ),
      basis: cents,
      earnings: cents,
      taxable: cents,
      taxYear,
      code: fc.constantFrom("G", "7", "1B", "H", "0", "ABC", "g", ""),
      extra: fc.constant("dropped"),
    },
    { requiredKeys: ["type"] },
  )
  .map((e) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(e)) if (!(k === "note" && v === undefined)) out[k] = v;
    return out;
  });

describe("the fast check of stored events (checkStoredEvent)", () => {
  it("property: agrees with the schema on objects near valid events", () => {
    fc.assert(fc.property(nearEvent, same), { numRuns: 20_000, seed: 1214 });
  });

  it("property: agrees with the schema with a fresh seed (printed by fast-check on failure)", () => {
    fc.assert(fc.property(nearEvent, same), { numRuns: 5_000 });
  });

  it("takes the fast path for every event of the documented example, the web fixture and of a big ledger, and builds the same events", () => {
    const doc = readFileSync(new URL("../../docs/ledger-csv.md", import.meta.url), "utf8");
    const texts = [...doc.matchAll(/```csv\n([\s\S]*?)```/g)].map((m) => m[1]!);
    texts.push(readFileSync(new URL("../web/fixtures/ledger-good.csv", import.meta.url), "utf8"));
    texts.push(bigLedgerCsv(5_000));
    let checked = 0;
    for (const text of texts) {
      const parsed = parseLedgerCsv(text);
      for (const event of parsed.events) {
        const stored = JSON.parse(JSON.stringify(event));
        expect(fastStoredEvent(stored), JSON.stringify(stored)).not.toBeNull();
        same(stored);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(5_000);
  });
});

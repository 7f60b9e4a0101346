import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { balanceView } from "../../src/cli/commands/ledger.js";
import { LedgerStore } from "../../src/ledger-store/ledger-store.js";
import { createApp } from "../../src/server/app.js";
import { type ApiError, ledgerApi, MAX_EVENT_BODY_BYTES } from "../../src/server/ledger-api.js";

const PORT = 5177;
const ORIGIN = `http://127.0.0.1:${PORT}`;
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
let dir: string;
let store: LedgerStore;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "megaroth-edit-api-"));
  writeFileSync(join(dir, "index.html"), "<!doctype html>");
  store = LedgerStore.open(join(dir, "ledger.sqlite"), { create: true });
  // ledger-good.csv: 1 open plan-at, 2 open plan-roth, 3 and 4 $1,500 contributions, 5 $3,000 conversion, 6-7 year-end values
  const res = await send("POST", "/api/ledger/import", {
    body: JSON.stringify({ fileName: "good.csv", text: fixture("ledger-good.csv") }),
  });
  expect(res.status).toBe(201);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function send(
  method: string,
  path: string,
  options: { body?: string; headers?: Record<string, string>; backend?: LedgerStore } = {},
) {
  return createApp({ assetsDir: dir, port: () => PORT, api: ledgerApi(options.backend ?? store) }).request(
    `${ORIGIN}${path}`,
    {
      method,
      headers: {
        host: `127.0.0.1:${PORT}`,
        origin: ORIGIN,
        "content-type": "application/json",
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: options.body }),
    },
  );
}

const CONTRIBUTION = {
  date: "2026-01-15",
  type: "after-tax-contribution",
  account: "plan-at",
  amount: "1,600.00",
};
const snapshot = () => ({ events: store.events(), history: store.history() });

describe("GET /api/ledger/events", () => {
  it("gives each event with the form's cells to edit it", async () => {
    const res = await send("GET", "/api/ledger/events");
    const json = (await res.json()) as { events: { id: number; row: Record<string, string> }[] };
    expect(json.events.find((e) => e.id === 3)?.row).toEqual({
      date: "2026-01-15",
      type: "after-tax-contribution",
      account: "plan-at",
      amount: "1500.00",
    });
  });
});

describe("PUT /api/ledger/events/:id", () => {
  it("replaces the event, keeps its id and the earlier version", async () => {
    const res = await send("PUT", "/api/ledger/events/3", { body: JSON.stringify({ row: CONTRIBUTION }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      id: 3,
      changed: true,
      event: { type: "after-tax-contribution", date: "2026-01-15", account: "plan-at", amount: 160_000 },
    });
    expect(store.events().find((s) => s.id === 3)?.event).toMatchObject({ amount: 160_000 });
    expect(store.history().map((h) => [h.eventId, h.change])).toEqual([[3, "replaced"]]);
  });

  it("answers 404 for an unknown id and 400 for one that is not an id, writing nothing", async () => {
    const before = snapshot();
    const missing = await send("PUT", "/api/ledger/events/99", {
      body: JSON.stringify({ row: CONTRIBUTION }),
    });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as ApiError).error).toBe(
      "no event #99 in the ledger (never recorded, or removed)",
    );
    for (const id of ["abc", "0", "-3", "1.5", "99999999999999999999"]) {
      const bad = await send("PUT", `/api/ledger/events/${id}`, {
        body: JSON.stringify({ row: CONTRIBUTION }),
      });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as ApiError).issues?.[0]?.path).toBe("(id)");
    }
    expect(snapshot()).toEqual(before);
  });

  it.each([
    ["not JSON", "{"],
    ["no row", JSON.stringify({})],
    ["an extra field", JSON.stringify({ row: CONTRIBUTION, admin: true })],
    ["an unknown column", JSON.stringify({ row: { ...CONTRIBUTION, password: "x" } })],
    ["a negative amount", JSON.stringify({ row: { ...CONTRIBUTION, amount: "-5" } })],
    ["a formula in the note", JSON.stringify({ row: { ...CONTRIBUTION, note: "=HYPERLINK(1)" } })],
  ])("answers 400 to a body with %s, says why, and writes nothing", async (_name, body) => {
    const before = snapshot();
    const res = await send("PUT", "/api/ledger/events/3", { body });
    expect(res.status).toBe(400);
    const json = (await res.json()) as ApiError;
    expect(json.error).toMatch(/not valid/);
    expect([...(json.issues ?? []), ...(json.rowErrors ?? [])].length).toBeGreaterThan(0);
    expect(snapshot()).toEqual(before);
  });

  it("answers 409 naming the later event an edit would make impossible, and writes nothing", async () => {
    const before = snapshot();
    const res = await send("PUT", "/api/ledger/events/4", {
      body: JSON.stringify({ row: { ...CONTRIBUTION, date: "2026-02-15", amount: "1,000.00" } }),
    });
    expect(res.status).toBe(409);
    const json = (await res.json()) as ApiError;
    expect(json.error).toBe("cannot change event #4; nothing was changed");
    expect(json.rowErrors).toEqual([
      {
        line: 0,
        column: null,
        message:
          "recorded event #5 (2026-03-01 in-plan-roth-conversion on plan-at) would no longer be valid: is more than the ledger balance of plan-at on 2026-03-01 ($2,500.00); record a statement-balance first",
      },
    ]);
    expect(snapshot()).toEqual(before);
  });

  it("answers 409 with the column when the edited event itself does not fit", async () => {
    const res = await send("PUT", "/api/ledger/events/3", {
      body: JSON.stringify({ row: { ...CONTRIBUTION, type: "employer-contribution" } }),
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as ApiError).rowErrors?.[0]).toEqual({
      line: 1,
      column: "account",
      message:
        "a employer-contribution cannot be recorded on a 401k-after-tax account (allowed: 401k-pretax)",
    });
  });

  it("refuses a write from another origin or site (403), a non-JSON body (415) and a huge body (413)", async () => {
    const before = snapshot();
    const body = JSON.stringify({ row: CONTRIBUTION });
    const cross = await send("PUT", "/api/ledger/events/3", {
      body,
      headers: { origin: "http://evil.example" },
    });
    expect(cross.status).toBe(403);
    const site = await send("PUT", "/api/ledger/events/3", {
      body,
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect(site.status).toBe(403);
    const form = await send("PUT", "/api/ledger/events/3", {
      body: "row=1",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(415);
    const huge = await send("PUT", "/api/ledger/events/3", {
      body: JSON.stringify({ row: { ...CONTRIBUTION, note: "x".repeat(MAX_EVENT_BODY_BYTES) } }),
    });
    expect(huge.status).toBe(413);
    const rebound = await send("PUT", "/api/ledger/events/3", { body, headers: { host: "evil.example" } });
    expect(rebound.status).toBe(421);
    expect(snapshot()).toEqual(before);
  });
});

describe("DELETE /api/ledger/events/:id", () => {
  it("removes the event and keeps it in the history", async () => {
    const res = await send("DELETE", "/api/ledger/events/7");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      removed: {
        id: 7,
        event: { type: "year-end-value", date: "2026-12-31", account: "plan-roth", amount: 310_000 },
      },
    });
    expect(store.events().map((s) => s.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(store.history().map((h) => [h.eventId, h.change])).toEqual([[7, "removed"]]);
  });

  it("answers 404, 400, 409 and 403 as it should, and writes nothing", async () => {
    const before = snapshot();
    expect((await send("DELETE", "/api/ledger/events/70")).status).toBe(404);
    expect((await send("DELETE", "/api/ledger/events/seven")).status).toBe(400);
    const refused = await send("DELETE", "/api/ledger/events/2");
    expect(refused.status).toBe(409);
    const json = (await refused.json()) as ApiError;
    expect(json.error).toBe("cannot remove event #2; nothing was changed");
    expect(json.rowErrors?.map((e) => e.message)).toEqual([
      'recorded event #5 (2026-03-01 in-plan-roth-conversion on plan-at) would no longer be valid: unknown account "plan-roth" (open it first)',
      'recorded event #7 (2026-12-31 year-end-value on plan-roth) would no longer be valid: unknown account "plan-roth" (open it first)',
    ]);
    expect(
      (await send("DELETE", "/api/ledger/events/7", { headers: { origin: "http://evil.example" } })).status,
    ).toBe(403);
    expect(
      (await send("DELETE", "/api/ledger/events/7", { headers: { "content-type": "text/plain" } })).status,
    ).toBe(415);
    expect(snapshot()).toEqual(before);
  });

  it("answers 500 when the store fails mid-removal, and the ledger is as it was", async () => {
    const before = snapshot();
    const raw = (await import("better-sqlite3")).default(join(dir, "ledger.sqlite"));
    raw.exec(
      "CREATE TRIGGER refuse_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    );
    raw.close();
    const res = await send("DELETE", "/api/ledger/events/7");
    expect(res.status).toBe(500);
    expect(((await res.json()) as ApiError).error).toMatch(/disk full/);
    expect(snapshot()).toEqual(before);
  });
});

describe("the saved fold after each write through the API (#14)", () => {
  it("POST, PUT, DELETE and import each leave a saved fold that balance uses, the same as the full path", async () => {
    const path = join(dir, "ledger.sqlite");
    const sameAsFull = () => {
      const reader = LedgerStore.open(path, { mode: "read" });
      try {
        for (const asOf of ["2026-12-31", "2100-12-31"]) {
          const saved = reader.savedBalanceState(asOf);
          expect(saved).not.toBeNull();
          const view = (s: ReturnType<LedgerStore["balanceState"]>) =>
            JSON.stringify(balanceView(s, asOf).json);
          expect(view(saved!)).toBe(view(reader.balanceState(asOf, { full: true })));
        }
      } finally {
        reader.close();
      }
    };
    sameAsFull(); // after the import in beforeEach
    expect(
      (await send("POST", "/api/ledger/events", { body: JSON.stringify({ row: CONTRIBUTION }) })).status,
    ).toBe(201);
    sameAsFull();
    const edited = { ...CONTRIBUTION, amount: "1,700.00" };
    expect(
      (await send("PUT", "/api/ledger/events/3", { body: JSON.stringify({ row: edited }) })).status,
    ).toBe(200);
    sameAsFull();
    expect((await send("DELETE", "/api/ledger/events/4")).status).toBe(200);
    sameAsFull();
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CSV_COLUMNS } from "../../src/ledger-store/csv.js";
import { LedgerStore } from "../../src/ledger-store/ledger-store.js";
import { createApp } from "../../src/server/app.js";
import { type ApiError, ledgerApi } from "../../src/server/ledger-api.js";
import { LEDGER_CSV_COLUMNS } from "../../src/web/ledger-client.js";

const PORT = 5177;
const ORIGIN = `http://127.0.0.1:${PORT}`;
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
let dir: string;
let store: LedgerStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "megaroth-api-"));
  writeFileSync(join(dir, "index.html"), "<!doctype html>");
  store = LedgerStore.open(join(dir, "ledger.sqlite"), { create: true });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function post(path: string, body: string, backend: LedgerStore = store) {
  return createApp({ assetsDir: dir, port: () => PORT, api: ledgerApi(backend) }).request(
    `${ORIGIN}${path}`,
    {
      method: "POST",
      headers: { host: `127.0.0.1:${PORT}`, origin: ORIGIN, "content-type": "application/json" },
      body,
    },
  );
}

const OPEN = { date: "2026-01-01", type: "open", account: "plan-at", kind: "401k-after-tax" };
const CONTRIBUTION = {
  date: "2026-01-15",
  type: "after-tax-contribution",
  account: "plan-at",
  amount: "1,500.00",
};

describe("adding an event", () => {
  it("records a valid row, in cents, and lists it", async () => {
    expect((await post("/api/ledger/events", JSON.stringify({ row: OPEN }))).status).toBe(201);
    const res = await post("/api/ledger/events", JSON.stringify({ row: CONTRIBUTION }));
    expect(res.status).toBe(201);
    expect(store.events().map((e) => e.event)).toContainEqual({
      type: "after-tax-contribution",
      date: "2026-01-15",
      account: "plan-at",
      amount: 150_000,
    });
  });

  it.each([
    ["not JSON", "{", 400],
    ["no row", JSON.stringify({}), 400],
    ["an extra field", JSON.stringify({ row: OPEN, admin: true }), 400],
    ["an unknown column", JSON.stringify({ row: { ...OPEN, password: "x" } }), 400],
    ["a cell that is not text", JSON.stringify({ row: { ...OPEN, kind: 5 } }), 400],
    ["a negative amount", JSON.stringify({ row: { ...CONTRIBUTION, amount: "-5" } }), 400],
    ["a date that is not a date", JSON.stringify({ row: { ...OPEN, date: "2026-02-30" } }), 400],
    ["an account never opened", JSON.stringify({ row: CONTRIBUTION }), 409],
  ])("refuses %s (%s), says why, and writes nothing", async (_name, body, status) => {
    const res = await post("/api/ledger/events", body);
    expect(res.status).toBe(status);
    const json = (await res.json()) as ApiError;
    expect(json.error).toMatch(/not valid|does not fit/);
    expect([...(json.issues ?? []), ...(json.rowErrors ?? [])].length).toBeGreaterThan(0);
    expect(store.events()).toEqual([]);
  });

  it("names the column of a bad cell", async () => {
    const res = await post("/api/ledger/events", JSON.stringify({ row: { ...CONTRIBUTION, amount: "-5" } }));
    const json = (await res.json()) as ApiError;
    expect(json.rowErrors).toContainEqual({ line: 1, column: "amount", message: "must be more than $0.00" });
  });

  it("refuses the same event twice", async () => {
    await post("/api/ledger/events", JSON.stringify({ row: OPEN }));
    expect((await post("/api/ledger/events", JSON.stringify({ row: OPEN }))).status).toBe(409);
    expect(store.events()).toHaveLength(1);
  });
});

describe("importing a ledger file", () => {
  it("imports a valid CSV whole", async () => {
    const res = await post(
      "/api/ledger/import",
      JSON.stringify({ fileName: "good.csv", text: fixture("ledger-good.csv") }),
    );
    expect(res.status).toBe(201);
    expect(((await res.json()) as { imported: number }).imported).toBe(7);
    expect(store.events()).toHaveLength(7);
  });

  it("refuses a malformed CSV with every row error, and writes nothing", async () => {
    await post(
      "/api/ledger/import",
      JSON.stringify({ fileName: "good.csv", text: fixture("ledger-good.csv") }),
    );
    const res = await post(
      "/api/ledger/import",
      JSON.stringify({ fileName: "bad.csv", text: fixture("ledger-bad.csv") }),
    );
    expect(res.status).toBe(400);
    const json = (await res.json()) as ApiError;
    expect(json.errorCount).toBe(3);
    expect(json.rowErrors?.map((e) => [e.line, e.column])).toEqual([
      [3, "date"],
      [4, "amount"],
      [5, "type"],
    ]);
    expect(store.events()).toHaveLength(7);
  });

  it("refuses a file whose events do not fit the ledger (already imported)", async () => {
    const body = JSON.stringify({ fileName: "good.csv", text: fixture("ledger-good.csv") });
    await post("/api/ledger/import", body);
    const again = await post("/api/ledger/import", body);
    expect(again.status).toBe(409);
    expect(((await again.json()) as ApiError).rowErrors?.[0]?.message).toMatch(/already in the ledger/);
    expect(store.events()).toHaveLength(7);
  });

  it.each([
    ["no file name", JSON.stringify({ text: "" })],
    ["text that is not text", JSON.stringify({ fileName: "a.csv", text: 5 })],
  ])("refuses a body with %s", async (_name, body) => {
    const res = await post("/api/ledger/import", body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as ApiError).issues?.length).toBeGreaterThan(0);
  });

  it("answers 500 when the store fails mid-import, and the ledger is as it was", async () => {
    await post("/api/ledger/events", JSON.stringify({ row: OPEN }));
    const failing = Object.create(store) as LedgerStore;
    failing.append = (events, source) =>
      store.append(events, source, () => {
        throw new Error("disk full");
      });
    const res = await post(
      "/api/ledger/import",
      JSON.stringify({
        fileName: "more.csv",
        text: `date,type,account,amount\n2026-01-15,after-tax-contribution,plan-at,10\n`,
      }),
      failing,
    );
    expect(res.status).toBe(500);
    expect(store.events().map((e) => e.event.type)).toEqual(["open"]);
  });
});

function get(path: string, host = `127.0.0.1:${PORT}`) {
  return createApp({ assetsDir: dir, port: () => PORT, api: ledgerApi(store) }).request(`${ORIGIN}${path}`, {
    headers: { host },
  });
}

describe("exports, backup and history from the page", () => {
  it("exports CSV and JSON as `ledger export` writes them, as downloads, and both re-import", async () => {
    await post("/api/ledger/events", JSON.stringify({ row: OPEN }));
    await post("/api/ledger/events", JSON.stringify({ row: CONTRIBUTION }));
    const csv = await get("/api/ledger/export?format=csv");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-disposition")).toBe('attachment; filename="megaroth-ledger.csv"');
    const csvText = await csv.text();
    expect(csvText.split("\n")[0]).toBe(CSV_COLUMNS.join(","));
    expect(csvText).toMatch(/2026-01-15,after-tax-contribution,plan-at,1500\.00/);
    const json = await get("/api/ledger/export?format=json");
    const body = (await json.json()) as { format: string; events: { amount?: number }[] };
    expect(body.format).toBe("megaroth-ledger");
    expect(body.events[1]?.amount).toBe(1500);
    const other = LedgerStore.open(join(dir, "other.sqlite"), { create: true });
    try {
      expect(
        (await post("/api/ledger/import", JSON.stringify({ fileName: "x.csv", text: csvText }), other))
          .status,
      ).toBe(201);
      expect(other.events().map((e) => e.event)).toEqual(store.events().map((e) => e.event));
    } finally {
      other.close();
    }
    const bad = await get("/api/ledger/export?format=xml");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ApiError).issues?.[0]?.message).toMatch(/allowed: csv, json/);
  });

  it("backs up the whole ledger as an SQLite file that opens with the same events", async () => {
    await post("/api/ledger/events", JSON.stringify({ row: OPEN }));
    const res = await get("/api/ledger/backup");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.sqlite3");
    const file = join(dir, "restored.sqlite");
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const restored = LedgerStore.open(file);
    try {
      expect(restored.events()).toEqual(store.events());
    } finally {
      restored.close();
    }
  });

  it("lists each edited or removed event's earlier version", async () => {
    await post("/api/ledger/events", JSON.stringify({ row: OPEN }));
    await post("/api/ledger/events", JSON.stringify({ row: CONTRIBUTION }));
    const [, contribution] = store.events();
    store.replaceEvent(contribution!.id, { ...contribution!.event, amount: 200_000 } as never);
    const res = await get("/api/ledger/history");
    const { history } = (await res.json()) as {
      history: { eventId: number; change: string; event: { amount: number } }[];
    };
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      eventId: contribution!.id,
      change: "replaced",
      event: { amount: 150_000 },
    });
  });

  it("refuses every download to a Host that is not this machine (DNS rebinding)", async () => {
    for (const path of ["/api/ledger/export?format=csv", "/api/ledger/backup", "/api/ledger/history"]) {
      expect((await get(path, "evil.example:5177")).status).toBe(421);
    }
  });

  it("the page's list of CSV columns is the importer's, in the same order", () => {
    expect(LEDGER_CSV_COLUMNS.map(([c]) => c)).toEqual([...CSV_COLUMNS]);
  });
});

import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importLedgerFile } from "../../src/ledger-store/import.js";
import { LedgerEnvironmentError, LedgerStore } from "../../src/ledger-store/ledger-store.js";
import { MIGRATIONS } from "../../src/ledger-store/migrations.js";
import { createApp } from "../../src/server/app.js";
import { ledgerApi } from "../../src/server/ledger-api.js";
import { startServer } from "../../src/server/start.js";
import { runCli } from "../helpers/cli.js";
import { bigLedgerCsv } from "./big-csv.js";

/**
 * Issue #12 items 3–9 at the command line and the server: files that are not ledgers, older ledgers,
 * text that is not UTF-8, oversized scenarios, prototype names as option values, failures of the machine
 * (disk full, read-only, damaged file or row), wrong messages, and the API's cache and TRACE answers.
 */

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "megaroth-hostile-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
const SMALL_CSV = `date,type,account,amount,kind,note
2025-01-01,open,sub,,401k-after-tax,
2025-01-31,after-tax-contribution,sub,1000.00,,January
2025-02-28,after-tax-contribution,sub,1000.00,,February
`;

function ledgerWith(name: string, csv = SMALL_CSV): string {
  const db = join(dir, `${name}.sqlite`);
  const file = join(dir, `${name}.csv`);
  writeFileSync(file, csv);
  expect(runCli(["ledger", "init", "--db", db]).code).toBe(0);
  expect(runCli(["ledger", "import", file, "--db", db]).code).toBe(0);
  return db;
}

/** One line on stderr, exit 2. */
function refusedInOneLine(result: { code: number; stderr: string }) {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr.trim().split("\n"), result.stderr).toHaveLength(1);
  expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
}

describe("a file that is not a megaroth ledger", () => {
  const ADD = ["--type", "open", "--date", "2025-01-01", "--account", "x", "--kind", "taxable"];
  const commands = (db: string, csv: string): string[][] =>
    [
      ["list"],
      ["balance"],
      ["history"],
      ["reconcile"],
      ["report", "--year", "2025"],
      ["export"],
      ["backup", join(dir, `copy-${Math.random().toString(36).slice(2)}.sqlite`)],
      ["add", ...ADD],
      ["import", csv],
      ["edit", "1", "--note", "x"],
      ["remove", "1"],
      ["migrate"],
    ].map((args) => ["ledger", ...args, "--db", db]);

  it("someone else's SQLite database: every command but init refuses it, naming it, and leaves it byte for byte", () => {
    const db = join(dir, "other.sqlite");
    const raw = new Database(db);
    raw.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ada');");
    raw.close();
    const csv = join(dir, "other.csv");
    writeFileSync(csv, SMALL_CSV);
    const before = sha(db);
    for (const args of [...commands(db, csv), ["ledger", "init", "--db", db]]) {
      const result = runCli(args);
      refusedInOneLine(result);
      expect(result.stderr).toContain(`${db} is not a megaroth ledger`);
      expect(sha(db), args.join(" ")).toBe(before);
      expect(existsSync(`${db}-wal`)).toBe(false);
    }
    const check = new Database(db, { readonly: true });
    expect(check.pragma("journal_mode", { simple: true })).toBe("delete");
    expect(check.prepare("SELECT name FROM sqlite_master").pluck().all()).toEqual(["contacts"]);
    check.close();
  }, 120_000);

  it("a 0-byte file and a text file are refused by reads and writes alike; init makes a ledger of the 0-byte one only", () => {
    const empty = join(dir, "empty.sqlite");
    const text = join(dir, "notes.sqlite");
    writeFileSync(empty, "");
    writeFileSync(text, "my notes\n");
    const csv = join(dir, "e.csv");
    writeFileSync(csv, SMALL_CSV);
    for (const [file, what] of [
      [empty, "it is an empty file"],
      [text, "it is not an SQLite database"],
    ] as const) {
      for (const args of [
        ["ledger", "list", "--db", file],
        ["ledger", "add", ...ADD, "--db", file],
        ["ledger", "import", csv, "--db", file],
      ]) {
        const result = runCli(args);
        refusedInOneLine(result);
        expect(result.stderr).toContain(`${file} is not a megaroth ledger (${what})`);
      }
    }
    expect(readFileSync(empty, "utf8")).toBe("");
    expect(readFileSync(text, "utf8")).toBe("my notes\n");
    refusedInOneLine(runCli(["ledger", "init", "--db", text]));
    expect(readFileSync(text, "utf8")).toBe("my notes\n");
    expect(runCli(["ledger", "init", "--db", empty]).code).toBe(0);
    expect(runCli(["ledger", "list", "--db", empty]).code).toBe(0);
  }, 120_000);
});

describe("a ledger of an older schema", () => {
  function versionTwoLedger(name: string): string {
    const db = join(dir, `${name}.sqlite`);
    const raw = new Database(db);
    raw.pragma("journal_mode = WAL");
    raw.exec(
      "CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (2);",
    );
    raw.exec(MIGRATIONS[0]!.sql);
    raw.exec(MIGRATIONS[1]!.sql);
    const insert = raw.prepare("INSERT INTO events (date, type, account, body) VALUES (?, ?, ?, ?)");
    insert.run(
      "2025-01-01",
      "open",
      "sub",
      '{"account":"sub","date":"2025-01-01","kind":"401k-after-tax","type":"open"}',
    );
    insert.run(
      "2025-01-31",
      "after-tax-contribution",
      "sub",
      '{"account":"sub","amount":100000,"date":"2025-01-31","type":"after-tax-contribution"}',
    );
    raw.close();
    return db;
  }
  const versionOf = (db: string) => {
    const raw = new Database(db, { readonly: true });
    const v = raw.prepare("SELECT version FROM schema_version").pluck().get();
    raw.close();
    return v;
  };

  it("is read as it is by read commands (nothing written), and upgraded by a write after a backup copy", () => {
    const db = versionTwoLedger("v2");
    const before = sha(db);
    const list = runCli(["ledger", "list", "--db", db, "--json"]);
    expect(list.code, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as { events: unknown[] }).events).toHaveLength(2);
    expect(runCli(["ledger", "balance", "--db", db, "--as-of", "2025-12-31"]).code).toBe(0);
    expect(runCli(["ledger", "history", "--db", db]).stdout).toBe("No event has been edited or removed.\n");
    expect(sha(db)).toBe(before);
    expect(versionOf(db)).toBe(2);

    const add = runCli([
      "ledger",
      "add",
      "--db",
      db,
      "--type",
      "after-tax-contribution",
      "--date",
      "2025-02-28",
      "--account",
      "sub",
      "--amount",
      "5",
    ]);
    expect(add.code, add.stderr).toBe(0);
    const backup = `${db}.schema-v2.backup`;
    expect(add.stderr).toBe(
      `megaroth: upgraded ${db} from schema version 2 to 4; the earlier file is kept at ${backup}\n`,
    );
    expect(versionOf(db)).toBe(4);
    expect(versionOf(backup)).toBe(2);
    const copy = new Database(backup, { readonly: true });
    expect(copy.prepare("SELECT count(*) FROM events").pluck().get()).toBe(2);
    copy.close();
  });

  it("`ledger migrate` upgrades it after a backup, and says so when there is nothing to do", () => {
    const db = versionTwoLedger("v2-migrate");
    const result = runCli(["ledger", "migrate", "--db", db, "--json"]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      path: db,
      migrated: true,
      from: 2,
      schemaVersion: 4,
      backup: `${db}.schema-v2.backup`,
    });
    expect(versionOf(`${db}.schema-v2.backup`)).toBe(2);
    expect(runCli(["ledger", "migrate", "--db", db]).stdout).toBe(
      `Ledger ${db} is already at schema version 4\n`,
    );
  });
});

describe("text that is not UTF-8", () => {
  it("a Latin-1 ledger CSV is refused with the line and column of the first bad byte; nothing is imported", () => {
    const db = ledgerWith("latin1");
    const file = join(dir, "latin1.csv");
    const row = "2025-03-31,after-tax-contribution,sub,10.00,caf\xe9";
    writeFileSync(file, Buffer.from(`date,type,account,amount,note\n${row}\n`, "latin1"));
    const result = runCli(["ledger", "import", file, "--db", db]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `${file}: line 2, column ${row.indexOf("\xe9") + 1}: byte 0xE9 is not UTF-8 text (save the file as UTF-8)\nmegaroth: ${file}: 1 error(s); nothing was imported\n`,
    );
    expect(
      (JSON.parse(runCli(["ledger", "list", "--db", db, "--json"]).stdout) as { events: unknown[] }).events,
    ).toHaveLength(3);
  });

  it("a Latin-1 scenario is refused naming line and column; a JSON scenario with a BOM is read as YAML's is", () => {
    const example = readFileSync(
      new URL("../../examples/mid-year-starter-bonus.json", import.meta.url),
      "utf8",
    );
    const bom = join(dir, "bom.json");
    writeFileSync(bom, `\uFEFF${example}`);
    const plain = join(dir, "plain.json");
    writeFileSync(plain, example);
    const withBom = runCli(["plan", bom, "--json"]);
    expect(withBom.code, withBom.stderr).toBe(0);
    expect(withBom.stdout).toBe(runCli(["plan", plain, "--json"]).stdout);

    const latin = join(dir, "latin.yaml");
    writeFileSync(latin, Buffer.from("year: 2026\n# r\xe9sum\xe9\nageAtYearEnd: 40\n", "latin1"));
    const result = runCli(["plan", latin]);
    refusedInOneLine(result);
    expect(result.stderr).toBe(
      `megaroth: SCENARIO: "${latin}" is not UTF-8 text: byte 0xE9 at line 2, column 4 (save the file as UTF-8)\n`,
    );
  });
});

describe("scenario size limits and messages", () => {
  const base = JSON.parse(
    readFileSync(new URL("../../examples/mid-year-starter-bonus.json", import.meta.url), "utf8"),
  );

  it("a file over 1 MB is refused before it is parsed", () => {
    const file = join(dir, "huge.yaml");
    writeFileSync(file, `year: 2026\nnote: "${"x".repeat(1024 * 1024)}"\n`);
    const result = runCli(["plan", file]);
    refusedInOneLine(result);
    expect(result.stderr).toContain("is larger than 1 MB");
  });

  it("more than 366 paychecks or 100 bonuses are refused with the field's path", () => {
    const file = join(dir, "many.json");
    const paychecks = Array.from({ length: 400 }, () => ({ date: "2026-06-01", gross: 100 }));
    const bonuses = Array.from({ length: 101 }, () => ({ date: "2026-06-01", amount: 1 }));
    writeFileSync(file, JSON.stringify({ ...base, pay: { paychecks, bonuses } }));
    const result = runCli(["plan", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("pay.paychecks: must list at most 366 paychecks (one a day)");
    expect(result.stderr).toContain("pay.bonuses: must list at most 100 bonuses");
  });

  it("a scenario without ageAtYearEnd, pay or plan says they are missing, not unknown", () => {
    const file = join(dir, "missing.json");
    writeFileSync(file, JSON.stringify({ year: 2026 }));
    const result = runCli(["plan", file]);
    expect(result.code).toBe(2);
    for (const field of ["ageAtYearEnd", "pay", "plan"])
      expect(result.stderr).toContain(`  ${field}: is missing (required)\n`);
    expect(result.stderr).not.toContain("not a known field");
  });
});

describe("option values that name Object.prototype's properties", () => {
  it("elections --increment toString, __proto__, constructor, valueOf are refused (exit 2)", () => {
    for (const word of ["toString", "__proto__", "constructor", "valueOf", "hasOwnProperty"]) {
      const result = runCli([
        "elections",
        "--year",
        "2025",
        "--age",
        "40",
        "--salary",
        "100000",
        "--pay-periods",
        "26",
        "--deferrals",
        "23500",
        "--increment",
        word,
      ]);
      refusedInOneLine(result);
      expect(result.stderr).toBe(
        `megaroth: --increment: "${word}" is not allowed (allowed: 1, 0.5 or 0.1)\n`,
      );
    }
  });
});

describe("negative percentages", () => {
  it("convert --return -5.5% and -0.25% print -5.5% and -0.25%", () => {
    for (const rate of ["-5.5%", "-0.25%"]) {
      const result = runCli([
        "convert",
        "--year",
        "2025",
        "--taxable-income",
        "100000",
        "--after-tax",
        "20000",
        "--return",
        rate,
      ]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`Return assumption │ ${rate.replace(".", "\\.")} `));
    }
  });
});

describe("failures of the machine", () => {
  it("a damaged row: list and export show the others with a warning; balance refuses the ledger in one line", () => {
    const db = ledgerWith("damaged-row");
    const raw = new Database(db);
    raw.prepare("UPDATE events SET body = ? WHERE id = 2").run('{"type":"after-tax-contribution","amo');
    raw.close();
    const list = runCli(["ledger", "list", "--db", db, "--json"]);
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { events: { id: number }[] }).events.map((e) => e.id)).toEqual([1, 3]);
    expect(list.stderr).toBe(
      `megaroth: warning: event #2 in ${db} cannot be read: it is not valid JSON; it is left out (restore ${db} from a backup)\n`,
    );
    const exported = runCli(["ledger", "export", "--db", db]);
    expect(exported.code).toBe(0);
    expect(exported.stdout.trim().split("\n")).toHaveLength(3);
    const balance = runCli(["ledger", "balance", "--db", db]);
    refusedInOneLine(balance);
    expect(balance.stderr).toBe(`megaroth: event #2 in ${db} cannot be read: it is not valid JSON\n`);
  });

  it("a damaged database file: one line naming it and what to do (exit 2)", () => {
    const db = ledgerWith("damaged-file", bigLedgerCsv(3_000));
    const fd = openSync(db, "r+");
    writeSync(fd, Buffer.alloc(4096 * 4, 0xab), 0, 4096 * 4, 4096 * 2);
    closeSync(fd);
    const result = runCli(["ledger", "list", "--db", db]);
    refusedInOneLine(result);
    expect(result.stderr).toMatch(new RegExp(`^megaroth: ledger ${db} is damaged: restore it from a backup`));
  });

  it("a full disk (SQLITE_FULL): the import fails whole with one message naming the file; the server answers 503 without paths", async () => {
    const db = join(dir, "full.sqlite");
    const csv = join(dir, "full.csv");
    writeFileSync(csv, bigLedgerCsv(3_000));
    const store = LedgerStore.open(db, { create: true });
    // the database may grow no further than it is now: the next pages cannot be written
    const connection = (store as unknown as { db: Database.Database }).db;
    connection.pragma(`max_page_count = ${connection.pragma("page_count", { simple: true })}`);
    expect(() => importLedgerFile(store, csv)).toThrow(LedgerEnvironmentError);
    expect(() => importLedgerFile(store, csv)).toThrow(`ledger ${db} cannot be written: the disk is full`);
    expect(store.events()).toHaveLength(0);

    const assets = join(dir, "assets");
    mkdirSync(assets, { recursive: true });
    writeFileSync(join(assets, "index.html"), "<!doctype html>");
    const app = createApp({ assetsDir: assets, port: () => 5177, api: ledgerApi(store) });
    const response = await app.request("http://127.0.0.1:5177/api/ledger/import", {
      method: "POST",
      headers: {
        host: "127.0.0.1:5177",
        origin: "http://127.0.0.1:5177",
        "content-type": "application/json",
      },
      body: JSON.stringify({ fileName: "full.csv", text: readFileSync(csv, "utf8") }),
    });
    expect(response.status).toBe(503);
    const body = (await response.json()) as { error: string };
    expect(body.error).toMatch(/^the ledger file cannot be written: the disk is full/);
    expect(JSON.stringify(body)).not.toContain(dir);
    store.close();
  });

  it("a read-only ledger: a write is one line naming the file; the server answers 503 without paths", async () => {
    const db = ledgerWith("read-only");
    const store = LedgerStore.open(db);
    // what a read-only file or folder gives SQLite (as root, file modes would not stop this test's writes)
    (store as unknown as { db: Database.Database }).db.pragma("query_only = ON");
    const csv = join(dir, "ro.csv");
    writeFileSync(csv, "date,type,account,amount\n2025-03-31,after-tax-contribution,sub,5\n");
    expect(() => importLedgerFile(store, csv)).toThrow(
      `ledger ${db} cannot be written (read-only file or folder): make the file and its folder writable, or use another --db`,
    );
    const assets = join(dir, "assets-ro");
    mkdirSync(assets, { recursive: true });
    writeFileSync(join(assets, "index.html"), "<!doctype html>");
    const app = createApp({ assetsDir: assets, port: () => 5177, api: ledgerApi(store) });
    const response = await app.request("http://127.0.0.1:5177/api/ledger/events", {
      method: "POST",
      headers: {
        host: "127.0.0.1:5177",
        origin: "http://127.0.0.1:5177",
        "content-type": "application/json",
      },
      body: JSON.stringify({
        row: { date: "2025-03-31", type: "after-tax-contribution", account: "sub", amount: "5" },
      }),
    });
    expect(response.status).toBe(503);
    expect(await response.text()).not.toContain(dir);
    store.close();
    if (process.getuid?.() !== 0) {
      // and at the command line, with the file's mode (only meaningful when not running as root)
      const { chmodSync } = await import("node:fs");
      chmodSync(db, 0o444);
      const result = runCli([
        "ledger",
        "add",
        "--db",
        db,
        "--type",
        "open",
        "--date",
        "2025-01-01",
        "--account",
        "y",
        "--kind",
        "taxable",
      ]);
      chmodSync(db, 0o644);
      refusedInOneLine(result);
      expect(result.stderr).toContain(`ledger ${db} cannot be written`);
    }
  });
});

describe("the server's small items", () => {
  it("the API answers Cache-Control: no-store, and TRACE answers 405", async () => {
    const db = ledgerWith("server-items");
    const store = LedgerStore.open(db, { mode: "read" });
    const assets = join(dir, "assets-items");
    mkdirSync(assets, { recursive: true });
    writeFileSync(join(assets, "index.html"), "<!doctype html>");
    const app = createApp({ assetsDir: assets, port: () => 5177, api: ledgerApi(store) });
    const headers = { host: "127.0.0.1:5177" };
    const events = await app.request("http://127.0.0.1:5177/api/ledger/events", { headers });
    expect(events.status).toBe(200);
    expect(events.headers.get("cache-control")).toBe("no-store");
    const missing = await app.request("http://127.0.0.1:5177/api/nothing", { headers });
    expect(missing.headers.get("cache-control")).toBe("no-store");
    // a fetch Request cannot carry TRACE: ask a listening server over plain HTTP
    const server = await startServer({ port: 0, assetsDir: assets, api: ledgerApi(store) });
    try {
      for (const path of ["/", "/api/ledger/events"]) {
        const answer = await new Promise<{ status: number; allow: string }>((resolve, reject) => {
          const req = request(
            {
              host: "127.0.0.1",
              port: server.port,
              path,
              method: "TRACE",
              headers: { host: `127.0.0.1:${server.port}` },
            },
            (res) => {
              res.resume();
              res.on("end", () => resolve({ status: res.statusCode ?? 0, allow: String(res.headers.allow) }));
            },
          );
          req.on("error", reject);
          req.end();
        });
        expect(answer.status).toBe(405);
        expect(answer.allow).not.toContain("TRACE");
      }
    } finally {
      await server.close();
    }
    store.close();
  });
});

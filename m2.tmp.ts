import Database from "better-sqlite3";

const t = (n: string, f: () => unknown) => {
  const s = performance.now();
  const r = f();
  console.log(n, (performance.now() - s).toFixed(1));
  return r;
};
const db = new Database("/tmp/integ/m.sqlite", { readonly: true });
for (let k = 0; k < 2; k++) {
  t("select ordered", () => db.prepare("SELECT id, body FROM events ORDER BY date, id").all());
  t("select ordered raw", () => db.prepare("SELECT id, body FROM events ORDER BY date, id").raw().all());
  t("select rowid raw", () => db.prepare("SELECT id, body FROM events").raw().all());
  t("select rowid date raw", () => db.prepare("SELECT id, date, body FROM events").raw().all());
  const s = t("group_concat", () =>
    db
      .prepare("SELECT '[' || group_concat('[' || id || ',' || body || ']', ',') || ']' FROM events")
      .pluck()
      .get(),
  ) as string;
  t("parse one", () => JSON.parse(s));
  const rows = db.prepare("SELECT id, body FROM events").raw().all() as [number, string][];
  t("parse each", () => rows.map((r) => JSON.parse(r[1])));
}

import { describe, expect, it } from "vitest";
import { runCli, runCliJson } from "../helpers/cli.js";

/** Bad input: exit 2, nothing on stdout, one line on stderr naming the flag and what is allowed. */
function expectUsage(args: string[], flag: string, allowed: RegExp) {
  const r = runCli(args);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(flag);
  expect(lines[0]).toMatch(allowed);
}

const room = ["room", "--year", "2026", "--age", "55", "--deferrals", "0"];

describe("odd inputs at the command line", () => {
  it.each([
    ["90000000000000", /too large.*up to 1,000,000,000,000/],
    ["99999999999999999999", /up to 1,000,000,000,000/],
    ["1e6", /0 or more/],
    ["-5", /0 or more/],
  ])("room --compensation %s → usage error", (amount, allowed) => {
    expectUsage([...room, "--compensation", amount], "--compensation", allowed);
  });

  it("a huge --add is refused, not an internal error", () => {
    expectUsage(
      [
        "tax",
        "--year",
        "2026",
        "--filing-status",
        "single",
        "--taxable-income",
        "0",
        "--add",
        "2000000000000",
      ],
      "--add",
      /up to 1,000,000,000,000/,
    );
  });

  it.each(["2001", "2027"])("limits --year %s names the supported years", (year) => {
    expectUsage(["limits", "--year", year], "--year", /2002–2026/);
  });

  it("a projection that passes $90 trillion is refused, not an internal error", () => {
    expectUsage(
      [
        "compare",
        ...["--year", "2026", "--age", "40", "--budget", "90000000000"],
        ...["--rate-now", "24%", "--rate-retirement", "22%", "--years", "80", "--return", "30%"],
      ],
      "--budget",
      /below/,
    );
  });

  it('"1,000" and "$5" are dollar amounts: room = 100% of that compensation', () => {
    // 415(c)(1)(B): limit = min(72,000, 1,000) = 1,000; no deferrals or employer money → room 1,000.
    expect(runCliJson([...room, "--compensation", "1,000"]).afterTaxRoom).toBe(1000);
    expect(runCliJson([...room, "--compensation", "$5"]).afterTaxRoom).toBe(5);
  });

  it("tax at a trillion dollars stays exact to the cent", () => {
    // 2026 MFJ: tax at 768,700 = 206,583.50; + 37% × (1,000,000,000,000 − 768,700) = 369,999,715,581.
    const t = runCliJson([
      "tax",
      "--year",
      "2026",
      "--filing-status",
      "mfj",
      "--taxable-income",
      "1000000000000",
    ]);
    expect(t.tax).toBe(369_999_922_164.5);
  });

  it("room: deferrals above 415(c) count as catch-up for a 55-year-old (Treas. Reg. §1.414(v)-1(b))", () => {
    // 2024: 23,000 + match 23,000 + nonelective 30,000 = 76,000 vs 69,000 → 7,000 is catch-up, no excess.
    const r = runCliJson([
      ...["room", "--year", "2024", "--age", "55", "--compensation", "300000", "--deferrals", "23000"],
      ...["--match", "100%@10%", "--nonelective", "10%"],
    ]);
    expect(r).toMatchObject({
      afterTaxRoom: 0,
      catchUpContributed: 7000,
      regularDeferrals: 16000,
      excessOver415: 0,
      annualAdditions: 69000,
      totalAllSources: 76000,
    });
  });
});

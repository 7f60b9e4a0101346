import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dollarsToCents, formatUsd } from "../../packages/core/src/rules/money/cents.js";
import { runCli, runCliJson } from "../helpers/cli.js";
import {
  axeViolations,
  type Browser,
  isLocalRequest,
  launchBrowser,
  type ServeProcess,
  screenshot,
  startServe,
} from "./browser.js";

/**
 * The web app end to end, in Debian's chromium against `megaroth serve` with a temporary ledger: the
 * planner shows what `megaroth plan` prints for the same scenario, a "why" opens, ledger CSVs import (or
 * are refused whole), events are edited and removed (or refused with the server's reason), state survives
 * a reload, nothing is requested from another machine, axe-core finds no violations, and a screenshot of
 * each page is kept in test-artifacts/.
 */
const LONG = 120_000;
const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const EXAMPLES = new URL("../../examples/", import.meta.url).pathname;

let server: ServeProcess;
let browser: Browser;
let page: Page;
let work: string;
const cspViolations: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startServe();
  browser = await launchBrowser();
  page = browser.page;
  page.on("console", (message) => {
    if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  page.on("pageerror", (error) => pageErrors.push(error.message));
  work = mkdtempSync(join(tmpdir(), "megaroth-e2e-"));
}, LONG);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function figure(testId: string): Promise<string> {
  return (await page.locator(`[data-testid="${testId}"] .figure-value`).first().textContent())?.trim() ?? "";
}

async function expectAccessible(name: string): Promise<void> {
  await screenshot(page, name);
  const violations = await axeViolations(page);
  expect(
    violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
}

type CliElection = {
  fromPaycheck: number;
  deferralPct: number | null;
  afterTaxPct: number | null;
  deferralDollars: number | null;
  afterTaxDollars: number | null;
};

function electionText(pct: number | null, perPaycheck: number | null): string {
  return pct !== null ? `${pct}%` : `${formatUsd(dollarsToCents(perPaycheck!))}/paycheck`;
}

type CliPlan = {
  afterTaxRoom: number;
  afterTaxTotal: number;
  employerMatch: number;
  elections: CliElection[];
};

/** The planner on screen shows exactly what `megaroth plan FILE --json` prints: room, totals, every election. */
async function expectPlanMatchesCli(scenarioPath: string, extra: readonly string[] = []): Promise<void> {
  const cli = runCliJson<CliPlan>(["plan", scenarioPath, ...extra]);
  // Where the first answer is provisional (a bigger two-change search), the worker's answer settles it.
  await page.waitForSelector('[data-testid="plan-results"]:not([aria-busy="true"])');
  await expect.poll(() => figure("afterTaxRoom")).toBe(formatUsd(dollarsToCents(cli.afterTaxRoom)));
  expect(await figure("afterTaxTotal")).toBe(formatUsd(dollarsToCents(cli.afterTaxTotal)));
  expect(await figure("employerMatch")).toBe(formatUsd(dollarsToCents(cli.employerMatch)));
  const rows = await page
    .locator('[data-testid="elections"] tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent?.trim() ?? "")),
    );
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.map(([from, , deferral, afterTax]) => [Number(from), deferral, afterTax])).toEqual(
    cli.elections.map((e) => [
      e.fromPaycheck,
      electionText(e.deferralPct, e.deferralDollars),
      electionText(e.afterTaxPct, e.afterTaxDollars),
    ]),
  );
}

describe("web app in chromium", () => {
  it(
    "planner: a scenario typed into the form gives the same room and elections as `megaroth plan`",
    async () => {
      await page.goto(server.url);
      await page.waitForSelector('[data-testid="afterTaxRoom"]');
      await page.fill("#planner-ageAtYearEnd", "52");
      await page.fill("#planner-salary", "180,000");
      await page.fill("#planner-match", "100%@4%");
      await page.selectOption("#planner-electionIncrement", "0.5%");
      await page.selectOption("#planner-payrollStopsAfterTaxAt415c", "yes");
      await page.selectOption("#planner-matchPeriod", "annual-true-up");
      await expect.poll(() => page.inputValue("#planner-salary")).toBe("180,000");

      const [download] = await Promise.all([page.waitForEvent("download"), page.click("text=Export JSON")]);
      const scenarioPath = join(work, "scenario.json");
      await download.saveAs(scenarioPath);
      const scenario = JSON.parse(readFileSync(scenarioPath, "utf8")) as {
        ageAtYearEnd: number;
        pay: { salary: number };
      };
      expect(scenario.ageAtYearEnd).toBe(52);
      expect(scenario.pay.salary).toBe(180_000);

      await expectPlanMatchesCli(scenarioPath);
      await expectAccessible("planner");
    },
    LONG,
  );

  it(
    'planner: "why" opens the steps with their IRS citations',
    async () => {
      const why = page.locator('[data-testid="afterTaxRoom"] .why-button');
      await why.click();
      await expect.poll(() => why.getAttribute("aria-expanded")).toBe("true");
      const steps = page.locator('[data-testid="afterTaxRoom"] ol.steps li');
      expect(await steps.count()).toBeGreaterThan(2);
      const citations = await page.locator('[data-testid="afterTaxRoom"] ol.steps cite').allTextContents();
      expect(citations.every((c) => c.trim().length > 0)).toBe(true);
      expect(citations.join(" ")).toMatch(/415\(c\)/);
      await screenshot(page, "planner-why");
    },
    LONG,
  );

  it(
    'planner: the room\'s "why" arrives at the room shown, also when the match is paid per paycheck',
    async () => {
      const trueUpRoom = await figure("afterTaxRoom");
      await page.selectOption("#planner-matchPeriod", "per-paycheck");
      await expect.poll(() => figure("afterTaxRoom")).not.toBe(trueUpRoom);
      const why = page.locator('[data-testid="afterTaxRoom"] .why-button');
      if ((await why.getAttribute("aria-expanded")) !== "true") await why.click();
      const amounts = page.locator('[data-testid="afterTaxRoom"] ol.steps li .step-amount');
      const stepAmounts = (await amounts.allTextContents()).map((a) => a.replace(/^\s*=\s*/, ""));
      expect(stepAmounts).toContain(await figure("afterTaxRoom"));
      await page.selectOption("#planner-matchPeriod", "annual-true-up");
    },
    LONG,
  );

  it(
    "planner: a reload, and a visit to another page, keep the scenario (it lives in the URL)",
    async () => {
      // the URL is written once typing pauses: wait until it holds still, then read the figure it must restore
      let url = page.url();
      await expect
        .poll(
          async () => {
            await page.waitForTimeout(400);
            const still = page.url() === url;
            url = page.url();
            return still;
          },
          { timeout: 15_000 },
        )
        .toBe(true);
      const room = await figure("afterTaxRoom");
      await page.reload();
      await page.waitForSelector('[data-testid="afterTaxRoom"]');
      expect(await page.inputValue("#planner-salary")).toBe("180,000");
      expect(await page.inputValue("#planner-ageAtYearEnd")).toBe("52");
      expect(await figure("afterTaxRoom")).toBe(room);
      await page.fill("#planner-ageAtYearEnd", "53");
      await page.click('nav a:has-text("Compare")');
      await page.waitForSelector('[data-testid="strategies"]');
      await page.click('nav a:has-text("Planner")');
      await page.waitForSelector('[data-testid="afterTaxRoom"]');
      expect(await page.inputValue("#planner-ageAtYearEnd")).toBe("53");
      expect(await page.inputValue("#planner-salary")).toBe("180,000");
    },
    LONG,
  );

  it(
    "planner: each example scenario file, imported, gives what `megaroth plan` prints for that file",
    async () => {
      const examples = readdirSync(EXAMPLES).filter((f) => /\.(json|ya?ml)$/.test(f));
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) {
        await page.setInputFiles("#planner-import", join(EXAMPLES, example));
        await expectPlanMatchesCli(join(EXAMPLES, example));
      }
    },
    LONG,
  );

  it(
    "planner: an invalid scenario file is refused with each error's path, and the form is unchanged",
    async () => {
      const bad = join(work, "bad.yaml");
      writeFileSync(
        bad,
        "year: 2026\nageAtYearEnd: 200\npay:\n  salary: 100000\n  frequency: biweekly\nplan:\n  afterTax:\n    allowed: maybe\n",
      );
      const before = page.url();
      const room = await figure("afterTaxRoom");
      await page.setInputFiles("#planner-import", bad);
      const alert = page.locator('[role="alert"]', { hasText: "was not imported" });
      await alert.waitFor();
      const text = (await alert.textContent()) ?? "";
      expect(text).toMatch(/Age at the end of the year \(ageAtYearEnd in the file\): must be 18–120/);
      expect(text).toMatch(/plan\.afterTax\.allowed/);
      expect(page.url()).toBe(before);
      expect(await figure("afterTaxRoom")).toBe(room);
    },
    LONG,
  );

  it(
    "planner: a year not on file computes from an added figures file, as `megaroth plan --figures` does, marked as yours",
    async () => {
      await page.fill("#planner-year", "2027");
      const refused = page.locator('[role="alert"]', { hasText: "Tax year 2027" });
      await refused.first().waitFor();
      const source = "hypothetical figures for a test, not IRS figures";
      const figures = join(work, "figures-2027.json");
      const usd = (value: number) => ({ "2027": { value, source } });
      writeFileSync(
        figures,
        JSON.stringify({
          electiveDeferralLimit: usd(25_000),
          catchUpLimit: usd(8_000),
          catchUp60to63Limit: usd(11_250),
          annualAdditionsLimit: usd(74_000),
          compensationLimit: usd(370_000),
          rothCatchUpWageThreshold: usd(155_000),
          socialSecurityWageBase: usd(190_000),
          ficaEmployeeRates: { "2027": { value: { socialSecurity: 620, medicare: 145 }, source } },
        }),
      );
      await page.setInputFiles("#planner-figures", figures);
      const note = page.locator('[data-testid="supplied-figures"]');
      await note.waitFor();
      expect(await note.textContent()).toContain(`$74,000.00 — supplied by you: ${source}`);
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("text=Export JSON")]);
      const scenarioPath = join(work, "scenario-2027.json");
      await download.saveAs(scenarioPath);
      await expectPlanMatchesCli(scenarioPath, ["--figures", figures]);
      const why = page.locator('[data-testid="afterTaxRoom"] .why-button');
      if ((await why.getAttribute("aria-expanded")) !== "true") await why.click();
      const citations = await page.locator('[data-testid="afterTaxRoom"] ol.steps cite').allTextContents();
      expect(citations.join(" ")).toContain(`supplied by you: ${source}`);
      await expectAccessible("planner-supplied-figures");
      await page.click("text=Remove added figures");
      await refused.first().waitFor();
      await page.fill("#planner-year", "2026");
    },
    LONG,
  );

  it(
    "conversions: cadence and route comparison, 1099-Rs and Form 8606 line by line",
    async () => {
      await page.goto(`${server.url}#/conversions`);
      await page.waitForSelector('[data-testid="conversions"]');
      expect(await page.locator('[data-testid="cadences"] tbody tr').count()).toBe(4);
      expect(await page.locator('[data-testid="routes"] tbody tr').count()).toBe(3);
      await page.fill("#conv-afterTax", "28,500");
      await page.selectOption("#conv-cadence", "quarterly");
      await page.fill("#conv-iraConverted", "7,512.34");
      await page.selectOption("#conv-ratio", "3dp");
      const convert = runCliJson<{ totalTaxable: number; totalTax: number; conversions: unknown[] }>([
        "convert",
        "--year",
        "2026",
        "--taxable-income",
        "150000",
        "--after-tax",
        "28500",
        "--pay-frequency",
        "biweekly",
        "--return",
        "7%",
        "--cadence",
        "quarterly",
      ]);
      await expect.poll(() => figure("totalTaxable")).toBe(formatUsd(dollarsToCents(convert.totalTaxable)));
      expect(await figure("totalTax")).toBe(formatUsd(dollarsToCents(convert.totalTax)));
      expect(await page.locator('[data-testid="conversions"] tbody tr').count()).toBe(
        convert.conversions.length,
      );
      const f8606 = runCliJson<{ lines: Record<string, number> }>([
        "form8606",
        "--year",
        "2026",
        "--nondeductible-contributions",
        "7500",
        "--converted",
        "7512.34",
        "--ratio",
        "3dp",
      ]);
      const lines = await page
        .locator('[data-testid="form8606"] tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [
            tr.querySelector("th")?.textContent?.trim(),
            tr.querySelector('td[data-col="amount"]')?.textContent?.trim(),
          ]),
        );
      // each line carries the form's words for it
      await expect(
        page
          .locator('[data-testid="form8606"] tbody tr', { hasText: "Total basis carried to next year" })
          .count(),
      ).resolves.toBe(1);
      const expected = Object.entries(f8606.lines).map(([line, value]) => [
        line,
        line === "10" ? value.toFixed(3) : formatUsd(dollarsToCents(value)),
      ]);
      const shown = Object.fromEntries(lines) as Record<string, string>;
      expect(shown["10"]).toMatch(/^0\.998 \(exact 0\.99835\d\)$/);
      expect({ ...shown, "10": shown["10"]?.split(" ")[0] }).toEqual(Object.fromEntries(expected));
      await expectAccessible("conversions");
    },
    LONG,
  );

  it(
    "compare: the strategy table and the Monte Carlo bands computed in a web worker",
    async () => {
      await page.goto(`${server.url}#/compare`);
      await page.waitForSelector('[data-testid="strategies"]');
      await page.waitForSelector('[data-testid="percentiles"]', { timeout: 60_000 });
      expect(await page.locator(".chart canvas").count()).toBeGreaterThan(0);
      const cli = runCliJson<{
        strategies: {
          name: string;
          afterTaxValue: number;
          percentiles: Record<"p5" | "p25" | "p50" | "p75" | "p95", number>;
        }[];
      }>(
        // the page's default assumptions, every one spelled out
        [
          "compare",
          ...[
            "--year",
            "2026",
            "--age",
            "40",
            "--budget",
            "10000",
            "--rate-now",
            "24%",
            "--rate-retirement",
            "22%",
          ],
          ...["--state-rate", "5%", "--state-rate-retirement", "5%", "--return", "6%", "--volatility", "15%"],
          ...["--fee", "0.1%", "--dividend-yield", "1.5%", "--dividend-tax", "15%", "--ltcg-rate", "15%"],
          ...[
            "--years",
            "30",
            "--contribution-years",
            "1",
            "--convert-every",
            "0",
            "--paths",
            "2000",
            "--seed",
            "1",
          ],
        ],
      );
      const percentiles = await page
        .locator('[data-testid="percentiles"] tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent?.trim())),
        );
      expect(percentiles).toEqual(
        cli.strategies.map((st) =>
          [
            st.percentiles.p5,
            st.percentiles.p25,
            st.percentiles.p50,
            st.percentiles.p75,
            st.percentiles.p95,
          ].map((d) => formatUsd(dollarsToCents(d))),
        ),
      );
      for (const st of cli.strategies) {
        expect(await figure(`value-${st.name}`)).toBe(formatUsd(dollarsToCents(st.afterTaxValue)));
      }
      await expectAccessible("compare");
    },
    LONG,
  );

  it(
    "ledger: importing a CSV shows the report, with the same basis as `megaroth ledger report`",
    async () => {
      await page.goto(`${server.url}#/ledger`);
      await page.waitForSelector("text=The ledger is empty");
      await page.setInputFiles("#ledger-import", fixture("ledger-good.csv"));
      await page.waitForSelector('[data-testid="year-report"]');
      expect(await page.locator('[data-testid="events"] tbody tr').count()).toBe(7);
      const cli = runCliJson<{ accounts: { account: string; basis: number; balance: number }[] }>([
        "ledger",
        "report",
        "--year",
        "2026",
        "--db",
        server.dbPath,
      ]);
      for (const account of cli.accounts) {
        const row = page.locator(
          `[data-testid="accounts"] tr[data-account="${account.account}"] td[data-col="basis"] .figure-value`,
        );
        expect((await row.textContent())?.trim()).toBe(formatUsd(dollarsToCents(account.basis)));
      }
      await expectAccessible("ledger");
    },
    LONG,
  );

  it(
    "ledger: a malformed CSV shows its row errors and changes nothing; a reload keeps the ledger",
    async () => {
      await page.setInputFiles("#ledger-import", fixture("ledger-bad.csv"));
      const errors = page.locator('[data-testid="import-errors"] [role="alert"]');
      await errors.waitFor();
      const text = (await errors.textContent()) ?? "";
      expect(text).toMatch(/nothing was imported/);
      expect(text).toMatch(/line 3, column date/);
      expect(text).toMatch(/line 4, column amount/);
      expect(text).toMatch(/line 5, column type/);
      await screenshot(page, "ledger-import-errors");
      await page.reload();
      await page.waitForSelector('[data-testid="events"]');
      expect(await page.locator('[data-testid="events"] tbody tr').count()).toBe(7);
      const cli = runCliJson<{ accounts: unknown[] }>([
        "ledger",
        "report",
        "--year",
        "2026",
        "--db",
        server.dbPath,
      ]);
      expect(cli.accounts).toHaveLength(2);
    },
    LONG,
  );

  it(
    "ledger: an event added with the form is recorded; a bad one is refused with the column named",
    async () => {
      await page.selectOption("#event-type", "after-tax-contribution");
      await page.fill("#event-date", "2027-01-15");
      await page.fill("#event-account", "plan-at");
      await page.fill("#event-amount", "-5");
      await page.click("text=Record event");
      const refused = page.locator('[role="alert"]', { hasText: "Not recorded" });
      await refused.waitFor();
      expect(await refused.textContent()).toMatch(/column amount: must be more than \$0\.00/);
      expect(await page.locator('[data-testid="events"] tbody tr').count()).toBe(7);
      await page.fill("#event-amount", "500.00");
      await page.click("text=Record event");
      await expect.poll(() => page.locator('[data-testid="events"] tbody tr').count()).toBe(8);
      expect(
        await page.locator('[data-testid="events"] tbody tr', { hasText: "2027-01-15" }).textContent(),
      ).toMatch(/\$500\.00/);
    },
    LONG,
  );

  it(
    "ledger: an event is edited in the prefilled form and removed; a change that breaks a later event is refused",
    async () => {
      const listed = () =>
        runCliJson<{ events: { id: number; amount?: number }[] }>(["ledger", "list", "--db", server.dbPath])
          .events;
      const planAtBasis = async () =>
        (
          await page
            .locator('[data-testid="accounts"] tr[data-account="plan-at"] td[data-col="basis"] .figure-value')
            .textContent()
        )?.trim();
      const cliBasis = () =>
        runCliJson<{ accounts: { account: string; basis: number }[] }>([
          "ledger",
          "balance",
          "--as-of",
          "2027-01-15",
          "--db",
          server.dbPath,
        ]).accounts.find((a) => a.account === "plan-at")!.basis;
      const before = listed();
      expect(await planAtBasis()).toBe(formatUsd(dollarsToCents(cliBasis())));

      // a contribution lowered below what the later conversion takes is refused with the server's message
      await page.click('button[aria-label^="Edit event #4 "]');
      await page.waitForSelector('h2:has-text("Edit event #4")');
      await expect.poll(() => page.inputValue("#event-date")).toBe("2026-02-15");
      expect(await page.inputValue("#event-amount")).toBe("1500.00");
      await page.fill("#event-amount", "1000");
      await page.click("text=Save event #4");
      const refused = page.locator('[role="alert"]', { hasText: "Not saved" });
      await refused.waitFor();
      expect(await refused.textContent()).toMatch(
        /recorded event #5 \(2026-03-01 In-plan Roth conversion on plan-at\) would no longer be valid/,
      );
      await expectAccessible("ledger-edit-refused");
      expect(listed()).toEqual(before);
      await page.click("text=Cancel editing");
      await page.waitForSelector('h2:has-text("Add an event")');
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label")))
        .toMatch(/^Edit event #4 /);

      // an accepted edit: the row, the basis and the CLI all show the new amount
      const basisBefore = await planAtBasis();
      await page.click('button[aria-label^="Edit event #8 "]');
      await expect.poll(() => page.inputValue("#event-amount")).toBe("500.00");
      await page.fill("#event-amount", "750.00");
      await page.click("text=Save event #8");
      await page.locator('[data-testid="event-form-status"]', { hasText: "Saved event #8." }).waitFor();
      await expect
        .poll(() => page.locator('[data-testid="events"] tr[data-event-id="8"]').textContent())
        .toMatch(/\$750\.00/);
      expect(listed().find((e) => e.id === 8)?.amount).toBe(750);
      expect(await planAtBasis()).toBe(formatUsd(dollarsToCents(cliBasis())));
      expect(await planAtBasis()).not.toBe(basisBefore);

      // removing an account's opening event is refused: later events depend on it
      await page.click('button[aria-label^="Remove event #2 "]');
      await page.click('button[aria-label^="Yes, remove event #2 "]');
      const notRemoved = page.locator('[data-testid="events-errors"] [role="alert"]');
      await notRemoved.waitFor();
      expect(await notRemoved.textContent()).toMatch(
        /cannot remove event #2; nothing was changed.*recorded event #5 \(2026-03-01 In-plan Roth conversion on plan-at\) would no longer be valid/,
      );
      expect(listed()).toHaveLength(8);

      // removal by keyboard alone: Remove, then the confirmation that takes the focus
      await page.focus('button[aria-label^="Remove event #8 "]');
      await page.keyboard.press("Enter");
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label")))
        .toMatch(/^Yes, remove event #8 /);
      await page.keyboard.press("Enter");
      await page.locator('[data-testid="events-status"]', { hasText: "Removed event #8" }).waitFor();
      await expect.poll(() => page.locator('[data-testid="events"] tbody tr').count()).toBe(7);
      expect(listed().map((e) => e.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(await planAtBasis()).toBe(formatUsd(dollarsToCents(cliBasis())));
      await expectAccessible("ledger-after-edit");
    },
    LONG,
  );

  it(
    "planner: the printed report leaves out the form and keeps the figures",
    async () => {
      await page.goto(`${server.url}#/planner`);
      await page.waitForSelector('[data-testid="afterTaxRoom"]');
      expect(await page.locator('[data-testid="printed-scenario"]').isVisible()).toBe(false);
      await page.emulateMedia({ media: "print" });
      expect(await page.locator("#planner-salary").isVisible()).toBe(false);
      expect(await page.locator('[data-testid="printed-scenario"]').textContent()).toMatch(
        /"salary": 200000/,
      );
      expect(await page.locator('[data-testid="elections"]').isVisible()).toBe(true);
      // On paper the "why" cannot be clicked open: the steps, with their citations, are printed after the plan.
      const printedSteps = page.locator('[data-testid="printed-steps"]');
      expect(await printedSteps.isVisible()).toBe(true);
      expect(await printedSteps.textContent()).toMatch(/After-tax room .*IRC §415\(c\)\(1\)/);
      const top = async (testId: string) =>
        (await page.locator(`[data-testid="${testId}"]`).boundingBox())?.y ?? 0;
      expect(await top("printed-scenario")).toBeGreaterThan(await top("paychecks"));
      await screenshot(page, "planner-print");
      await page.emulateMedia({ media: "screen" });
    },
    LONG,
  );

  it(
    "every page fits a 390-pixel phone screen: nothing pushes the page sideways",
    async () => {
      await page.goto(`${server.url}#/planner`);
      const desktop = page.viewportSize();
      await page.setViewportSize({ width: 390, height: 844 });
      try {
        for (const name of ["planner", "conversions", "compare", "ledger"]) {
          await page.click(`nav a:has-text("${name[0]?.toUpperCase()}${name.slice(1)}")`);
          await page.waitForSelector("main h1");
          await page.waitForTimeout(300);
          const overflowing = await page.evaluate(() =>
            Array.from(document.querySelectorAll("main *"))
              .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
              .filter((el) => !el.closest(".table-scroll, .chart"))
              .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}`),
          );
          expect({ name, overflowing }).toEqual({ name, overflowing: [] });
          await screenshot(page, `${name}-phone`);
        }
      } finally {
        if (desktop) await page.setViewportSize(desktop);
      }
    },
    LONG,
  );

  it(
    "planner: when a field is wrong, the place the figures were names the field by its label and the range",
    async () => {
      await page.goto(`${server.url}#/planner`);
      await page.waitForSelector('[data-testid="afterTaxRoom"]');
      const summary = page.locator(".error-box");
      await page.fill("#planner-salary", "-5");
      await expect.poll(() => summary.textContent()).toMatch(/Annual salary \(\$\) — must be 0 or more/);
      expect(await page.locator('[data-testid="afterTaxRoom"]').count()).toBe(0);
      await page.fill("#planner-salary", "200,000");
      await page.fill("#planner-ageAtYearEnd", "150");
      await expect.poll(() => summary.textContent()).toMatch(/Age at the end of the year — must be 18–120/);
      await expectAccessible("planner-errors");
      await page.fill("#planner-ageAtYearEnd", "40");
      await page.fill("#planner-year", "2031");
      await expect
        .poll(() => summary.textContent())
        .toMatch(/Tax year 2031: megaroth has the IRS figures for \d{4}–\d{4} only/);
      await page.click("text=Start over");
      await page.waitForSelector('[data-testid="afterTaxRoom"]');
    },
    LONG,
  );

  it(
    "one situation: Conversions and Compare open on the plan's scenario, marked; a field changed there overrides only it",
    async () => {
      await page.goto(`${server.url}#/planner`);
      await page.waitForSelector('[data-testid="afterTaxRoom"]');
      await page.fill("#planner-ageAtYearEnd", "52");
      await page.selectOption("#planner-filingStatus", "mfj");
      await page.selectOption("#planner-inPlanRothConversion", "no");
      await page.selectOption("#planner-inServiceWithdrawal", "yes");
      await page.waitForTimeout(200);
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("text=Export JSON")]);
      const scenarioPath = join(work, "situation.json");
      await download.saveAs(scenarioPath);
      const plan = runCliJson<{ afterTaxTotal: number; paychecks: { date: string; afterTax: number }[] }>([
        "plan",
        scenarioPath,
      ]);
      await page.click('nav a:has-text("Conversions")');
      await page.waitForSelector('[data-testid="conversions"]');
      expect(await page.textContent('[data-testid="from-plan"]')).toMatch(
        /Opened on your plan: 2026, age 52/,
      );
      expect(await page.inputValue("#conv-year")).toBe("2026");
      expect(await page.inputValue("#conv-filingStatus")).toBe("mfj");
      expect(await page.inputValue("#conv-route")).toBe("roth-ira");
      expect(await page.textContent("#conv-route-hint")).toMatch(/From your plan/);
      expect(await page.inputValue("#conv-afterTax")).toBe(
        formatUsd(dollarsToCents(plan.afterTaxTotal)).replace(/^\$/, "").replace(/\.00$/, ""),
      );
      // the plan's own pay dates and after-tax amounts, as `megaroth convert --contribution DATE:AMOUNT` takes them
      const contributions = plan.paychecks
        .filter((p) => p.afterTax > 0)
        .flatMap((p) => ["--contribution", `${p.date}:${p.afterTax}`]);
      const convert = (cadence: string) =>
        runCliJson<{ totalTaxable: number; totalTax: number }>([
          "convert",
          ...["--year", "2026", "--filing-status", "mfj", "--taxable-income", "150000"],
          ...["--return", "7%", "--cadence", cadence, "--route", "roth-ira", ...contributions],
        ]);
      const monthly = convert("monthly");
      expect(await figure("totalTaxable")).toBe(formatUsd(dollarsToCents(monthly.totalTaxable)));
      expect(await figure("totalTax")).toBe(formatUsd(dollarsToCents(monthly.totalTax)));
      // one field changed here: only it is overridden, the rest still follows the plan, and a reload keeps it
      await page.selectOption("#conv-cadence", "quarterly");
      const quarterly = convert("quarterly");
      await expect.poll(() => figure("totalTaxable")).toBe(formatUsd(dollarsToCents(quarterly.totalTaxable)));
      expect(await page.textContent("#conv-year-hint")).toMatch(/From your plan/);
      expect(await page.textContent("#conv-route-hint")).toMatch(/From your plan/);
      expect(await page.textContent('[data-testid="from-plan"]')).toMatch(/1 changed here/);
      await page.waitForTimeout(300);
      await page.reload();
      await page.waitForSelector('[data-testid="conversions"]');
      expect(await page.inputValue("#conv-cadence")).toBe("quarterly");
      expect(await page.inputValue("#conv-route")).toBe("roth-ira");
      await expectAccessible("conversions-from-plan");

      await page.click('nav a:has-text("Compare")');
      await page.waitForSelector('[data-testid="strategies"]');
      expect(await page.inputValue("#compare-age")).toBe("52");
      expect(await page.inputValue("#compare-inServiceWithdrawal")).toBe("yes");
      expect(await page.textContent("#compare-age-hint")).toMatch(/From your plan/);
      // back on the planner, the plan changed: Compare follows it where nothing was overridden
      await page.click('nav a:has-text("Planner")');
      await page.waitForSelector('[data-testid="afterTaxRoom"]');
      await page.fill("#planner-ageAtYearEnd", "55");
      await page.click('nav a:has-text("Compare")');
      await page.waitForSelector('[data-testid="strategies"]');
      expect(await page.inputValue("#compare-age")).toBe("55");
    },
    LONG,
  );

  it(
    "the saver's words: no route id, warning code, event type or field path in any page's visible text",
    async () => {
      const CODES =
        /\b(in-plan-roth-conversion|in-service-withdrawal-to-roth-ira|roth-ira-earnings-to-traditional-ira|after-tax-converted|after-tax-overshoot|front-loading-loses-match|room-not-filled|after-tax-contribution|statement-balance|year-end-value|401k-after-tax|roth-401k|per-paycheck|biweekly|[A-Z][A-Z0-9]+_[A-Z0-9_]+|pay\.salary|ageAtYearEnd|sp500_total_return)\b/;
      for (const name of ["planner", "conversions", "compare", "ledger"]) {
        await page.goto(`${server.url}#/${name}`);
        await page.waitForSelector("main h1");
        if (name === "compare")
          await page.waitForSelector('[data-testid="percentiles"]', { timeout: 60_000 });
        if (name === "ledger") await page.waitForSelector('[data-testid="events"]');
        const found = (await page.locator("main").innerText()).match(CODES)?.[0] ?? null;
        const text = await page.locator("main").innerText();
        const at = found ? text.slice(Math.max(0, text.indexOf(found) - 60), text.indexOf(found) + 40) : null;
        expect({ name, found, at }).toEqual({ name, found: null, at: null });
      }
      // a field error names the field by its label, without the scenario file's path
      await page.goto(`${server.url}#/planner`);
      await page.waitForSelector('[data-testid="afterTaxRoom"]');
      await page.fill("#planner-salary", "-5");
      await expect
        .poll(() => page.locator(".error-box").innerText())
        .toMatch(/Annual salary \(\$\) — must be 0 or more/);
      expect(await page.locator(".error-box").innerText()).not.toMatch(CODES);
      await page.fill("#planner-salary", "200,000");
    },
    LONG,
  );

  /** Tables that scroll sideways, and figures (by selector) whose right edge is past the window's. */
  async function sideways(selectors: string[]) {
    return page.evaluate((sel) => {
      const width = document.documentElement.clientWidth;
      const tables = Array.from(document.querySelectorAll(".table-scroll"))
        .filter((e) => e.scrollWidth > e.clientWidth + 1)
        .map((e) => e.getAttribute("aria-label"));
      const cut = sel.flatMap((s) =>
        Array.from(document.querySelectorAll(s))
          .filter((e) => e.getBoundingClientRect().right > width + 1 || e.getBoundingClientRect().width === 0)
          .map(() => s),
      );
      return { tables, cut, pageOverflow: document.documentElement.scrollWidth > width + 1 };
    }, selectors);
  }

  it(
    "at 1280 px every table fits; at 390 px the elections, each strategy's after-tax value and each basis show without sideways scrolling",
    async () => {
      const answers: Record<string, string[]> = {
        planner: [
          '[data-testid="elections"] td[data-col="afterTax"]',
          '[data-testid="elections"] td[data-col="deferral"]',
        ],
        compare: ['[data-testid="strategies"] td.answer .figure-value'],
        ledger: [
          '[data-testid="accounts"] td[data-col="basis"] .figure-value',
          '[data-testid="events"] button',
        ],
        conversions: ['[data-testid="routes"] .figure-value'],
      };
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 });
        for (const name of ["planner", "conversions", "compare", "ledger"]) {
          await page.goto(`${server.url}#/${name}`);
          await page.waitForSelector("main h1");
          if (name === "compare")
            await page.waitForSelector('[data-testid="percentiles"]', { timeout: 60_000 });
          if (name === "ledger") await page.waitForSelector('[data-testid="events"]');
          await page.waitForTimeout(200);
          const found = await sideways(answers[name]!);
          // on a phone a long reference table (every paycheck, every Form 8606 line) may scroll inside its box
          const expected =
            width === 1280
              ? { tables: [], cut: [], pageOverflow: false }
              : { ...found, cut: [], pageOverflow: false };
          expect({ name, width, ...found }).toEqual({ name, width, ...expected });
          expect(await page.locator(answers[name]![0]!).count()).toBeGreaterThan(0);
          await screenshot(page, `${name}-${width}`);
        }
      }
      await page.setViewportSize({ width: 1280, height: 900 });
    },
    LONG,
  );

  it(
    "planner: with paychecks already paid, the year-to-date fields are marked required and an error until filled or 0",
    async () => {
      await page.goto(`${server.url}#/planner`);
      await page.waitForSelector('[data-testid="afterTaxRoom"]');
      await page.fill("#planner-ytdPaychecksPaid", "6");
      await page.fill("#planner-ytdDeferrals", "6,000");
      const summary = page.locator(".error-box");
      await expect
        .poll(() => summary.innerText())
        .toMatch(/Employer match so far \(\$\) — required once paychecks are paid/);
      expect(await summary.innerText()).toMatch(/After-tax contributions so far \(\$\) — required/);
      expect(await page.locator('[data-testid="afterTaxRoom"]').count()).toBe(0);
      expect(await page.textContent('label[for="planner-ytdMatch"]')).toMatch(/\(required\)/);
      expect(await page.getAttribute("#planner-ytdMatch", "aria-required")).toBe("true");
      await expectAccessible("planner-ytd-required");
      for (const id of ["ytdMatch", "ytdNonelective", "ytdAfterTax"]) await page.fill(`#planner-${id}`, "0");
      await page.waitForSelector('[data-testid="afterTaxRoom"]');
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("text=Export JSON")]);
      const file = join(work, "ytd.json");
      await download.saveAs(file);
      expect(JSON.parse(readFileSync(file, "utf8")).ytd).toEqual({
        paychecksPaid: 6,
        deferrals: 6000,
        match: 0,
        nonelective: 0,
        afterTax: 0,
      });
      await expectPlanMatchesCli(file);
      await page.fill("#planner-ytdPaychecksPaid", "");
    },
    LONG,
  );

  it(
    "planner: problems with this plan apart from the alternatives it avoids; take-home pay and the election changes beside the elections",
    async () => {
      await page.goto(`${server.url}#/planner`);
      await page.waitForSelector('[data-testid="afterTaxRoom"]');
      const cli = runCliJson<{
        electionChanges: number;
        warnings: { code: string }[];
        paychecks: { netPay: number }[];
      }>(["plan", join(EXAMPLES, "whole-percent-no-415-stop.yaml")]);
      await page.setInputFiles("#planner-import", join(EXAMPLES, "whole-percent-no-415-stop.yaml"));
      await expectPlanMatchesCli(join(EXAMPLES, "whole-percent-no-415-stop.yaml"));
      const avoided = cli.warnings.filter((w) =>
        ["after-tax-overshoot", "front-loading-loses-match"].includes(w.code),
      );
      expect(avoided.length).toBeGreaterThan(0);
      expect(await page.locator('[data-testid="avoided-alternatives"] li').count()).toBe(avoided.length);
      expect(
        await page.locator('[data-testid="plan-problems"] li[data-code="after-tax-overshoot"]').count(),
      ).toBe(0);
      const changes = cli.electionChanges;
      expect(await page.textContent('[data-testid="election-changes"]')).toContain(
        changes === 1
          ? "1 election change"
          : changes === 0
            ? "no election change"
            : `${changes} election changes`,
      );
      const lowest = Math.min(...cli.paychecks.map((p) => p.netPay));
      expect(await page.textContent('[data-testid="lowest-take-home"]')).toContain(
        formatUsd(dollarsToCents(lowest)),
      );
      await screenshot(page, "planner-warnings");
      await page.click("text=Start over");
      await page.waitForSelector('[data-testid="afterTaxRoom"]');
    },
    LONG,
  );

  it(
    "planner: the other employer is part of the situation, and each employer's room is shown side by side",
    async () => {
      await page.goto(`${server.url}#/planner`);
      await page.waitForSelector('[data-testid="afterTaxRoom"]');
      await page.fill("#planner-ageAtYearEnd", "52");
      await page.selectOption("#planner-otherEmployer", "unrelated");
      await page.fill("#planner-otherEmployerName", "Acme Corp");
      await page.fill("#planner-otherEmployerDeferrals", "12,000");
      await page.fill("#planner-otherEmployerPay", "90000");
      await page.locator("#planner-otherEmployerPay").blur();
      // money typed is shown as the defaults are once the field is left
      await expect.poll(() => page.inputValue("#planner-otherEmployerPay")).toBe("90,000");
      await page.waitForSelector('[data-testid="employers-room"]');
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("text=Export JSON")]);
      const file = join(work, "two-employers.json");
      await download.saveAs(file);
      expect(JSON.parse(readFileSync(file, "utf8")).otherEmployers).toEqual([
        { name: "Acme Corp", deferrals: 12000, related: false, compensation: 90000 },
      ]);
      await expectPlanMatchesCli(file);
      const plan = runCliJson<{ afterTaxRoom: number }>(["plan", file]);
      const rows = page.locator('[data-testid="employers-room"] tbody tr');
      expect(await rows.nth(0).innerText()).toContain(formatUsd(dollarsToCents(plan.afterTaxRoom)));
      expect(await rows.nth(1).innerText()).toMatch(/Acme Corp/);
      // Acme's own 415(c) limit: the lesser of $72,000 (2026, IRC §415(c)(1)(A)) and 100% of the $90,000 paid
      // there; its annual additions are the $12,000 deferred there (within 402(g), §415(c)(2)): 60,000 left.
      // Deferrals are catch-ups only above a limit of the plan they are in (Treas. Reg. §1.414(v)-1(b)(1)(i)).
      expect(await figure("employer-room-unrelated")).toBe("$60,000.00");
      await expectAccessible("planner-two-employers");
      await page.setViewportSize({ width: 390, height: 844 });
      await page.locator('[data-testid="employers-room"]').scrollIntoViewIfNeeded();
      expect((await sideways(['[data-testid="employers-room"] td'])).cut).toEqual([]);
      await screenshot(page, "planner-two-employers-390");
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.click("text=Start over");
      // Start over can be undone
      await page.click("text=Undo start over");
      await expect.poll(() => page.inputValue("#planner-otherEmployerName")).toBe("Acme Corp");
      await page.click("text=Start over");
    },
    LONG,
  );

  it(
    'conversions and compare: wrong fields are named ("Fix these to see …"); Monte Carlo shows progress, never a stale result for invalid inputs, and a tie reads as a tie',
    async () => {
      await page.goto(`${server.url}#/conversions`);
      await page.waitForSelector('[data-testid="conversions"]');
      await page.fill("#conv-afterTax", "lots");
      const fix = page.locator(".error-box", { hasText: "Fix these to see the conversions" });
      await expect
        .poll(() => fix.innerText())
        .toMatch(/After-tax contributions this year \(\$\) — a dollar amount/);
      expect(await page.locator('[data-testid="conversions"]').count()).toBe(0);
      await screenshot(page, "conversions-errors");

      await page.goto(`${server.url}#/compare`);
      await page.waitForSelector('[data-testid="percentiles"]', { timeout: 60_000 });
      const ties = await page
        .locator('[data-testid="win-probabilities"] li', { hasText: "a tie" })
        .allInnerTexts();
      expect(ties.join("\n")).toMatch(/After-tax, converted \(mega backdoor Roth\) and Roth 401\(k\): a tie/);
      expect(await page.locator('[data-testid="win-probabilities"]').innerText()).not.toMatch(
        /beats Roth 401\(k\) on 0\.0%/,
      );
      // a long run: a progress bar, the previous figures dimmed in place, then the new figures
      await page.fill("#compare-paths", "60000");
      await page.waitForSelector('[data-testid="mc-progress"]');
      expect(await page.locator('[data-testid="mc-stale"]').count()).toBe(1);
      await screenshot(page, "compare-progress");
      await page.waitForSelector('[data-testid="percentiles"]', { timeout: 60_000 });
      expect(await page.textContent("main")).toMatch(/60,000 paths/);
      // invalid inputs: the errors, and no Monte Carlo figures at all
      await page.fill("#compare-paths", "0");
      const fixCompare = page.locator(".error-box", { hasText: "Fix these to see the comparison" });
      await expect
        .poll(() => fixCompare.innerText())
        .toMatch(/Paths \(1–100,000\) — a whole number 1–100000/);
      await expect.poll(() => page.locator('[data-testid^="percentiles"]').count()).toBe(0);
      expect(await page.locator('[data-testid="mc-idle"]').count()).toBe(1);
      await expectAccessible("compare-errors");
      await page.fill("#compare-paths", "2000");
      await page.waitForSelector('[data-testid="percentiles"]', { timeout: 60_000 });
    },
    LONG,
  );

  it(
    "details: skip link readable on focus, keypads, required/optional marks, no cut-off select labels, no doubled headings",
    async () => {
      await page.goto(`${server.url}#/planner`);
      await page.waitForSelector('[data-testid="afterTaxRoom"]');
      await page.focus(".skip-link");
      const skip = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        return {
          text: el.textContent,
          bg: style.backgroundColor,
          color: style.color,
          left: el.getBoundingClientRect().left,
        };
      });
      expect(skip.text).toBe("Skip to content");
      expect(skip.bg).not.toBe(skip.color);
      expect(skip.left).toBeGreaterThanOrEqual(0);
      await screenshot(page, "skip-link");
      const modes = await page.evaluate(() =>
        Object.fromEntries(
          [
            "planner-firstPayDate",
            "planner-startDate",
            "planner-match",
            "planner-goalDeferrals",
            "planner-goalAfterTax",
          ].map((id) => [id, document.getElementById(id)?.getAttribute("inputmode")]),
        ),
      );
      expect(Object.values(modes).every((m) => m === "text")).toBe(true);
      for (const id of ["firstPayDate", "startDate", "withholdingPct", "maxElectionPct"]) {
        expect(await page.textContent(`label[for="planner-${id}"]`)).toMatch(/\(optional\)$/);
      }
      for (const name of ["planner", "conversions", "compare", "ledger"]) {
        await page.goto(`${server.url}#/${name}`);
        await page.waitForSelector("main h1");
        await page.waitForTimeout(200);
        const problems = await page.evaluate(() => {
          const canvas = document.createElement("canvas").getContext("2d")!;
          const cut = Array.from(document.querySelectorAll("select")).flatMap((select) => {
            const style = getComputedStyle(select);
            canvas.font = `${style.fontSize} ${style.fontFamily}`;
            const text = select.selectedOptions[0]?.textContent ?? "";
            // the text must fit beside the drop-down arrow (about 1.5rem) and the padding
            return canvas.measureText(text).width > select.clientWidth - 28 ? [`${select.id}: ${text}`] : [];
          });
          const doubled = Array.from(document.querySelectorAll("section")).flatMap((section) => {
            const heading = section.querySelector(":scope > h2, :scope > h3")?.textContent?.trim();
            const caption = section.querySelector("caption");
            const shown =
              caption && getComputedStyle(caption).position !== "absolute"
                ? caption.textContent?.trim()
                : null;
            return heading && shown === heading ? [heading] : [];
          });
          return { cut, doubled };
        });
        expect({ name, ...problems }).toEqual({ name, cut: [], doubled: [] });
      }
    },
    LONG,
  );

  it(
    "ledger: export CSV and JSON and a backup from the page, the change history, the removal confirmation naming the event, every year in the report",
    async () => {
      await page.goto(`${server.url}#/ledger`);
      await page.waitForSelector('[data-testid="events"]');
      const cliCsv = runCli(["ledger", "export", "--db", server.dbPath]).stdout;
      const [csv] = await Promise.all([page.waitForEvent("download"), page.click("text=Export CSV")]);
      const csvPath = join(work, "export.csv");
      await csv.saveAs(csvPath);
      expect(readFileSync(csvPath, "utf8")).toBe(cliCsv);
      const [json] = await Promise.all([page.waitForEvent("download"), page.click("text=Export JSON")]);
      const jsonPath = join(work, "export.json");
      await json.saveAs(jsonPath);
      expect(JSON.parse(readFileSync(jsonPath, "utf8"))).toEqual(
        JSON.parse(runCli(["ledger", "export", "--format", "json", "--db", server.dbPath]).stdout),
      );
      const [backup] = await Promise.all([
        page.waitForEvent("download"),
        page.click("text=Back up the ledger"),
      ]);
      const backupPath = join(work, "backup.sqlite");
      await backup.saveAs(backupPath);
      expect(runCliJson(["ledger", "list", "--db", backupPath])).toEqual(
        runCliJson(["ledger", "list", "--db", server.dbPath]),
      );
      // the CSV columns are listed, and a template can be downloaded
      await page.click("text=The CSV columns");
      expect(await page.locator('[data-testid="csv-columns"] dt').count()).toBe(15);
      const [template] = await Promise.all([
        page.waitForEvent("download"),
        page.click("text=Download a CSV template"),
      ]);
      const templatePath = join(work, "template.csv");
      await template.saveAs(templatePath);
      expect(readFileSync(templatePath, "utf8").split("\n")[0]).toBe(cliCsv.split("\n")[0]);
      // the edit made earlier (event #8, $500.00 → $750.00, then removed) is in the change history
      const history = page.locator('[data-testid="change-history"] [data-history-event="8"]');
      expect(await history.innerText()).toMatch(
        /changed on .* UTC; before: 2027-01-15 After-tax contribution on plan-at, \$500\.00/,
      );
      expect(await history.innerText()).toMatch(/removed on .*\$750\.00/);
      // the removal confirmation says which event
      await page.click('button[aria-label^="Remove event #6 "]');
      expect(await page.locator('[data-testid="remove-confirmation"]').innerText()).toMatch(
        /Remove event #6 \(2026-12-31 December 31 value on plan-at\), \$0\.00\?/,
      );
      await screenshot(page, "ledger-remove-confirmation");
      await page.click("text=Keep it");
      // a year with events but no December 31 yet is offered in the report
      await page.selectOption("#event-type", "after-tax-contribution");
      await page.fill("#event-date", "2027-02-15");
      await page.fill("#event-account", "plan-at");
      await page.fill("#event-amount", "100");
      await page.click("text=Record event");
      await expect.poll(() => page.locator("#report-year option").allInnerTexts()).toEqual(["2026", "2027"]);
      await page.selectOption("#report-year", "2027");
      await page.waitForSelector('[data-testid="year-report"], [data-testid="report-not-closed"]');
      await expectAccessible("ledger-records");
    },
    LONG,
  );

  it(
    "ledger: an empty ledger says how to start, and the accounts the plan implies can be opened from it",
    async () => {
      const empty = await startServe();
      try {
        await page.goto(`${empty.url}#/planner`);
        await page.waitForSelector('[data-testid="afterTaxRoom"]');
        await page.click('nav a:has-text("Ledger")');
        await page.waitForSelector('[data-testid="empty-ledger"]');
        expect(await page.innerText('[data-testid="empty-ledger"]')).toMatch(
          /open an account[\s\S]*import a CSV[\s\S]*start from the plan/,
        );
        await expectAccessible("ledger-empty");
        await page.click("text=Open the plan's accounts");
        await page.waitForSelector('[data-testid="accounts"]');
        const listed = runCliJson<{ events: { type: string; account: string; kind?: string }[] }>([
          "ledger",
          "list",
          "--db",
          empty.dbPath,
        ]).events;
        expect(listed.map((e) => [e.type, e.account])).toEqual([
          ["open", "plan-pretax"],
          ["open", "plan-after-tax"],
          ["open", "plan-roth"],
        ]);
      } finally {
        await empty.stop();
      }
    },
    LONG,
  );

  it(
    "a first visit loads the planner only; another page's code comes on its first visit, or the page says it could not",
    async () => {
      const requested: string[] = [];
      const onRequest = (request: { url(): string }) => requested.push(request.url());
      page.on("request", onRequest);
      try {
        await page.goto(`${server.url}#/planner`);
        await page.waitForSelector('[data-testid="afterTaxRoom"]');
        const scripts = () =>
          requested.filter((url) => url.endsWith(".js")).map((url) => url.split("/").pop()!);
        expect(scripts().some((f) => f.startsWith("index-"))).toBe(true);
        expect(
          scripts().filter((f) => /^(ComparePage|ConversionsPage|LedgerPage|LineChart)-/.test(f)),
        ).toEqual([]);
        await page.click('nav a:has-text("Compare")');
        await page.waitForSelector("h1:has-text('Compare')");
        expect(scripts().filter((f) => /^(ComparePage|LineChart)-/.test(f)).length).toBe(2);

        await page.route(/LedgerPage-[\w-]+\.js$/, (route) => route.abort());
        await page.goto(`${server.url}#/planner`);
        await page.reload();
        await page.waitForSelector('[data-testid="afterTaxRoom"]');
        await page.click('nav a:has-text("Ledger")');
        const alert = page.locator('main [role="alert"]');
        await alert.waitFor();
        expect(await alert.innerText()).toMatch(/This page could not be loaded .*server is still running/);
      } finally {
        page.off("request", onRequest);
        await page.unroute(/LedgerPage-[\w-]+\.js$/);
      }
    },
    LONG,
  );

  it("requested nothing from any other machine, broke no CSP rule, threw no page error", () => {
    expect(browser.requests.length).toBeGreaterThan(10);
    expect(browser.requests.filter((url) => !isLocalRequest(url))).toEqual([]);
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

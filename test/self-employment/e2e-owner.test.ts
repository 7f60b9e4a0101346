import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dollarsToCents, formatUsd } from "../../packages/core/src/rules/money/cents.js";
import { runCliJson } from "../helpers/cli.js";
import {
  axeViolations,
  type Browser,
  launchBrowser,
  type ServeProcess,
  screenshot,
  startServe,
} from "../web/browser.js";

/** A self-employed owner in the web app (chromium against `megaroth serve`): what `megaroth plan` prints. */
const LONG = 120_000;
const SOLO = new URL("../../examples/owners/solo-401k.yaml", import.meta.url).pathname;
let server: ServeProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServe();
  browser = await launchBrowser();
  page = browser.page;
}, LONG);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const figure = async (testId: string) =>
  (await page.locator(`[data-testid="${testId}"] .figure-value`).first().textContent())?.trim() ?? "";
const usd = (dollars: number) => formatUsd(dollarsToCents(dollars));

describe("web app: a self-employed owner", () => {
  it(
    "planner: the imported owner scenario shows the CLI's figures and its deposits by their deadlines",
    async () => {
      const cli = runCliJson<{
        afterTaxTotal: number;
        employerNonelective: number;
        compensation: number;
        deposits: { kind: string; amount: number }[];
      }>(["plan", SOLO]);
      await page.goto(server.url);
      await page.waitForSelector('[data-testid="afterTaxRoom"]');
      await page.setInputFiles("#planner-import", SOLO);
      await expect.poll(() => figure("employerNonelective")).toBe(usd(cli.employerNonelective));
      expect(await figure("afterTaxTotal")).toBe(usd(cli.afterTaxTotal));
      expect(await figure("compensation")).toBe(usd(cli.compensation));
      const rows = await page
        .locator('[data-testid="deposits"] tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [
            tr.getAttribute("data-kind"),
            tr.querySelector('[data-col="amount"]')?.textContent?.trim(),
          ]),
        );
      expect(rows).toEqual(cli.deposits.map((d) => [d.kind, usd(d.amount)]));
      expect(await page.locator('[data-testid="deposits"]').textContent()).toContain("October 15, 2027");
      // employee-only fields are not shown to an owner
      expect(await page.locator("#planner-salary").count()).toBe(0);
      expect(await page.locator("#planner-match").count()).toBe(0);
      await screenshot(page, "planner-owner");
      expect(await axeViolations(page)).toEqual([]);
    },
    LONG,
  );

  it(
    "planner: switching the form to self-employed and typing the net profit gives the issue's figures",
    async () => {
      await page.goto(server.url);
      await page.waitForSelector('[data-testid="afterTaxRoom"]');
      await page.selectOption("#planner-payKind", "self-employed");
      await page.fill("#planner-netProfit", "50,000");
      await page.fill("#planner-ageAtYearEnd", "45");
      await page.fill("#planner-nonelective", "25");
      await page.fill("#planner-goalDeferrals", "24,500");
      // SOLO-03: employer 9,293.52, room 3,380.57 (100% of compensation binds)
      await expect.poll(() => figure("employerNonelective")).toBe("$9,293.52");
      expect(await figure("afterTaxRoom")).toBe("$3,380.57");
    },
    LONG,
  );

  it(
    "compare: the rate now from a self-employed net profit",
    async () => {
      await page.goto(`${server.url}#/compare`);
      await page.waitForSelector("#compare-rateNowFrom");
      await page.selectOption("#compare-rateNowFrom", "self-employed");
      await page.fill("#compare-netProfit", "200,000");
      await expect
        .poll(async () => (await page.locator('[data-testid="owner-rate-now"]').textContent()) ?? "")
        .toContain(": 24%");
      expect(await axeViolations(page)).toEqual([]);
    },
    LONG,
  );
});

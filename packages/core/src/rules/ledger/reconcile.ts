import { type Cents, cents, formatUsd } from "../money/cents.js";
import { type IsoDate, yearOf } from "./events.js";
import type { Expected1099R, LedgerState } from "./fold.js";

/**
 * Where the ledger disagrees with a document: a statement's balance or basis, a received Form 1099-R, or a
 * filed Form 8606's line 14. A "mismatch" means one of the two is wrong and money is at stake; a "note" is
 * something to look at (a 1099-R the events imply that is not recorded yet).
 */
export interface Finding {
  readonly code:
    | "STATEMENT_BASIS_MISMATCH"
    | "STATEMENT_BALANCE_MISMATCH"
    | "FORM_1099R_BOX1_MISMATCH"
    | "FORM_1099R_BOX2A_MISMATCH"
    | "FORM_1099R_BOX5_MISMATCH"
    | "FORM_1099R_CODE_MISMATCH"
    | "FORM_1099R_UNEXPECTED"
    | "FORM_1099R_NOT_RECORDED"
    | "FORM_8606_LINE14_MISMATCH";
  readonly level: "mismatch" | "note";
  readonly account: string;
  /** The statement's date, or the tax year of a form. */
  readonly date: IsoDate | null;
  readonly taxYear: number;
  readonly ledger: Cents | null;
  readonly document: Cents | null;
  readonly message: string;
  readonly citation: string;
}

export function reconcile(state: LedgerState): Finding[] {
  return [...statementFindings(state), ...form1099RFindings(state), ...form8606Findings(state)];
}

function statementFindings(state: LedgerState): Finding[] {
  const findings: Finding[] = [];
  for (const c of state.statementChecks) {
    const base = { account: c.account, date: c.date, taxYear: yearOf(c.date) };
    if (c.statementBasis !== null && c.statementBasis !== c.ledgerBasis) {
      findings.push({
        ...base,
        code: "STATEMENT_BASIS_MISMATCH",
        level: "mismatch",
        ledger: c.ledgerBasis,
        document: c.statementBasis,
        message: `${c.account} on ${c.date}: the statement shows basis ${formatUsd(c.statementBasis)}, the ledger ${formatUsd(c.ledgerBasis)} (difference ${formatUsd(cents(c.statementBasis - c.ledgerBasis))}): a contribution or conversion is missing or recorded twice`,
        citation: "IRC §72(c)(1), (f): investment in the contract",
      });
    }
    if (c.statementEarnings !== null && c.ledgerBalance + c.statementEarnings !== c.statementBalance) {
      const implied = cents(c.ledgerBalance + c.statementEarnings);
      findings.push({
        ...base,
        code: "STATEMENT_BALANCE_MISMATCH",
        level: "mismatch",
        ledger: implied,
        document: c.statementBalance,
        message: `${c.account} on ${c.date}: the ledger balance ${formatUsd(c.ledgerBalance)} plus the statement's gain/loss ${formatUsd(c.statementEarnings)} is ${formatUsd(implied)}, the statement says ${formatUsd(c.statementBalance)} (difference ${formatUsd(cents(c.statementBalance - implied))}): a contribution or withdrawal is missing or recorded twice`,
        citation: "plan statement",
      });
    }
  }
  return findings;
}

interface BoxTotals {
  box1: Cents;
  box2a: Cents | null;
  box5: Cents | null;
}

function addBoxes(
  into: BoxTotals | undefined,
  box1: Cents,
  box2a: Cents | null,
  box5: Cents | null,
): BoxTotals {
  if (!into) return { box1, box2a, box5 };
  return {
    box1: cents(into.box1 + box1),
    box2a: into.box2a === null || box2a === null ? null : cents(into.box2a + box2a),
    box5: into.box5 === null || box5 === null ? null : cents(into.box5 + box5),
  };
}

const CITE_1099R = "Instructions for Forms 1099-R and 5498, boxes 1, 2a, 5 and 7";

/** Received 1099-Rs against the ones the events imply, summed by payer account, tax year and box 7 code. */
function form1099RFindings(state: LedgerState): Finding[] {
  const expected = new Map<string, BoxTotals>();
  const key = (payer: string, year: number, code: string | null) =>
    `${payer}\u0000${year}\u0000${code ?? ""}`;
  const byPayerYear = new Map<string, Expected1099R[]>();
  for (const e of state.expected1099Rs) {
    const k = key(e.payer, e.taxYear, e.code);
    expected.set(k, addBoxes(expected.get(k), e.box1, e.box2a, e.box5));
    const py = key(e.payer, e.taxYear, null);
    byPayerYear.set(py, [...(byPayerYear.get(py) ?? []), e]);
  }
  const received = new Map<string, BoxTotals & { payer: string; taxYear: number; code: string }>();
  for (const r of state.received1099Rs) {
    const k = key(r.account, r.taxYear, r.code);
    const boxes = addBoxes(received.get(k), r.amount, r.taxable, r.basis);
    received.set(k, { ...boxes, payer: r.account, taxYear: r.taxYear, code: r.code });
  }
  const findings: Finding[] = [];
  const matched = new Set<string>();
  for (const r of received.values()) {
    const base = { account: r.payer, date: null, taxYear: r.taxYear, citation: CITE_1099R };
    const label = `1099-R from ${r.payer} for ${r.taxYear} (code ${r.code})`;
    const sameCode = key(r.payer, r.taxYear, r.code);
    const uncoded = key(r.payer, r.taxYear, null);
    // The age digit the payer adds to a letter code (1B, 2B: early designated Roth distribution) is a fact the
    // ledger does not hold; the letter is what the events imply (1099-R instructions, box 7 code B combinations)
    const letterOnly = key(
      r.payer,
      r.taxYear,
      r.code.length === 2 ? r.code.replace(/^[127]|[127]$/, "") : r.code,
    );
    const k = [sameCode, letterOnly, uncoded].find((candidate) => expected.has(candidate)) ?? null;
    if (k === null) {
      const others = byPayerYear.get(uncoded);
      findings.push(
        others
          ? {
              ...base,
              code: "FORM_1099R_CODE_MISMATCH",
              level: "mismatch",
              ledger: null,
              document: r.box1,
              message: `${label}: the recorded events imply code ${[...new Set(others.map((o) => o.code))].join(", ")}`,
            }
          : {
              ...base,
              code: "FORM_1099R_UNEXPECTED",
              level: "mismatch",
              ledger: null,
              document: r.box1,
              message: `${label}: no recorded distribution, rollover or conversion from ${r.payer} in ${r.taxYear} explains it`,
            },
      );
      continue;
    }
    matched.add(k);
    const e = expected.get(k)!;
    const compare = (code: Finding["code"], box: string, ledger: Cents | null, document: Cents | null) => {
      if (ledger === null || document === null || ledger === document) return;
      findings.push({
        ...base,
        code,
        level: "mismatch",
        ledger,
        document,
        message: `${label}: box ${box} is ${formatUsd(document)}, the recorded events imply ${formatUsd(ledger)}`,
      });
    };
    compare("FORM_1099R_BOX1_MISMATCH", "1", e.box1, r.box1);
    compare("FORM_1099R_BOX2A_MISMATCH", "2a", e.box2a, r.box2a);
    compare("FORM_1099R_BOX5_MISMATCH", "5", e.box5, r.box5);
  }
  for (const [k, e] of expected) {
    if (matched.has(k)) continue;
    const [payer = "", year = "", code = ""] = k.split("\u0000");
    findings.push({
      code: "FORM_1099R_NOT_RECORDED",
      level: "note",
      account: payer,
      date: null,
      taxYear: Number(year),
      ledger: e.box1,
      document: null,
      message: `expect a 1099-R from ${payer} for ${year}${code ? ` with code ${code}` : ""}: box 1 ${formatUsd(e.box1)}${e.box2a === null ? "" : `, box 2a ${formatUsd(e.box2a)}`}${e.box5 === null ? "" : `, box 5 ${formatUsd(e.box5)}`}`,
      citation: CITE_1099R,
    });
  }
  return findings;
}

/** A filed Form 8606's line 14 against the basis the ledger carries out of that year. */
function form8606Findings(state: LedgerState): Finding[] {
  const findings: Finding[] = [];
  for (const filed of state.filed8606s) {
    const year = state.form8606.get(filed.taxYear);
    if (!year) continue;
    const ledger = year.basisCarriedForward;
    if (ledger === filed.amount) continue;
    findings.push({
      code: "FORM_8606_LINE14_MISMATCH",
      level: "mismatch",
      account: filed.account,
      date: null,
      taxYear: filed.taxYear,
      ledger,
      document: filed.amount,
      message: `Form 8606 for ${filed.taxYear}: line 14 filed as ${formatUsd(filed.amount)}, the ledger carries ${formatUsd(ledger)} (difference ${formatUsd(cents(filed.amount - ledger))}); next year's line 2 must be the right one`,
      citation: "Form 8606 line 14 and next year's line 2",
    });
  }
  return findings;
}

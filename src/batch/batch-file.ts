import type { Writable } from "node:stream";
import { figureFrom } from "@megaroth/core/typed";
import { BATCH_COLUMNS, type BatchPlan, errorRow, writePlanRow } from "./batch-plan.js";
import { CsvWriter } from "./csv-writer.js";
import {
  type BadRow,
  isBadRow,
  type ParticipantRow,
  REQUIRED_COLUMNS,
  readParticipantCsv,
} from "./participant-csv.js";

export interface BatchFileResult {
  readonly rows: number;
  /** The first bad rows (at most `keepBadRows`), in file order; all of them are in the output. */
  readonly badRows: readonly BadRow[];
  readonly badRowCount: number;
}

/**
 * Plans every row of a participant CSV onto `out` as CSV, row by row in file order, waiting whenever `out`
 * asks for a pause, so memory stays flat. Bad rows are written with their reason in the error column.
 */
export async function planFile(
  path: string,
  plan: Omit<BatchPlan, "ficaWagesGiven">,
  out: Writable,
  keepBadRows = 5,
  /** Ask `contributionRoom` for steps and messages (the output is the same; tests compare the two). */
  explain = false,
): Promise<BatchFileResult> {
  const writer = new CsvWriter(out);
  let rowPlan: BatchPlan = { ...plan, ficaWagesGiven: false };
  const badRows: BadRow[] = [];
  let badRowCount = 0;
  const bad = (b: BadRow) => {
    badRowCount += 1;
    if (badRows.length < keepBadRows) badRows.push(b);
    writer.writeRow(errorRow(b));
  };
  const planRows = (rows: readonly (ParticipantRow | BadRow)[]) => {
    for (const row of rows) {
      if (isBadRow(row)) bad(row);
      else if (row.age === null)
        bad({
          line: row.line,
          id: row.id,
          message: "age is empty (allowed: a whole number 18–120, age at year end)",
        });
      else writePlanRow(writer, row, rowPlan, explain);
    }
    return writer.drained() ?? undefined;
  };
  const summary = await readParticipantCsv(path, {
    required: [...REQUIRED_COLUMNS, "age"],
    onHeader: (columns) => {
      // Before 2026 there is no Roth catch-up rule (IRC §414(v)(7) has no threshold then), so nothing is unknown.
      const ruleInEffect = figureFrom("rothCatchUpWageThreshold", plan.year) !== null;
      rowPlan = { ...rowPlan, ficaWagesGiven: columns.prior_year_fica_wages >= 0 || !ruleInEffect };
      writer.writeRow(BATCH_COLUMNS);
    },
    onRows: planRows,
  });
  await writer.end();
  return { rows: summary.rows, badRows, badRowCount };
}

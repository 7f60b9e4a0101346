import { type AcpOptions, type AcpResult, acpTally, acpTest, tallyParticipant } from "@megaroth/core/typed";
import { IdSet } from "./id-set.js";
import { type BadRow, isBadRow, REQUIRED_COLUMNS, readParticipantCsv } from "./participant-csv.js";

export interface AcpFileResult {
  /** Null when the file had bad rows: a test on part of the workforce would be a wrong answer. */
  readonly result: AcpResult | null;
  readonly rows: number;
  /** The first bad rows (at most `keepBadRows`), in file order. */
  readonly badRows: readonly BadRow[];
  readonly badRowCount: number;
}

/**
 * Streams a participant CSV into the ACP test: each row is folded into the tally as it is read (only HCEs
 * are kept), so a file of a million employees needs memory for its HCEs, not for every row. A repeated id
 * is a bad row, since it would count an employee twice.
 */
export async function acpTestOfFile(
  path: string,
  year: number,
  options: AcpOptions,
  keepBadRows = 20,
): Promise<AcpFileResult> {
  const tally = acpTally(year, options.safeHarborMatch ?? false);
  const seen = new IdSet();
  const badRows: BadRow[] = [];
  let badRowCount = 0;
  const bad = (b: BadRow) => {
    badRowCount += 1;
    if (badRows.length < keepBadRows) badRows.push(b);
  };
  const summary = await readParticipantCsv(path, {
    required: REQUIRED_COLUMNS,
    onRows: (rows) => {
      for (const row of rows) {
        if (isBadRow(row)) {
          bad(row);
          continue;
        }
        if (!seen.add(row.id)) {
          bad({ line: row.line, id: row.id, message: `id "${row.id}" appears twice (each employee once)` });
          continue;
        }
        if (badRowCount === 0) tallyParticipant(tally, row);
      }
    },
  });
  return {
    result: badRowCount === 0 ? acpTest(tally, options) : null,
    rows: summary.rows,
    badRows,
    badRowCount,
  };
}

import Papa from "papaparse";

/**
 * The participant CSV split into records exactly as `Papa.parse(stream, { header: false, skipEmptyLines:
 * false, chunk })` splits it (papaparse 5.7.1), chunk for chunk, but cheaper on the common chunk.
 *
 * What papaparse does with a stream, and what this module repeats: each stream chunk is appended to the
 * unfinished last line of the one before (`partial + chunk`) and that text is parsed on its own; the complete
 * records go out, the text after the last complete record is kept for the next chunk. The final parse (at the
 * end of the stream) is of the kept text alone, and its last line counts even without a newline. The line
 * break and the delimiter are guessed once, from the first chunk.
 *
 * - The guesses are papaparse's own: a `ParserHandle` is run over the first chunk and its guesses are read.
 * - A text with a quote character anywhere goes to papaparse's own `Parser`, with the same settings.
 * - A text without a quote character is the common case. papaparse then takes its fast mode, which is
 *   `text.split(newline)` and `line.split(delimiter)` for each line. `splitPlain` gives the same records as
 *   bounds into the text: no string per line, and none per field unless the reader asks for it (papaparse's
 *   fast mode alone takes about as long as the whole reference parse).
 *
 * test/acp/participant-csv-records.test.ts compares the reader built on this with the papaparse reader it
 * replaced (`Papa.parse` on the stream, so it also checks whatever papaparse version is installed), on random
 * hostile files cut into random chunks.
 */

export interface RecordFormat {
  readonly delimiter: string;
  readonly newline: "\n" | "\r\n" | "\r";
}

/** papaparse's guesses for a stream whose first chunk is `firstChunk`. */
export function guessFormat(firstChunk: string): RecordFormat {
  const config: Papa.ParseConfig = {};
  // papaparse writes its guesses into the config it is given (ParserHandle.parse, papaparse.js).
  const Handle = (Papa as unknown as { ParserHandle: new (c: Papa.ParseConfig) => Papa.Parser }).ParserHandle;
  new Handle(config).parse(firstChunk, 0, true);
  const { delimiter, newline } = config;
  if (typeof delimiter !== "string" || (newline !== "\n" && newline !== "\r\n" && newline !== "\r")) {
    throw new Error("papaparse did not report its delimiter and line break guesses");
  }
  return { delimiter, newline };
}

/**
 * Hands each complete record of a text to `onRecord` and returns where the unfinished rest starts (the
 * text's length when `last`, where the rest is a record too).
 *
 * A text with a quote character goes to papaparse's own `Parser`, and each record arrives as its fields
 * (`fields`, with `text` and `bounds` unused). A text without one arrives record by record as bounds
 * into the text, with `fields` null: field k is `text.slice(bounds[2k], bounds[2k + 1])`, for k below `count`.
 * `fieldsAt` turns them into the array papaparse would give.
 */
export function splitRecords(
  text: string,
  format: RecordFormat,
  last: boolean,
  onRecord: RecordSink,
): number {
  if (text.indexOf('"') === -1) return splitPlain(text, format, last, onRecord);
  const parser = new Papa.Parser({ delimiter: format.delimiter, newline: format.newline });
  const result = parser.parse(text, 0, !last) as { data: string[][]; meta: { cursor: number } };
  for (const record of result.data) onRecord(record, text, EMPTY, record.length);
  return result.meta.cursor;
}

export type RecordSink = (fields: string[] | null, text: string, bounds: Int32Array, count: number) => void;

const EMPTY = new Int32Array(0);

/** The fields of a record given by bounds (see `splitRecords`). */
export function fieldsAt(text: string, bounds: Int32Array, count: number): string[] {
  const fields: string[] = new Array(count);
  for (let k = 0; k < count; k++) fields[k] = text.slice(bounds[2 * k]!, bounds[2 * k + 1]!);
  return fields;
}

let bounds: Int32Array = new Int32Array(64);

/**
 * papaparse's fast mode, `text.split(newline).map((line) => line.split(delimiter))` with the last line
 * left for the next chunk unless `last` (and nothing at all for an empty text), by index.
 * `nextDelimiter` is always the first delimiter at or after the current position: a line's fields are cut
 * at every delimiter before the line's end, and a delimiter is never part of a line break (papaparse never
 * guesses "\r" or "\n" as a delimiter), so the first one after the line is also the first one at or after
 * the next line's start. Each delimiter and each line break is searched for once.
 */
function splitPlain(text: string, format: RecordFormat, last: boolean, onRecord: RecordSink): number {
  if (text.length === 0) return 0;
  const { delimiter, newline } = format;
  const delimiterLength = delimiter.length;
  const newlineLength = newline.length;
  let nextDelimiter = text.indexOf(delimiter);
  let start = 0;
  for (;;) {
    let end = text.indexOf(newline, start);
    if (end === -1) {
      if (!last) return start;
      end = text.length;
    }
    let count = 0;
    let from = start;
    while (nextDelimiter !== -1 && nextDelimiter < end) {
      if (2 * count + 2 > bounds.length) bounds = grow(bounds);
      bounds[2 * count] = from;
      bounds[2 * count + 1] = nextDelimiter;
      count += 1;
      from = nextDelimiter + delimiterLength;
      nextDelimiter = text.indexOf(delimiter, from);
    }
    if (2 * count + 2 > bounds.length) bounds = grow(bounds);
    bounds[2 * count] = from;
    bounds[2 * count + 1] = end;
    count += 1;
    onRecord(null, text, bounds, count);
    if (end === text.length) return end;
    start = end + newlineLength;
  }
}

function grow(old: Int32Array): Int32Array {
  const wider = new Int32Array(old.length * 2);
  wider.set(old);
  return wider;
}

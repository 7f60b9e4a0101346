import type { Writable } from "node:stream";
import type { Cents } from "@megaroth/core/typed";

/** A field as CSV text (RFC 4180): quoted when it holds a comma, a quote, a line break or edge spaces. */
export function csvField(text: string): string {
  if (text === "") return text;
  if (/[",\r\n]/.test(text) || text.trim() !== text) return `"${text.replaceAll('"', '""')}"`;
  return text;
}

/** Money for a CSV cell: plain dollars with two decimals ("-1234.50"), exact from cents, no "$" or commas. */
export function csvDollars(amount: Cents): string {
  if (amount === 0) return "0.00";
  const abs = Math.abs(amount);
  const fraction = abs % 100;
  return `${amount < 0 ? "-" : ""}${(abs - fraction) / 100}.${fraction < 10 ? "0" : ""}${fraction}`;
}

const FLUSH_AT = 1 << 16;
/** Bytes kept free past FLUSH_AT; every write makes sure of its own room first (a number: at most 24 bytes). */
const SLACK = 1024;
const NUMBER_BYTES = 24;
const COMMA = 44;

/** "00" to "99" as ASCII digit pairs: PAIRS[2i], PAIRS[2i + 1] are the digits of i. */
const PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  PAIRS[2 * i] = 48 + Math.floor(i / 10);
  PAIRS[2 * i + 1] = 48 + (i % 10);
}

/** Bytes `reserve` can always promise: the buffer holds at least this much past FLUSH_AT. */
export const RESERVE_MAX = SLACK;

/** Money as `csvDollars` writes it ("-1234.50", "0.00") at `at`, at most NUMBER_BYTES; returns where it ended. */
export function putDollars(buffer: Buffer, at: number, amount: Cents): number {
  if (amount === 0) {
    // "0.00": the commonest amount of a batch row (no catch-up, no excess, nothing elected).
    buffer[at] = 48;
    buffer[at + 1] = 46;
    buffer[at + 2] = 48;
    buffer[at + 3] = 48;
    return at + 4;
  }
  let abs: number = amount;
  if (amount < 0) {
    buffer[at++] = 45;
    abs = -amount;
  }
  let whole: number;
  let fraction: number;
  if (abs <= 0x7fffffff) {
    // In 32-bit integers (below $21,474,836.48): exact, and division by a constant is a multiply.
    const small = abs | 0;
    whole = (small / 100) | 0;
    fraction = small - whole * 100;
  } else {
    // Exact: `%` of integers is exact in floating point.
    fraction = abs % 100;
    whole = (abs - fraction) / 100;
  }
  at = writeDigits(buffer, at, whole);
  buffer[at] = 46;
  buffer[at + 1] = PAIRS[2 * fraction]!;
  buffer[at + 2] = PAIRS[2 * fraction + 1]!;
  return at + 3;
}

/** The longest field `putPlainField` writes. */
export const PLAIN_FIELD_MAX = 256;

/**
 * A field of 1–PLAIN_FIELD_MAX printable ASCII characters other than '"' and ',', without a space at either end
 * (most ids), written byte by byte at `at` — as `csvField` would write it, since it needs no quotes. Returns where
 * it ended, or -1 (nothing counted as written) for any other field, which needs `csvField` and UTF-8.
 */
export function putPlainField(buffer: Buffer, at: number, value: string): number {
  const n = value.length;
  if (n === 0 || n > PLAIN_FIELD_MAX) return -1;
  if (value.charCodeAt(0) === 32 || value.charCodeAt(n - 1) === 32) return -1;
  for (let i = 0; i < n; i++) {
    const code = value.charCodeAt(i);
    // printable ASCII other than '"' (34) and ',' (44): as it is
    if (code < 32 || code > 126 || code === 34 || code === 44) return -1;
    buffer[at + i] = code;
  }
  return at + n;
}

/** A non-negative safe integer in decimal at `at`, as `String(n)` writes it; returns where it ended. */
export function putInteger(buffer: Buffer, at: number, n: number): number {
  return writeDigits(buffer, at, n);
}

/** ASCII text (column values, codes) at `at`, one byte a character; returns where it ended. */
export function putAscii(buffer: Buffer, at: number, value: string): number {
  for (let i = 0; i < value.length; i++) buffer[at++] = value.charCodeAt(i);
  return at;
}

/** How many decimal digits a number 0 ≤ n < 2^31 has. */
function digitCount32(n: number): number {
  if (n < 100_000) return n < 10 ? 1 : n < 100 ? 2 : n < 1_000 ? 3 : n < 10_000 ? 4 : 5;
  return n < 1_000_000 ? 6 : n < 10_000_000 ? 7 : n < 100_000_000 ? 8 : n < 1_000_000_000 ? 9 : 10;
}

/**
 * Writes a non-negative safe integer (< 10^16) at `at`, most significant digit first, as `String(n)` does;
 * returns where it ended. Above 2^31 − 1 the low digits come off in floating point (exact for integers below
 * 2^53) until what is left fits a 32-bit integer, whose digits come off two at a time in integer arithmetic.
 */
function writeDigits(buffer: Buffer, at: number, n: number): number {
  if (n > 0x7fffffff) {
    const digit = n % 10;
    const end = writeDigits(buffer, at, (n - digit) / 10);
    buffer[end] = 48 + digit;
    return end + 1;
  }
  let small = n | 0;
  const end = at + digitCount32(small);
  let i = end - 1;
  while (small >= 100) {
    const quotient = (small / 100) | 0;
    const pair = 2 * (small - quotient * 100);
    buffer[i] = PAIRS[pair + 1]!;
    buffer[i - 1] = PAIRS[pair]!;
    i -= 2;
    small = quotient;
  }
  if (small >= 10) {
    buffer[i] = PAIRS[2 * small + 1]!;
    buffer[i - 1] = PAIRS[2 * small]!;
  } else buffer[i] = 48 + small;
  return end;
}
const NEWLINE = 10;

/**
 * Writes CSV to a stream in 64 KiB pieces, straight into a byte buffer: numbers and money as ASCII digits,
 * text as UTF-8, without building a string per row (a million-row batch would otherwise make and copy ~60 MB
 * of short-lived strings). `drained()` gives a promise to wait on when the stream asks for a pause
 * (backpressure), or null when writing may go on.
 *
 * The digits it writes are those of `String(n)` and `csvDollars` (tests compare them).
 */
export class CsvWriter {
  private buffer = Buffer.allocUnsafe(FLUSH_AT + SLACK);
  private at = 0;
  private full = false;
  private failure: Error | null = null;

  constructor(private readonly out: Writable) {
    // A closed reader (`| head`) or a full disk: remember it, stop writing, and say so at the next pause.
    out.on("error", (error: Error) => {
      this.failure ??= error;
    });
  }

  writeRow(fields: readonly string[]): void {
    this.writeLine(fields.map(csvField).join(","));
  }

  /** A row already joined, its fields already quoted where needed. */
  writeLine(line: string): void {
    this.text(line);
    this.endRow();
  }

  /** Text as UTF-8, as it is (quote it first with `csvField` where it may need quoting). */
  text(value: string): this {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    if (this.at + value.length * 3 > this.buffer.length) {
      this.flush();
      if (value.length * 3 > this.buffer.length) this.buffer = Buffer.allocUnsafe(value.length * 3 + SLACK);
    }
    this.at += this.buffer.write(value, this.at, "utf8");
    return this;
  }

  /** Text of ASCII characters only (column names, codes): one byte each. */
  ascii(value: string): this {
    if (this.at + value.length > this.buffer.length) this.text(value);
    else for (let i = 0; i < value.length; i++) this.buffer[this.at++] = value.charCodeAt(i);
    return this;
  }

  /**
   * A field as `csvField` writes it: most ids are printable ASCII without a comma or quote, written byte by
   * byte; anything else goes through `csvField` (quoting) and UTF-8.
   */
  field(value: string): this {
    if (this.at + PLAIN_FIELD_MAX <= this.buffer.length) {
      const end = putPlainField(this.buffer, this.at, value);
      if (end >= 0) {
        this.at = end;
        return this;
      }
    }
    return this.text(csvField(value));
  }

  comma(): this {
    if (this.at >= this.buffer.length) this.flush();
    this.buffer[this.at++] = COMMA;
    return this;
  }

  /** A safe integer in decimal, as `String(n)` writes it. */
  integer(n: number): this {
    if (this.at + NUMBER_BYTES > this.buffer.length) this.flush();
    if (n < 0) {
      this.buffer[this.at++] = 45;
      n = -n;
    }
    this.at = writeDigits(this.buffer, this.at, n);
    return this;
  }

  /** Money as `csvDollars` writes it: "-1234.50", "0.00". */
  dollars(amount: Cents): this {
    if (this.at + NUMBER_BYTES > this.buffer.length) this.flush();
    this.at = putDollars(this.buffer, this.at, amount);
    return this;
  }

  /**
   * For a caller that writes a run of fields itself with `putDollars` and the like: makes sure `bytes` (at most
   * SLACK) fit, and gives the buffer and the position to write at. `putBack` then says where the caller stopped.
   */
  reserve(bytes: number): Buffer {
    if (this.at + bytes > this.buffer.length) this.flush();
    return this.buffer;
  }

  get position(): number {
    return this.at;
  }

  putBack(at: number): void {
    this.at = at;
  }

  /** Ends a row; writes out the buffer once it holds FLUSH_AT bytes. */
  endRow(): void {
    if (this.at >= this.buffer.length) this.flush();
    this.buffer[this.at++] = NEWLINE;
    if (this.at >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.at === 0 || this.failure) {
      this.at = 0;
      return;
    }
    // The stream keeps the bytes until it has written them: hand it this buffer and start a new one.
    if (!this.out.write(this.buffer.subarray(0, this.at))) this.full = true;
    this.buffer = Buffer.allocUnsafe(FLUSH_AT + SLACK);
    this.at = 0;
  }

  /** Settles once the stream has room again; rejects if the stream failed. */
  private settled(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      const onDrain = () => {
        this.out.off("error", onError);
        resolve();
      };
      const onError = (error: Error) => {
        this.out.off("drain", onDrain);
        reject(error);
      };
      this.out.once("drain", onDrain);
      this.out.once("error", onError);
    });
  }

  drained(): Promise<void> | null {
    if (this.failure) return Promise.reject(this.failure);
    if (!this.full) return null;
    this.full = false;
    return this.settled();
  }

  /** Writes what is buffered and resolves once the stream has taken it. */
  end(): Promise<void> {
    this.flush();
    if (this.failure) return Promise.reject(this.failure);
    return this.out.writableNeedDrain ? this.settled() : Promise.resolve();
  }
}

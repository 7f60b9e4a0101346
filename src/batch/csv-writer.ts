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
    const n = value.length;
    if (n === 0 || n > 256 || this.at + n > this.buffer.length) return this.text(csvField(value));
    if (value.charCodeAt(0) === 32 || value.charCodeAt(n - 1) === 32) return this.text(csvField(value));
    const start = this.at;
    for (let i = 0; i < n; i++) {
      const code = value.charCodeAt(i);
      // printable ASCII other than '"' (34) and ',' (44): as it is
      if (code < 32 || code > 126 || code === 34 || code === 44) {
        this.at = start;
        return this.text(csvField(value));
      }
      this.buffer[this.at++] = code;
    }
    return this;
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
    this.digits(n);
    return this;
  }

  /** Money as `csvDollars` writes it: "-1234.50", "0.00". */
  dollars(amount: Cents): this {
    if (this.at + NUMBER_BYTES > this.buffer.length) this.flush();
    let abs: number = amount;
    if (amount < 0) {
      this.buffer[this.at++] = 45;
      abs = -amount;
    }
    // Exact: `%` of integers is exact in floating point, and in 32-bit integers below 2^31.
    const fraction = abs <= 0x7fffffff ? (abs | 0) % 100 : abs % 100;
    const whole = (abs - fraction) / 100;
    this.digits(whole);
    this.buffer[this.at++] = 46;
    const tens = (fraction / 10) | 0;
    this.buffer[this.at++] = 48 + tens;
    this.buffer[this.at++] = 48 + fraction - tens * 10;
    return this;
  }

  /** A non-negative safe integer (< 10^16), most significant digit first. */
  private digits(n: number): void {
    let count = 1;
    for (let p = 10; p <= n; p *= 10) count += 1;
    this.at += count;
    let i = this.at - 1;
    let left = n;
    // Above 2^31 − 1 the digits come off in floating point (exact for integers below 2^53) until what is left
    // fits a 32-bit integer, whose digits come off in integer arithmetic (fast: no floating-point modulo).
    while (left > 0x7fffffff) {
      const digit = left % 10;
      this.buffer[i--] = 48 + digit;
      left = (left - digit) / 10;
    }
    let small = left | 0;
    do {
      const quotient = (small / 10) | 0;
      this.buffer[i--] = 48 + small - quotient * 10;
      small = quotient;
    } while (small > 0);
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

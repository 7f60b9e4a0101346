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

/**
 * Writes CSV rows to a stream in 64 KiB pieces. `writeRow` never blocks; `drained()` gives a promise to
 * wait on when the stream asks for a pause (backpressure), or null when writing may go on.
 */
export class CsvWriter {
  private buffer = "";
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
    this.buffer += `${line}\n`;
    if (this.buffer.length >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.buffer === "" || this.failure) return;
    if (!this.out.write(this.buffer)) this.full = true;
    this.buffer = "";
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

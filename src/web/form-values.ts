import { type BasisPoints, type Cents, parseDollars, parsePercent } from "@megaroth/core/typed";

/**
 * Reading typed text into exact values: each reader records a message under the field's key when the text
 * is not allowed, so the form shows every problem at once and computes nothing until all are fixed.
 */
export type FieldErrors<K extends string> = Partial<Record<K, string>>;

export class FieldReader<K extends string> {
  readonly errors: FieldErrors<K> = {};

  get ok(): boolean {
    return Object.keys(this.errors).length === 0;
  }

  money(key: K, text: string, options: { emptyIs?: Cents } = {}): Cents {
    if (text.trim() === "" && options.emptyIs !== undefined) return options.emptyIs;
    try {
      const amount = parseDollars(text);
      if (amount < 0) this.errors[key] = "must be 0 or more";
      return amount;
    } catch {
      this.errors[key] = "a dollar amount, e.g. 24,500 or 1234.56";
      return 0 as Cents;
    }
  }

  percent(key: K, text: string, max = 100): BasisPoints {
    try {
      const bp = parsePercent(text);
      if (bp > max * 100) this.errors[key] = `must be 0–${max}%`;
      return bp;
    } catch {
      this.errors[key] = `a percentage 0–${max}, at most 2 decimals`;
      return 0 as BasisPoints;
    }
  }

  whole(key: K, text: string, min: number, max: number): number {
    const n = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) this.errors[key] = `a whole number ${min}–${max}`;
    return n;
  }

  fail(key: K, message: string): void {
    this.errors[key] = message;
  }
}

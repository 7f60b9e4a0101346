import { isUtf8 } from "node:buffer";

/** Text that is not UTF-8: where its first bad byte is (line and column from 1; the column counts characters). */
export class NotUtf8Error extends Error {
  override readonly name = "NotUtf8Error";
  constructor(
    readonly line: number,
    readonly column: number,
    readonly byte: number,
  ) {
    const hex = `0x${byte.toString(16).toUpperCase().padStart(2, "0")}`;
    super(`is not UTF-8 text: byte ${hex} at line ${line}, column ${column} (save the file as UTF-8)`);
    this.reason = `byte ${hex} is not UTF-8 text (save the file as UTF-8)`;
  }
  /** The problem without its place (for a report that gives line and column itself). */
  readonly reason: string;
}

/** Length of the valid UTF-8 sequence at `i`, or 0 when the byte there starts no valid sequence. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  const cont = (k: number) => i + k < bytes.length && (bytes[i + k]! & 0xc0) === 0x80;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    const b1 = bytes[i + 1] ?? 0;
    if ((b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 > 0x9f)) return 0; // overlong; surrogates
    return cont(1) && cont(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const b1 = bytes[i + 1] ?? 0;
    if ((b === 0xf0 && b1 < 0x90) || (b === 0xf4 && b1 > 0x8f)) return 0; // overlong; beyond U+10FFFF
    return cont(1) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/**
 * The bytes as text when they are UTF-8 (a leading byte-order mark is kept: callers strip it); else a
 * NotUtf8Error naming the line and column of the first byte that is not.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  if (isUtf8(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  let line = 1;
  let column = 1;
  for (let i = 0; i < bytes.length; ) {
    const n = sequenceLength(bytes, i);
    if (n === 0) throw new NotUtf8Error(line, column, bytes[i]!);
    if (bytes[i] === 0x0a) {
      line += 1;
      column = 1;
    } else column += 1;
    i += n;
  }
  // isUtf8 and this scan agree on every input; this line is never reached
  throw new NotUtf8Error(line, column, 0);
}

/**
 * Splits a byte stream into lines (`\n`, with a trailing `\r` dropped) without ever holding more than
 * `maxBytes` of one line. `node:readline` assembles a whole line whatever its size, so a single
 * 600 MB line would be built in memory (and one past V8's string limit crashes the process).
 * Here, once a line outgrows the cap its bytes are dropped as they arrive and the line is yielded as
 * `{ text: undefined }`: its number still counts, its content is never seen.
 */
import type { Readable } from "node:stream";

export interface Line {
  /** The line without its terminator, or `undefined` when it was longer than the cap. */
  text: string | undefined;
}

const NEWLINE = 0x0a;
const TOO_LONG: Line = { text: undefined };

export async function* splitLines(
  input: Readable | AsyncIterable<Buffer | string>,
  maxBytes: number,
): AsyncGenerator<Line> {
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let pending = false;
  const take = (piece: Buffer) => {
    pending = true;
    if (tooLong) return;
    if (size + piece.length > maxBytes) {
      tooLong = true;
      parts = [];
      size = 0;
      return;
    }
    // A copy, so a kept piece does not pin the whole (up to 1 MB) chunk it came from.
    if (piece.length > 0) parts.push(Buffer.from(piece));
    size += piece.length;
  };
  const finish = (): Line => {
    const line = tooLong ? TOO_LONG : { text: decode(parts, size) };
    parts = [];
    size = 0;
    tooLong = false;
    pending = false;
    return line;
  };
  for await (const chunk of input) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : (chunk as Buffer);
    let start = 0;
    for (let nl = buf.indexOf(NEWLINE, start); nl >= 0; nl = buf.indexOf(NEWLINE, start)) {
      if (!pending && nl - start <= maxBytes) {
        // The common case: the whole line is inside this chunk; decode it in place.
        yield { text: decode([buf.subarray(start, nl)], nl - start) };
      } else {
        take(buf.subarray(start, nl));
        yield finish();
      }
      start = nl + 1;
    }
    if (start < buf.length) take(buf.subarray(start));
  }
  if (pending) yield finish();
}

function decode(parts: Buffer[], size: number): string {
  const text = (parts.length === 1 ? parts[0]! : Buffer.concat(parts, size)).toString("utf8");
  return text.endsWith("\r") ? text.slice(0, -1) : text;
}

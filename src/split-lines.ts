/**
 * Splits a stream into lines (`\n`, with a trailing `\r` dropped) without ever holding more than
 * `maxLength` bytes of one line. `node:readline` assembles a whole line whatever its size, so a
 * single 600 MB line would be built in memory (and one past V8's string limit crashes the process).
 * Here, once a line outgrows the cap its bytes are dropped as they arrive and the line is handed on
 * as `undefined`: its number still counts, its content is never seen.
 *
 * Lines are handed to a callback, synchronously per chunk: an async generator would cost a promise
 * per line, which for a million-line file is most of the reading time. Usage logs are read so
 * (src/report/); a queue of scheduled jobs has its own reader (src/pending/line-reader.ts).
 */

import { closeSync, openSync, readSync } from "node:fs";

/** `bytes[start..end)` is the line without its terminator; `bytes` is undefined past the cap. */
type OnLineBytes = (bytes: Buffer | undefined, start: number, end: number) => void;

/** `line` is the text without its terminator, or `undefined` when it was longer than the cap. */
export type OnLine = (line: string | undefined) => void;

async function splitLineBytes(
  input: AsyncIterable<Buffer | string> | Iterable<Buffer>,
  maxLength: number,
  onLine: OnLineBytes,
): Promise<void> {
  // A line cut between chunks: its pieces, copied (a stream may reuse a chunk's memory).
  let parts: Buffer[] = [];
  let length = 0;
  let tooLong = false;
  let pending = false;
  const take = (piece: Buffer) => {
    pending = true;
    if (tooLong) return;
    if (length + piece.length > maxLength) {
      tooLong = true;
      parts = [];
      length = 0;
      return;
    }
    if (piece.length > 0) parts.push(Buffer.from(piece));
    length += piece.length;
  };
  const finish = () => {
    const line = tooLong ? undefined : Buffer.concat(parts, length);
    parts = [];
    length = 0;
    tooLong = false;
    pending = false;
    if (line) emit(line, 0, line.length);
    else onLine(undefined, 0, 0);
  };
  // A `\n` is never inside a multi-byte UTF-8 character, so lines split on bytes decode whole.
  const emit = (bytes: Buffer, start: number, end: number) =>
    onLine(bytes, start, end > start && bytes[end - 1] === 13 ? end - 1 : end);
  // One chunk's lines, up to its last `\n`: a function called per chunk, so V8 optimizes it after a
  // few chunks, where a loop in this function's single call waited for on-stack replacement.
  const lines = (bytes: Buffer): number => {
    let start = 0;
    for (let nl = bytes.indexOf(10, 0); nl >= 0; nl = bytes.indexOf(10, start)) {
      // The common case inline (a line within one chunk), as `emit` would hand it on.
      if (!pending && nl - start <= maxLength)
        onLine(bytes, start, nl > start && bytes[nl - 1] === 13 ? nl - 1 : nl);
      else {
        take(bytes.subarray(start, nl));
        finish();
      }
      start = nl + 1;
    }
    return start;
  };
  for await (const chunk of input) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    const start = lines(bytes);
    if (start < bytes.length) take(bytes.subarray(start));
  }
  if (pending) finish();
}

export function splitLines(
  input: AsyncIterable<Buffer | string> | Iterable<Buffer>,
  maxLength: number,
  onLine: OnLine,
): Promise<void> {
  return splitLineBytes(input, maxLength, (bytes, start, end) =>
    onLine(bytes?.toString("utf8", start, end)),
  );
}

/**
 * A file's bytes in chunks of one reused buffer, read synchronously, for `splitLines` and the
 * pending reader (src/pending/line-reader.ts), which copy what they keep of a chunk. For a CLI that has nothing else to do while it reads, this is
 * the cheap way: a 20 MB queue took about 70 ms through `createReadStream` (a fresh buffer and a
 * trip through the thread pool per chunk) and about 10 ms this way. Chunks of 64 KB (~300 jobs),
 * not 1 MB: each reader's line loop runs once per chunk, and is optimized after a few of them.
 */
export function* fileChunks(path: string, size = 1 << 16): Generator<Buffer> {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.allocUnsafe(size);
    for (;;) {
      const n = readSync(fd, buffer, 0, size, null);
      if (n === 0) return;
      yield buffer.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

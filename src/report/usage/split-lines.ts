/**
 * Splits a stream into lines (`\n`, with a trailing `\r` dropped) without ever holding more than
 * `maxLength` characters of one line. `node:readline` assembles a whole line whatever its size, so a
 * single 600 MB line would be built in memory (and one past V8's string limit crashes the process).
 * Here, once a line outgrows the cap its text is dropped as it arrives and the line is handed on as
 * `undefined`: its number still counts, its content is never seen.
 *
 * Lines are handed to a callback, synchronously per chunk: an async generator would cost a promise
 * per line, which for a million-line file is most of the reading time.
 */
import { StringDecoder } from "node:string_decoder";

/** `line` is the text without its terminator, or `undefined` when it was longer than the cap. */
export type OnLine = (line: string | undefined) => void;

export async function splitLines(
  input: AsyncIterable<Buffer | string>,
  maxLength: number,
  onLine: OnLine,
): Promise<void> {
  // Multi-byte characters cut between chunks are decoded whole.
  const decoder = new StringDecoder("utf8");
  let parts: string[] = [];
  let length = 0;
  let tooLong = false;
  let pending = false;
  const take = (piece: string) => {
    pending = true;
    if (tooLong) return;
    if (length + piece.length > maxLength) {
      tooLong = true;
      parts = [];
      length = 0;
      return;
    }
    if (piece.length > 0) parts.push(piece);
    length += piece.length;
  };
  const finish = () => {
    const line = tooLong ? undefined : trimCr(parts.length === 1 ? parts[0]! : parts.join(""));
    parts = [];
    length = 0;
    tooLong = false;
    pending = false;
    onLine(line);
  };
  const split = (text: string) => {
    let start = 0;
    for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", start)) {
      if (!pending && nl - start <= maxLength) onLine(trimCr(text.slice(start, nl)));
      else {
        take(text.slice(start, nl));
        finish();
      }
      start = nl + 1;
    }
    if (start < text.length) take(text.slice(start));
  };
  for await (const chunk of input) split(typeof chunk === "string" ? chunk : decoder.write(chunk));
  split(decoder.end());
  if (pending) finish();
}

function trimCr(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}

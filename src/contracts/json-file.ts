/**
 * Reading JSON files the CLI is given, with errors that name the file and what is wrong with it
 * (missing, unreadable, truncated) instead of a bare `SyntaxError`.
 */
import { isAscii } from "node:buffer";
import { readFile } from "node:fs/promises";
import { InputError } from "../input-error.ts";

/** Parses `text` as JSON; `file` names the source in the error. */
export function parseJsonText(text: string, file: string): unknown {
  if (text.trim() === "") throw new InputError(`${file}: the file is empty; expected JSON.`, file);
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = (error as Error).message;
    // V8 reports a cut-off file as an error at its very end (or "Unexpected end of JSON input").
    const at = /at position (\d+)/.exec(reason);
    const truncated =
      /end of (JSON )?input/i.test(reason) ||
      (at !== null && Number(at[1]) >= text.trimEnd().length - 1);
    throw new InputError(
      `${file}: not valid JSON (${reason}).${truncated ? " The file looks truncated; regenerate it." : ""}`,
      file,
    );
  }
}

/**
 * Reads and parses a JSON file, or throws an InputError naming it (`name`, default the path).
 * `onRead` is handed the file's bytes (to hash them without a second read).
 */
export async function readJsonFile(
  file: string,
  name = file,
  onRead?: (bytes: Buffer) => void,
): Promise<unknown> {
  let text: string;
  try {
    // Bytes first, decoded in one call: `readFile(file, "utf8")` decodes chunk by chunk through a
    // StringDecoder, several times slower on a 2.4 MB lock (the read itself stays off the thread).
    // Locks are ASCII but for the odd literal: as Latin-1 the same text, decoded ~40% faster.
    const bytes = await readFile(file);
    onRead?.(bytes);
    text = isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : String(error);
    throw new InputError(`${name}: cannot read it (${why}).`, name);
  }
  return parseJsonText(text, name);
}

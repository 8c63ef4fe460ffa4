/**
 * `-` as a source: standard input (`report --usage -`, `check --pending -`, `report --pending -`).
 * One command reads it at most once, and only from a pipe or a file.
 */
import type { Readable } from "node:stream";
import { InputError } from "../input-error.ts";
import type { CliIo } from "./io.ts";

/** The source value that means standard input. */
export const STDIN = "-";
/** How standard input is named in output and messages. */
export const STDIN_NAME = "<stdin>";

/**
 * Standard input for `flag -`. Touches `io.stdin` (a lazy getter in the real process) only when
 * called. A terminal is refused: waiting for someone to type JSON lines is never what was meant.
 * @param example the pipe to suggest, e.g. `npx convex logs --jsonl | convex-versioned report --usage -`.
 */
export function pipedStdin(io: CliIo, flag: string, what: string, example: string): Readable {
  const stdin = io.stdin;
  if (!stdin) throw new InputError(`${flag} -: there is no standard input to read`);
  if (stdin.isTTY) {
    throw new InputError(`${flag} -: standard input is a terminal; pipe ${what} in (${example})`);
  }
  return stdin;
}

/**
 * Refuses a command whose sources name standard input more than once: its lines would go to the
 * first reader only, and the second would silently read nothing.
 * @param sources each flag with its values, e.g. `[["--usage", o.usage], ["--pending", o.pending]]`.
 */
export function assertOneStdin(sources: ReadonlyArray<readonly [string, readonly string[]]>): void {
  const flags = sources.flatMap(([flag, values]) =>
    values.filter((v) => v === STDIN).map(() => `${flag} -`),
  );
  if (flags.length < 2) return;
  const distinct = [...new Set(flags)];
  const which = distinct.length === 1 ? `${flags[0]} given twice` : distinct.join(" and ");
  throw new InputError(
    `${which}: standard input can be read only once; give the other source as a file.`,
  );
}

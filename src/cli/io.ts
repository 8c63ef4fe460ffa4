/**
 * What a command may touch of the outside world, passed in rather than read from `process` so tests
 * can run commands in-process with their own cwd, env and captured output.
 */

import { relative } from "node:path";
import type { Readable } from "node:stream";

export interface CliIo {
  cwd: string;
  env: Record<string, string | undefined>;
  /** Writes to standard output (the command's result). */
  stdout: (text: string) => void;
  /** Writes to standard error (warnings, errors, help after a usage error). */
  stderr: (text: string) => void;
  /** Whether standard output is a terminal (colour is only used there). */
  isTTY: boolean;
  /** Standard input, for `report --usage -`; absent when the caller has none to give. */
  stdin?: Readable & { isTTY?: boolean };
}

/** A command's outcome: the exit code (0 fine, 1 check failed, 2 usage or input error) and its output. */
export interface CommandResult {
  exitCode: 0 | 1 | 2;
  output: string;
}

export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: process.stdout.isTTY === true,
    stdin: process.stdin,
  };
}

/** Colour only on a terminal; `NO_COLOR` (any non-empty value) wins, `FORCE_COLOR` forces it. */
export function useColor(io: CliIo): boolean {
  if (io.env.NO_COLOR) return false;
  if (io.env.FORCE_COLOR && io.env.FORCE_COLOR !== "0") return true;
  return io.isTTY && io.env.TERM !== "dumb";
}

/** Warning lines shown on stderr before the rest are only counted (all of them are in JSON output). */
export const MAX_WARNING_LINES = 20;

/** Prints `warnings` on stderr, one line each, the first `MAX_WARNING_LINES` of them. */
export function printWarnings(io: CliIo, warnings: readonly string[]): void {
  for (const warning of warnings.slice(0, MAX_WARNING_LINES)) io.stderr(`warning: ${warning}\n`);
  const more = warnings.length - MAX_WARNING_LINES;
  if (more > 0)
    io.stderr(`warning: … and ${more} more (all of them: --format json, "warnings").\n`);
}

/** A path for messages: relative to the working directory when inside it, else absolute. */
export function shown(io: CliIo, path: string): string {
  const rel = relative(io.cwd, path);
  return rel && !rel.startsWith("..") ? rel : path;
}

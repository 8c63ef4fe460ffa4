/**
 * What a command may touch of the outside world, passed in rather than read from `process` so tests
 * can run commands in-process with their own cwd, env and captured output.
 */

import { fstatSync, writeSync } from "node:fs";
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

/**
 * The real process's I/O. Output goes to file descriptors 1 and 2 with `writeSync`, without creating
 * `process.stdout`/`process.stderr`: creating them loads Node's stream stack, ~5% of a warm `check`
 * (on Linux their writes to files and pipes are synchronous anyway). A descriptor that answers
 * EAGAIN (non-blocking, inherited so) hands the rest to the stream; EPIPE or ECONNRESET (the reader
 * is gone, as with `| head`, or a parent that spawned us over a socket pair closed its end) ends that
 * output quietly.
 */
export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: fdWriter(1, () => process.stdout),
    stderr: fdWriter(2, () => process.stderr),
    // Only a character device can be a terminal; only then is the stream worth creating to ask.
    get isTTY() {
      try {
        return fstatSync(1).isCharacterDevice() && process.stdout.isTTY === true;
      } catch {
        return false;
      }
    },
    // A getter: creating the stdin stream loads Node's stream and socket stack, which only
    // `report --usage -` needs.
    get stdin() {
      return process.stdin;
    },
  };
}

let streamed = false;

function fdWriter(fd: 1 | 2, stream: () => NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  return (text) => {
    if (text === "" || closed) return;
    if (streamed) {
      stream().write(text);
      return;
    }
    const bytes = Buffer.from(text);
    let offset = 0;
    try {
      while (offset < bytes.length) offset += writeSync(fd, bytes, offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EPIPE" || code === "ECONNRESET") {
        closed = true;
        return;
      }
      if (code !== "EAGAIN") throw error;
      streamed = true;
      stream().write(bytes.subarray(offset));
    }
  };
}

/** Resolves once everything written through `processIo` has reached its descriptor. */
export function outputFlushed(): Promise<void> {
  if (!streamed) return Promise.resolve();
  return new Promise((done) =>
    process.stdout.write("", () => process.stderr.write("", () => done())),
  );
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

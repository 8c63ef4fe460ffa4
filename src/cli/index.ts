/**
 * The CLI: wiring only. Each command lives in commands/ and returns its exit code and output; this
 * file prints, and maps usage and input errors to exit 2 (nothing is written in that case).
 */
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { InputError } from "../input-error.ts";

export { installInterruptCleanup } from "../contracts/interrupt.ts";
export { outputFlushed } from "./io.ts";

import { checkCommand } from "./commands/check.ts";
import { lsRulesCommand } from "./commands/ls-rules.ts";
import { reportCommand } from "./commands/report.ts";
import { snapshotCommand } from "./commands/snapshot.ts";
import { surfacesCommand } from "./commands/surfaces.ts";
import { type CliIo, type CommandResult, processIo } from "./io.ts";
import { ioInputError } from "./io-error.ts";

const { version } = JSON.parse(
  readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
);

/** Runs the CLI on `argv` (without `node` and the script) and resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let result: CommandResult = { exitCode: 0, output: "" };
  const done = (r: CommandResult) => {
    result = r;
  };
  const program = new Command("convex-versioned")
    .description(
      "Versioned Convex functions: a CI guard for breaking changes and a deprecation report.",
    )
    .version(version)
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const define of [
    checkCommand,
    snapshotCommand,
    reportCommand,
    lsRulesCommand,
    surfacesCommand,
  ])
    define(program, io, done);
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    // Commander has already printed its own message (and help) to stderr.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const input = error instanceof InputError ? error : ioInputError(error);
    if (input) {
      io.stderr(`error: ${input.message}\n`);
      return 2;
    }
    // A bug, not a verdict: never let it exit 1, which CI reads as "breaking change found".
    io.stderr(`internal error (please report it): ${(error as Error)?.stack ?? String(error)}\n`);
    return 2;
  }
  io.stdout(result.output);
  return result.exitCode;
}

/**
 * `convex-versioned snapshot`: writes the lock file from the functions folder, so the next `check`
 * has a baseline and review sees API changes as a diff. Writes only after everything loaded.
 */
import { resolve } from "node:path";
import type { Command } from "commander";
import { ContractsMissing } from "../../contracts/contracts-missing.ts";
import { LOCK_FILE_NAME } from "../../contracts/lock-name.ts";
import { type CliIo, type CommandResult, printWarnings, shown } from "../io.ts";
import {
  type EnvFlags,
  type InferOptionFlags,
  inferFlags,
  loadOptions,
  resolveConvexDir,
  withContractOptions,
} from "../options.ts";

export interface SnapshotOptions extends EnvFlags, InferOptionFlags {
  out?: string;
  convexDir?: string;
}

export async function runSnapshot(o: SnapshotOptions, io: CliIo): Promise<CommandResult> {
  const dir = resolveConvexDir(o.convexDir, io.cwd);
  const { loadAppWithContracts, writeLockFile } = await import("../../contracts/index.ts");
  let loaded: Awaited<ReturnType<typeof loadAppWithContracts>>;
  try {
    loaded = await loadAppWithContracts(dir, {
      ...loadOptions(o, io.cwd),
      ...inferFlags(o, io.cwd),
    });
  } catch (error) {
    // --require-contracts with a contract missing: nothing is written, exit 1.
    if (error instanceof ContractsMissing) {
      io.stderr(`${error.message}\n`);
      return { exitCode: 1, output: "" };
    }
    throw error;
  }
  const { warnings, degraded, contentId: _id, ...app } = loaded;
  printWarnings(io, [...warnings, ...degraded]);
  const out = resolve(io.cwd, o.out ?? LOCK_FILE_NAME);
  await writeLockFile(out, app);
  const count = Object.keys(app.functions).length;
  const versioned = Object.values(app.functions).filter((f) => f.versioned).length;
  const inferred = Object.values(app.functions).filter((f) => f.returnsInferred);
  const partial = inferred.filter((f) =>
    JSON.stringify(f.returnsInferred).includes('"type":"any"'),
  );
  const inferredNote =
    `${counted(inferred.length, "return contract")} inferred from types` +
    (partial.length > 0
      ? `, ${partial.length} of them partly \`any\`: declare \`returns\` to make ${partial.length === 1 ? "it" : "them"} exact`
      : "");
  return {
    exitCode: 0,
    output: `Wrote ${shown(io, out)}: ${counted(count, "function")} (${counted(versioned, "versioned export")}; ${inferredNote}) from ${shown(io, dir)}.\n`,
  };
}

export function snapshotCommand(
  program: Command,
  io: CliIo,
  done: (r: CommandResult) => void,
): Command {
  return withContractOptions(
    program
      .command("snapshot")
      .summary("Write the lock file: every function's shape and each version's lifecycle dates.")
      .description(
        "Loads the functions folder and writes convex-versioned.lock.json (canonical, atomic). Commit it: it is the baseline `check` compares against.",
      )
      .option("--out <file>", `Where to write the lock file. Default: ${LOCK_FILE_NAME}.`),
  ).action(async (o: SnapshotOptions) => done(await runSnapshot(o, io)));
}

/** `1 function`, `2 functions`. */
function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

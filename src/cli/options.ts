/**
 * Options more than one command shares: where the functions folder is, the environment to import
 * modules with, and `--format`/`--now` validation.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Command, Option } from "commander";
import { parseEnvPairs, readEnvFile } from "../contracts/env.ts";
import type { LoadOptions } from "../contracts/load.ts";
import { InputError } from "../input-error.ts";
import { isIsoDate, todayIso } from "../lifecycle/dates.ts";

export interface EnvFlags {
  envFile?: string;
  env?: string[];
  envPlaceholders?: boolean;
  importTimeout?: number;
}

/** `--no-infer-returns`, `--tsconfig`, `--require-contracts`: for the commands that record or judge return contracts. */
export interface InferOptionFlags {
  inferReturns?: boolean;
  tsconfig?: string;
  requireContracts?: boolean;
}

export function inferOptions(): Option[] {
  return [
    new Option(
      "--no-infer-returns",
      "Do not infer return contracts from TypeScript for functions without a `returns` validator (faster; changed result shapes then go unseen).",
    ),
    new Option(
      "--tsconfig <file>",
      "tsconfig for return inference. Default: the functions folder's, else the nearest one up.",
    ),
    new Option(
      "--require-contracts",
      "Fail when a return contract cannot be inferred: exit 2 when the checker cannot run, exit 1 when a function's contract is missing or partly `any`.",
    ),
  ];
}

export function inferFlags(flags: InferOptionFlags, cwd: string) {
  return {
    inferReturns: flags.inferReturns !== false,
    ...(flags.tsconfig ? { tsconfig: resolve(cwd, flags.tsconfig) } : {}),
    ...(flags.requireContracts ? { requireContracts: true } : {}),
  };
}

function positiveSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    throw new InputError(
      `--import-timeout ${value}: expected a number of seconds, e.g. --import-timeout 120.`,
    );
  }
  return n;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `--env-file`, `--env` (repeatable) and `--env-placeholders`, for every command that loads modules. */
export function envOptions(): Option[] {
  return [
    new Option(
      "--env-file <file>",
      "Set the variables of this dotenv file while importing modules, as the deployment would have them.",
    ),
    new Option("--env <KEY=VALUE>", "Set one variable while importing modules (repeatable).")
      .argParser(collect)
      .default([]),
    new Option(
      "--env-placeholders",
      'Read unset variables as "convex-versioned-placeholder:NAME" while importing (CI without secrets).',
    ),
    new Option(
      "--import-timeout <seconds>",
      "Stop importing the modules after this long (a top-level await that never settles). Default: 60.",
    ).argParser(positiveSeconds),
  ];
}

export function convexDirOption(): Option {
  return new Option(
    "--convex-dir <dir>",
    'The functions folder. Default: "functions" in convex.json, else convex/.',
  );
}

/** `--env-file` then `--env` (later wins), as load options. */
export function loadOptions(flags: EnvFlags, cwd: string): LoadOptions {
  const env = {
    ...(flags.envFile ? readEnvFile(resolve(cwd, flags.envFile)) : {}),
    ...parseEnvPairs(flags.env ?? []),
  };
  return {
    env,
    envFallback: flags.envPlaceholders === true,
    ...(flags.importTimeout ? { importTimeoutMs: flags.importTimeout * 1000 } : {}),
  };
}

/** `--convex-dir`, else convex.json's `functions`, else `convex/` — as the Convex CLI resolves it. */
export function resolveConvexDir(flag: string | undefined, cwd: string): string {
  if (flag) return resolve(cwd, flag);
  const configFile = join(cwd, "convex.json");
  if (existsSync(configFile)) {
    let config: unknown;
    try {
      config = JSON.parse(readFileSync(configFile, "utf8"));
    } catch (error) {
      throw new InputError(
        `convex.json: not valid JSON (${(error as Error).message}).`,
        configFile,
      );
    }
    const functions = (config as { functions?: unknown } | null)?.functions;
    if (functions !== undefined && typeof functions !== "string") {
      throw new InputError(
        'convex.json: "functions" must be a path string, e.g. "src/convex/".',
        configFile,
        "functions",
      );
    }
    if (typeof functions === "string") return resolve(cwd, functions);
  }
  return resolve(cwd, "convex");
}

/** `--now`, validated, or today (UTC). */
export function resolveNow(flag: string | undefined): string {
  if (flag === undefined) return todayIso();
  if (!isIsoDate(flag))
    throw new InputError(`--now ${flag}: expected a date as YYYY-MM-DD, e.g. --now 2026-12-01.`);
  return flag;
}

/** The options of every command that loads the functions folder: where it is, and its import env. */
export function withLoadOptions(command: Command): Command {
  command.addOption(convexDirOption());
  for (const option of envOptions()) command.addOption(option);
  return command;
}

/** …plus return inference, for the commands that record or judge return contracts. */
export function withContractOptions(command: Command): Command {
  withLoadOptions(command);
  for (const option of inferOptions()) command.addOption(option);
  return command;
}

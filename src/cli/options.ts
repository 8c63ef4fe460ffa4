/**
 * Options more than one command shares: where the functions folder is, the environment to import
 * modules with, and `--format`/`--now` validation.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Command, Option } from "commander";
import { type LoadOptions, parseEnvPairs, readEnvFile } from "../contracts/index.ts";
import type { InferEngine } from "../contracts/infer-cache.ts";
import { InputError } from "../input-error.ts";
import { isIsoDate, todayIso } from "../lifecycle/dates.ts";

export interface EnvFlags {
  envFile?: string;
  env?: string[];
  envPlaceholders?: boolean;
}

/** `--no-infer-returns` and `--tsconfig`, for the commands that record or judge return contracts. */
export interface InferOptionFlags {
  inferReturns?: boolean;
  tsconfig?: string;
  inferEngine?: InferEngine;
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
      "--infer-engine <engine>",
      "Compiler for return inference: native (typescript@7's checker), js (TypeScript 5.9, slower) or auto (native, else js).",
    )
      .choices(["auto", "native", "js"])
      .default("auto"),
  ];
}

export function inferFlags(flags: InferOptionFlags, cwd: string) {
  return {
    inferReturns: flags.inferReturns !== false,
    ...(flags.tsconfig ? { tsconfig: resolve(cwd, flags.tsconfig) } : {}),
    ...(flags.inferEngine ? { inferEngine: flags.inferEngine } : {}),
  };
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
  return { env, envFallback: flags.envPlaceholders === true };
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

/**
 * `convex-versioned check`: would deploying this code break a client built against the baseline?
 * Loads both sides (see ../baseline.ts and contracts/load.ts), hands them to compat's `checkCompat`
 * with the waivers and the team's rule levels (../rule-levels.ts) and renders the findings; exit 1
 * exactly when an unwaived breaking change exists after the levels. Writes nothing.
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { type Command, Option } from "commander";
import type { CheckResult, CheckOptions as CompatOptions } from "../../compat/types.ts";
import { ContractsMissing } from "../../contracts/contracts-missing.ts";
import { LOCK_FILE_NAME } from "../../contracts/lock-name.ts";
import { InputError } from "../../input-error.ts";
import type { AppSpec } from "../../model.ts";
import { SURFACES_DIR_NAME } from "../../surfaces/dir-name.ts";
import { type CliIo, type CommandResult, printWarnings, shown, useColor } from "../io.ts";
import {
  type EnvFlags,
  type InferOptionFlags,
  inferFlags,
  loadOptions,
  resolveConvexDir,
  resolveNow,
  withContractOptions,
} from "../options.ts";
import { loadRuleLevels, type RuleLevelFlags, ruleLevelOptions } from "../rule-levels.ts";
import { locatorFor } from "../source-locations.ts";

export const CHECK_FORMATS = ["text", "json", "markdown", "github"] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export interface CheckOptions extends EnvFlags, InferOptionFlags, RuleLevelFlags {
  /** A lock/function-spec file, `git:REF`, `deployment` or `deployment:NAME`; default the lock file. */
  baseline?: string;
  /** A lock/function-spec file; default: load the functions folder. */
  current?: string;
  convexDir?: string;
  format?: CheckFormat;
  waivers?: string;
  now?: string;
  /** The surfaces folder; default `convex-versioned.surfaces/` when it exists. */
  surfaces?: string;
  /** Where to write the skew beacon module (only when the check passes). */
  beacon?: string;
}

/** The current side, and what could not be judged on it (shown on stderr and in JSON output). */
async function currentSpec(
  o: CheckOptions,
  io: CliIo,
  baseline: Promise<AppSpec>,
): Promise<{ app: AppSpec; warnings: string[] }> {
  const { loadAppWithContracts, readSpecFile } = await import("../../contracts/index.ts");
  if (o.current)
    return { app: await readSpecFile(resolve(io.cwd, o.current), o.current), warnings: [] };
  const { warnings, degraded, ...app } = await loadAppWithContracts(
    resolveConvexDir(o.convexDir, io.cwd),
    {
      ...loadOptions(o, io.cwd),
      ...inferFlags(o, io.cwd),
      // A function that now declares `returns` but whose baseline had only an inferred contract:
      // infer it again, so its unchanged handler is judged against what it returned before.
      alsoInfer: async (current) => {
        const old = await baseline.catch(() => undefined);
        return Object.keys(current.functions).filter((id) => {
          const was = old?.functions[id];
          return (
            current.functions[id]!.returns !== null &&
            was?.returns === null &&
            was.returnsInferred !== undefined
          );
        });
      },
    },
  );
  return { app, warnings: [...warnings, ...degraded] };
}

export async function runCheck(o: CheckOptions, io: CliIo): Promise<CommandResult> {
  // Loaded on use: the other commands start without the rule table.
  const { checkCompat } = await import("../../compat/diff.ts");
  const { renderCheck } = await import("../../compat/render/index.ts");
  const { readJsonFile } = await import("../../contracts/json-file.ts");
  const { readBaseline } = await import("../baseline.ts");
  const now = resolveNow(o.now);
  // With zod, loaded only when a waiver file is given.
  const waivers = o.waivers
    ? (await import("../../compat/waiver-file.ts")).parseWaivers(
        await readJsonFile(resolve(io.cwd, o.waivers), o.waivers),
        o.waivers,
      )
    : [];
  const levels = await loadRuleLevels(o, io.cwd);
  // In parallel: esbuild bundles in its own process while this thread validates the baseline.
  // allSettled, not all: when one side fails, the other still finishes (and removes its temp
  // bundles) before the command returns.
  const baselineRead = readBaseline(o.baseline, io.cwd, { ...io.env });
  const [baseline, current] = await Promise.allSettled([
    baselineRead,
    currentSpec(o, io, baselineRead),
  ]);
  if (baseline.status === "rejected") throw baseline.reason;
  if (current.status === "rejected") {
    // --require-contracts with a contract missing: a failed check (exit 1), not bad input.
    if (current.reason instanceof ContractsMissing) {
      io.stderr(`${current.reason.message}\n`);
      return { exitCode: 1, output: "" };
    }
    throw current.reason;
  }
  const { warnings } = current.value;
  printWarnings(io, warnings);
  const options = { now, waivers, levels };
  const baselineResult = checkCompat(baseline.value, current.value.app, options);
  const result = await withSurfaces(o, io, baseline.value, current.value.app, {
    result: baselineResult,
    options,
  });
  const output = renderCheck(result, o.format ?? "text", {
    color: useColor(io),
    warnings,
    ...(o.format === "github" ? { locate: locatorFor(o.convexDir, io) } : {}),
  });
  return { exitCode: result.ok ? 0 : 1, output };
}

/**
 * The live client surfaces judged too (src/surfaces/judge.ts), and with `--beacon`, the beacon
 * module written when the check passes: the surfaces served, the current code's own id, and the
 * baseline's id when the baseline had nothing breaking (a build made from the committed lock).
 */
async function withSurfaces(
  o: CheckOptions,
  io: CliIo,
  baseline: AppSpec,
  current: AppSpec,
  { result, options }: { result: CheckResult; options: CompatOptions },
): Promise<CheckResult> {
  if (o.beacon && !existsSync(dirname(resolve(io.cwd, o.beacon))))
    throw new InputError(`--beacon ${o.beacon}: its folder does not exist.`, o.beacon);
  const dir = resolve(io.cwd, o.surfaces ?? SURFACES_DIR_NAME);
  if (o.surfaces !== undefined && !existsSync(dir))
    throw new InputError(`--surfaces ${o.surfaces}: no such folder.`, o.surfaces);
  if (!o.beacon && !existsSync(dir)) return result;
  const { readSurfaces } = await import("../../surfaces/file.ts");
  const { liveSurfaces } = await import("../../surfaces/status.ts");
  const { judgeSurfaces } = await import("../../surfaces/judge.ts");
  const recorded = await readSurfaces(dir, shown(io, dir));
  const live = liveSurfaces(recorded, options.now);
  // Recorded but all expired: judged as without surfaces, and the output says none is live.
  const judged =
    live.length === 0 && recorded.length > 0
      ? { ...result, surfaces: [] }
      : judgeSurfaces(result, live, current, options).result;
  if (!o.beacon || !judged.ok) return judged;
  const { surfaceOf } = await import("../../surfaces/canonical.ts");
  const { surfaceId } = await import("../../surfaces/id.ts");
  const { writeBeacon } = await import("../../surfaces/beacon.ts");
  const served = (judged.surfaces ?? []).filter((s) => s.served).map((s) => s.id);
  served.push(surfaceId(surfaceOf(current)));
  if (!result.changes.some((f) => f.level === "breaking"))
    served.push(surfaceId(surfaceOf(baseline)));
  await warnStaleLock(io, served);
  const file = resolve(io.cwd, o.beacon);
  const written = await writeBeacon(file, served);
  const count = new Set(served).size;
  io.stderr(
    `${written ? "Wrote" : "Unchanged:"} ${shown(io, file)} (serves ${count} surface id${count === 1 ? "" : "s"}).\n`,
  );
  return judged;
}

/**
 * A web build takes its id from the committed lock (`surfaces id`); when that lock's surface is
 * not served, the build just deployed would be told it is stale as soon as it loads.
 */
async function warnStaleLock(io: CliIo, served: readonly string[]): Promise<void> {
  const lock = resolve(io.cwd, LOCK_FILE_NAME);
  if (!existsSync(lock)) return;
  const { readSpecFile } = await import("../../contracts/read-spec-file.ts");
  const { surfaceOf } = await import("../../surfaces/canonical.ts");
  const { surfaceId } = await import("../../surfaces/id.ts");
  // Only a warning: a lock this check does not use must not fail it.
  const app = await readSpecFile(lock, LOCK_FILE_NAME).catch(() => undefined);
  if (!app || served.includes(surfaceId(surfaceOf(app)))) return;
  io.stderr(
    `warning: ${LOCK_FILE_NAME} does not describe the code being deployed, and its surface is not served: a build that takes its id from it (surfaces id) would be told it is stale. Run \`npx convex-versioned snapshot\` and commit the lock before building.\n`,
  );
}

export function checkCommand(
  program: Command,
  io: CliIo,
  done: (r: CommandResult) => void,
): Command {
  const command = withContractOptions(
    program
      .command("check")
      .summary("Fail when the functions would break clients built against the baseline.")
      .description(
        "Compares the functions this code would deploy with a baseline and reports every change an old client would notice, with a rule ID and a fix. Exit 1 when an unwaived breaking change exists.",
      )
      .option(
        "--baseline <source>",
        "The old side: a lock or function-spec file, git:REF (the lock as committed at REF), deployment (npx convex function-spec), or deployment:NAME (its --deployment NAME, e.g. deployment:prod). Default: convex-versioned.lock.json.",
      )
      .option(
        "--current <file>",
        "Compare this lock or function-spec file instead of loading the functions folder.",
      )
      .addOption(
        new Option("--format <format>", "Output format.").choices(CHECK_FORMATS).default("text"),
      )
      .option(
        "--waivers <file>",
        "JSON file of waivers (rule and function, or a finding's fingerprint; reason, expires).",
      )
      .option("--now <date>", "Judge dates as of this day (YYYY-MM-DD). Default: today (UTC).")
      .option(
        "--surfaces <dir>",
        `Also judge every live client surface recorded in this folder (surfaces record). Default: ${SURFACES_DIR_NAME}/ when it exists.`,
      )
      .option(
        "--beacon <file>",
        "When the check passes, write the skew beacon module here (e.g. convex/skewBeacon.ts): the surface ids this code serves, for defineSkewBeacon. Written only when its content changes.",
      ),
  );
  for (const option of ruleLevelOptions()) command.addOption(option);
  return command.action(async (o: CheckOptions) => done(await runCheck(o, io)));
}

/**
 * `convex-versioned check`: would deploying this code break a client built against the baseline?
 * Loads both sides (see ../baseline.ts and contracts/load.ts), hands them to compat's `checkCompat`
 * with the waivers and the team's rule levels (../rule-levels.ts), judges every live client surface
 * too (../surfaces-check.ts) and renders the findings; exit 1 exactly when an unwaived breaking
 * change exists after the levels. Writes nothing but the skew beacon (`--beacon`, on success).
 */
import { resolve } from "node:path";
import type { Readable } from "node:stream";
import { type Command, Option } from "commander";
import { ContractsMissing } from "../../contracts/contracts-missing.ts";
import type { AppSpec } from "../../model.ts";
import { SURFACES_DIR_NAME } from "../../surfaces/dir-name.ts";
import { type CliIo, type CommandResult, printWarnings, useColor } from "../io.ts";
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
import { assertOneStdin, pipedStdin, STDIN } from "../stdin.ts";
import { assertSurfaceFlags, type SurfaceFlags, withSurfaces } from "../surfaces-check.ts";

export const CHECK_FORMATS = ["text", "json", "markdown", "github"] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export interface CheckOptions extends EnvFlags, InferOptionFlags, RuleLevelFlags, SurfaceFlags {
  /** A lock/function-spec file, `git:REF`, `deployment` or `deployment:NAME`; default the lock file. */
  baseline?: string;
  /** A lock/function-spec file; default: load the functions folder. */
  current?: string;
  convexDir?: string;
  format?: CheckFormat;
  waivers?: string;
  now?: string;
  /** `--pending` sources (repeatable): JSONL files, `-` (standard input), `deployment`, `deployment:NAME`. */
  pending?: string[];
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

/**
 * The app's crons, and with `--pending` the deployment's scheduled jobs, judged against the current
 * side (src/pending/). Jobs stream through the judge one at a time: memory does not grow with them.
 */
async function pendingWork(
  o: CheckOptions,
  io: CliIo,
  baseline: AppSpec,
  current: AppSpec,
  now: string,
  stdin: Readable | undefined,
) {
  const sources = o.pending ?? [];
  if (sources.length === 0 && !current.crons) return { findings: [], warnings: [] };
  const { PendingJudge, judgeCrons } = await import("../../pending/judge.ts");
  const findings = judgeCrons(current, current.crons ?? []);
  if (sources.length === 0) return { findings, warnings: [] };
  const { readPendingSources } = await import("../pending-source.ts");
  const judge = new PendingJudge(current, baseline, now);
  const convexDir = o.current ? undefined : resolveConvexDir(o.convexDir, io.cwd);
  const read = await readPendingSources(
    sources,
    io.cwd,
    { ...io.env },
    convexDir,
    (job) => judge.add(job),
    stdin,
  );
  return {
    findings: [...findings, ...judge.findings()],
    warnings: read.warnings,
    targets: judge.targets,
    read: { judged: judge.judged, sources: read.sources },
  };
}

export async function runCheck(o: CheckOptions, io: CliIo): Promise<CommandResult> {
  // Loaded on use: the other commands start without the rule table.
  const { checkCompat } = await import("../../compat/diff.ts");
  const { renderCheck } = await import("../../compat/render/index.ts");
  const { readJsonFile } = await import("../../contracts/json-file.ts");
  const { readBaseline } = await import("../baseline.ts");
  const now = resolveNow(o.now);
  assertSurfaceFlags(o, io);
  // Refused before the slow load: a terminal on stdin, or `-` given twice.
  assertOneStdin([["--pending", o.pending ?? []]]);
  const stdin = o.pending?.includes(STDIN)
    ? pipedStdin(
        io,
        "--pending",
        "the scheduled jobs",
        "npx convex data _scheduled_functions --format jsonl | convex-versioned check --pending -",
      )
    : undefined;
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
  const warnings = [...current.value.warnings];
  const pending = await pendingWork(o, io, baseline.value, current.value.app, now, stdin);
  warnings.push(...pending.warnings);
  printWarnings(io, warnings);
  // Surfaces are client builds: they are judged on the client-facing rules only (the pending
  // findings are about the deployment's queue, not about any build), so they get `options`.
  const options = { now, waivers, levels };
  const baselineResult = checkCompat(baseline.value, current.value.app, {
    ...options,
    pendingFindings: pending.findings,
    ...(pending.targets ? { pendingTargets: pending.targets } : {}),
  });
  if (pending.read) baselineResult.pending = pending.read;
  const result = await withSurfaces(o, io, baseline.value, current.value.app, {
    result: baselineResult,
    options,
    warnings,
  });
  const output = renderCheck(result, o.format ?? "text", {
    color: useColor(io),
    warnings,
    ...(o.format === "github" ? { locate: locatorFor(o.convexDir, io) } : {}),
  });
  return { exitCode: result.ok ? 0 : 1, output };
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
        "--pending <source>",
        "Also judge the scheduled jobs waiting in the deployment against the new functions (repeatable): deployment (npx convex data _scheduled_functions), deployment:NAME (its --deployment NAME), a JSONL file of _scheduled_functions documents, or - to read that JSONL from standard input.",
        (value: string, previous: string[] = []) => [...previous, value],
      )
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

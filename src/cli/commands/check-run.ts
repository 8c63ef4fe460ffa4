/**
 * `check`'s run, apart from its command-line definition (./check.ts): loaded only when `check`
 * runs, with what it needs imported statically, so a run links one module graph instead of
 * fetching a chunk per dynamic import (`--help` and the other commands load none of it).
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Readable } from "node:stream";
import { checkCompat } from "../../compat/diff.ts";
import { renderCheck } from "../../compat/render/index.ts";
import { cacheDirFor } from "../../contracts/cache-dir.ts";
import { ContractsMissing } from "../../contracts/contracts-missing.ts";
import { loadAppWithContracts, readSpecFile } from "../../contracts/index.ts";
import { readJsonFile } from "../../contracts/json-file.ts";
import { projectRoot } from "../../contracts/project-root.ts";
import type { AppSpec } from "../../model.ts";
import { CheckBaseline } from "../baseline.ts";
import { type CliIo, type CommandResult, printWarnings, useColor } from "../io.ts";
import { inferFlags, loadOptions, resolveConvexDir, resolveNow } from "../options.ts";
import { readsComponents, readsStdin } from "../pending-args.ts";
import { loadRuleLevels } from "../rule-levels.ts";
import { locatorFor } from "../source-locations.ts";
import { assertOneStdin, pipedStdin, STDIN } from "../stdin.ts";
import { assertSurfaceFlags, withSurfaces } from "../surfaces-check.ts";
import type { CheckOptions } from "./check.ts";

/**
 * The current side, and what could not be judged on it (shown on stderr and in JSON output);
 * `contentId` names it when it came from (or went into) the caches.
 */
async function currentSpec(
  o: CheckOptions,
  io: CliIo,
  baseline: CheckBaseline,
): Promise<{ app: AppSpec; warnings: string[]; contentId?: string }> {
  if (o.current)
    return { app: await readSpecFile(resolve(io.cwd, o.current), o.current), warnings: [] };
  const { warnings, degraded, contentId, ...app } = await loadAppWithContracts(
    resolveConvexDir(o.convexDir, io.cwd),
    {
      ...loadOptions(o, io.cwd),
      ...inferFlags(o, io.cwd),
      onCacheLookup: baseline.onCacheLookup,
      onBundled: baseline.onBundled,
      // A function that now declares `returns` but whose baseline had only an inferred contract:
      // infer it again, so its unchanged handler is judged against what it returned before.
      alsoInfer: async (current) => {
        const old = await baseline.forAlsoInfer(current.contentId).catch(() => undefined);
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
  return { app, warnings: [...warnings, ...degraded], ...(contentId ? { contentId } : {}) };
}

/**
 * The app's crons, and with `--pending` the deployment's scheduled jobs, judged against the current
 * side (src/pending/). Jobs stream through the judge one at a time: memory does not grow with them.
 * A component's queue is judged against the component's own functions (and its crons with them).
 */
/**
 * What `--pending` needs, imported as soon as the flags are read, while the app loads: imported
 * after it, the imports' turns of the event loop let V8 finish a major GC of the loaded specs
 * (about 17 ms here) in the middle of the command; a `check` without `--pending` ends first.
 */
function pendingModules() {
  return Promise.all([import("../../pending/judge.ts"), import("../pending-source.ts")]);
}

async function pendingWork(
  o: CheckOptions,
  io: CliIo,
  baseline: AppSpec,
  current: AppSpec,
  now: string,
  stdin: Readable | undefined,
  modules: ReturnType<typeof pendingModules> | undefined,
) {
  const sources = o.pending ?? [];
  if (sources.length === 0 && !current.crons) return { findings: [], warnings: [] };
  const { PendingJudge, judgeCrons } = modules
    ? (await modules)[0]
    : await import("../../pending/judge.ts");
  const findings = judgeCrons(current, current.crons ?? []);
  if (sources.length === 0 || !modules) return { findings, warnings: [] };
  const [, { readPendingSources }] = await modules;
  const judge = new PendingJudge(current, baseline, now);
  const convexDir = o.current ? undefined : resolveConvexDir(o.convexDir, io.cwd);
  const components =
    convexDir && readsComponents(sources)
      ? await (await import("../../pending/components.ts")).componentJudges(
          convexDir,
          loadOptions(o, io.cwd),
          now,
        )
      : undefined;
  const read = await readPendingSources(
    sources,
    io.cwd,
    { ...io.env },
    components && [...components.judges.keys()],
    (component) => (component ? components!.judges.get(component)! : judge),
    stdin,
  );
  const componentFindings = components
    ? [...components.judges.values()].flatMap((j) => j.findings())
    : [];
  if (o.current && readsComponents(sources)) {
    read.warnings.push(
      "--pending with --current: there is no code to read the app's components from, so only the app's own queue was judged.",
    );
  }
  let judged = judge.judged;
  for (const j of components?.judges.values() ?? []) judged += j.judged;
  return {
    findings: [
      ...findings,
      ...(components?.crons ?? []),
      ...judge.findings(),
      ...componentFindings,
    ],
    warnings: [...(components?.warnings ?? []), ...read.warnings],
    targets: judge.targets,
    read: { judged, sources: read.sources },
  };
}

/**
 * Where `check` records baselines found equal to the code: the app's cache folder. None with
 * `--current`, or when the functions folder cannot be found (the load says why, after the baseline).
 */
function baselineCacheDir(o: CheckOptions, io: CliIo): string | undefined {
  if (o.current) return undefined;
  try {
    const dir = resolveConvexDir(o.convexDir, io.cwd);
    return existsSync(dir) ? cacheDirFor(projectRoot(dir)) : undefined;
  } catch {
    return undefined;
  }
}

export async function runCheck(o: CheckOptions, io: CliIo): Promise<CommandResult> {
  const now = resolveNow(o.now);
  assertSurfaceFlags(o, io);
  // Refused before the slow load: a terminal on stdin, or `-` given twice.
  // `workpool=-` reads standard input too: counted as a `-`.
  const sources = (o.pending ?? []).map((v) => (readsStdin(v) ? STDIN : v));
  assertOneStdin([["--pending", sources]]);
  const stdin = sources.includes(STDIN)
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
  const modules = sources.length > 0 ? pendingModules() : undefined;
  const levels = await loadRuleLevels(o, io.cwd);
  // In parallel: the worker imports the bundle while this thread validates the baseline, unless
  // the baseline is recorded as the very content the current side turns out to have.
  // Settled, not all: when one side fails, the other still finishes (and removes its temp
  // bundles) before the command returns; the baseline's error comes first.
  const baselines = new CheckBaseline(o.baseline, io.cwd, { ...io.env }, baselineCacheDir(o, io));
  const [current] = await Promise.allSettled([currentSpec(o, io, baselines)]);
  const [baseline] = await Promise.allSettled([
    current.status === "fulfilled"
      ? baselines.resolve(current.value.app, current.value.contentId)
      : baselines.parsed(),
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
  const pending = await pendingWork(o, io, baseline.value, current.value.app, now, stdin, modules);
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
  await baselines.remember(baseline.value, current.value.app, current.value.contentId);
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

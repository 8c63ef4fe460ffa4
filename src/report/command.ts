/**
 * `convex-versioned report`: load the app, read usage files, judge every version, render, and pick
 * the exit code. The CLI wires this as its `report` command; nothing here prints or exits.
 */
import type { Readable } from "node:stream";
import { InputError } from "../input-error.ts";
import { isIsoDate, todayIso } from "../lifecycle/dates.ts";
import type { AppSpec } from "../model.ts";
import type { JobSink } from "../pending/jobs.ts";
import { REPORT_FORMATS, type ReportFormat } from "./formats.ts";
import { loadReportConfig, resolvePolicy } from "./policy.ts";
import { buildRegistry } from "./registry.ts";
import { type LocateVersion, renderGithub } from "./render/github.ts";
import { renderJson } from "./render/json.ts";
import { renderMarkdown } from "./render/markdown.ts";
import { renderText } from "./render/text.ts";
import { reportData } from "./report-data.ts";
import { versionKey } from "./usage/aggregate.ts";
import { readUsageFiles } from "./usage/read.ts";

export { REPORT_FORMATS, type ReportFormat };

export interface RunReportOptions {
  /** The convex/ folder to load when no `lock` is given. */
  convexDir: string;
  /** Where a version is declared, for `--format github` (`file=`, `line=`); the CLI reads files. */
  locate?: LocateVersion;
  /** Read the app from this lock file (or function-spec output) instead of bundling `convexDir`. */
  lock?: string;
  /** Usage files (`npx convex logs --jsonl`, log-stream exports), in any mix; `-` is `stdin`. */
  usage: string[];
  /** What `--usage -` reads; default `process.stdin`. */
  stdin?: Readable;
  /** Longest usage line in bytes (default 16 Mi); lowered by tests to keep them small. */
  maxLineLength?: number;
  /** `YYYY-MM-DD`; default today (UTC). */
  now?: string;
  format: ReportFormat;
  failOn?: string;
  quietDays?: number;
  defaultWindowDays?: number;
  /** Config file; default `convex-versioned.config.json` in `cwd` when present. */
  config?: string;
  color: boolean;
  /** Directory the default config file is looked up in; default `process.cwd()`. */
  cwd?: string;
  /**
   * `--pending`: streams the deployment's scheduled jobs into `sink` and returns warnings (what
   * could not be read or judged). The CLI supplies it (it runs the Convex CLI or reads files).
   */
  pending?: (sink: JobSink) => Promise<string[]>;
}

export interface RunReportResult {
  exitCode: 0 | 1 | 2;
  /** The report (exit 0 or 1) or the error message (exit 2). */
  output: string;
  /** Set with exit 2, for a CLI that wants to print it to stderr. */
  error?: InputError;
}

/** How the app is obtained; injectable so the report can be run on an in-memory spec. */
export type AppLoader = (o: {
  convexDir: string;
  lock?: string;
}) => Promise<{ app: AppSpec; warnings: string[] }>;

export async function runReport(
  o: RunReportOptions,
  loadApp: AppLoader = defaultLoader,
): Promise<RunReportResult> {
  try {
    if (!(REPORT_FORMATS as readonly string[]).includes(o.format)) {
      throw new InputError(
        `--format ${o.format}: expected one of ${REPORT_FORMATS.join(", ")}`,
        undefined,
        "format",
      );
    }
    const now = o.now ?? todayIso();
    if (!isIsoDate(now))
      throw new InputError(`--now ${now}: expected a date as YYYY-MM-DD`, undefined, "now");
    const config = await loadReportConfig(o.config, o.cwd);
    const policy = resolvePolicy(o, config);
    const { app, warnings } = await loadApp({
      convexDir: o.convexDir,
      ...(o.lock ? { lock: o.lock } : {}),
    });
    const usage =
      o.usage.length > 0
        ? await readUsageFiles(o.usage, {
            cwd: o.cwd ?? process.cwd(),
            ...(o.stdin ? { stdin: o.stdin } : {}),
            ...(o.maxLineLength ? { maxLineLength: o.maxLineLength } : {}),
          })
        : undefined;
    const pending = o.pending ? await pendingByVersion(app, o.pending) : undefined;
    const registry = buildRegistry(app, {
      now,
      policy,
      ...(usage ? { usage } : {}),
      ...(pending ? { pending: pending.counts } : {}),
    });
    const data = reportData(registry, policy, usage, [...warnings, ...(pending?.warnings ?? [])]);
    return { exitCode: data.exitCode, output: render(data, o) };
  } catch (e) {
    if (e instanceof InputError) return { exitCode: 2, output: `${e.message}\n`, error: e };
    throw e;
  }
}

/** Pending jobs per version they will be served by (`versionKey`), read as they stream. */
async function pendingByVersion(
  app: AppSpec,
  read: NonNullable<RunReportOptions["pending"]>,
): Promise<{ counts: Map<string, number>; warnings: string[] }> {
  const { versionCounter } = await import("../pending/attribute.ts");
  const counts = new Map<string, number>();
  const warnings = await read(
    versionCounter(app, (fn, label, jobs) => {
      const key = versionKey(fn, label);
      counts.set(key, (counts.get(key) ?? 0) + jobs);
    }),
  );
  return { counts, warnings };
}

function render(data: ReturnType<typeof reportData>, o: RunReportOptions): string {
  switch (o.format) {
    case "text":
      return renderText(data, o.color);
    case "json":
      return renderJson(data);
    case "markdown":
      return renderMarkdown(data);
    case "github":
      return renderGithub(data, o.locate);
  }
}

/**
 * The spec loaders live in src/contracts/ (esbuild and friends). They are imported lazily so the report's
 * pure parts, and runs on a lock file, do not pay for them. The CLI passes its own loader (with the
 * env flags `check` takes); this default serves tools and tests.
 */
const defaultLoader: AppLoader = async ({ convexDir, lock }) => {
  if (lock) {
    const { readSpecFile } = await import("../contracts/read-spec-file.ts");
    return { app: await readSpecFile(lock), warnings: [] };
  }
  const { loadConvexDir } = await import("../contracts/load.ts");
  const { warnings, contentId: _id, ...app } = await loadConvexDir(convexDir);
  return { app, warnings };
};

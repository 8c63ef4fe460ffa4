/**
 * `convex-versioned report`: flags only. The logic (statuses, usage evidence, rendering) is
 * `runReport` in src/report/command.ts; this file loads the app with the same env flags as `check`.
 */
import { resolve } from "node:path";
import { type Command, Option } from "commander";
import { InputError } from "../../input-error.ts";
import type { JobSink } from "../../pending/jobs.ts";
import { FAIL_ON, REPORT_FORMATS, type ReportFormat } from "../../report/formats.ts";
import { type CliIo, type CommandResult, useColor } from "../io.ts";
import { type EnvFlags, loadOptions, resolveConvexDir, withLoadOptions } from "../options.ts";
import { locatorFor } from "../source-locations.ts";
import { assertOneStdin, pipedStdin, STDIN } from "../stdin.ts";

interface ReportFlags extends EnvFlags {
  usage?: string[];
  now?: string;
  format: ReportFormat;
  failOn?: string;
  quietDays?: number;
  defaultWindow?: number;
  config?: string;
  convexDir?: string;
  lock?: string;
  pending?: string[];
}

const days = (flag: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new InputError(`${flag} ${value}: expected a whole number of days.`);
  return n;
};

export async function runReportCommand(o: ReportFlags, io: CliIo): Promise<CommandResult> {
  const convexDir = resolveConvexDir(o.convexDir, io.cwd);
  // Loaded on use, so `--help` and the other commands start without them.
  const { runReport } = await import("../../report/command.ts");
  const { loadConvexDir, readSpecFile } = await import("../../contracts/index.ts");
  const usage = o.usage ?? [];
  const pending = o.pending ?? [];
  assertOneStdin([
    ["--usage", usage],
    ["--pending", pending],
  ]);
  const stdin = usage.includes(STDIN)
    ? pipedStdin(
        io,
        "--usage",
        "the logs",
        "npx convex logs --jsonl | convex-versioned report --usage -",
      )
    : pending.includes(STDIN)
      ? pipedStdin(
          io,
          "--pending",
          "the scheduled jobs",
          "npx convex data _scheduled_functions --format jsonl | convex-versioned report --pending -",
        )
      : undefined;
  const result = await runReport(
    {
      convexDir,
      usage: usage.map((file) => (file === STDIN ? STDIN : resolve(io.cwd, file))),
      ...(usage.includes(STDIN) && stdin ? { stdin } : {}),
      ...(o.format === "github" ? { locate: locatorFor(o.convexDir, io) } : {}),
      format: o.format,
      color: useColor(io),
      cwd: io.cwd,
      ...(o.lock ? { lock: resolve(io.cwd, o.lock) } : {}),
      ...(o.now ? { now: o.now } : {}),
      ...(o.failOn ? { failOn: o.failOn } : {}),
      ...(o.quietDays !== undefined ? { quietDays: o.quietDays } : {}),
      ...(o.defaultWindow !== undefined ? { defaultWindowDays: o.defaultWindow } : {}),
      ...(o.config ? { config: resolve(io.cwd, o.config) } : {}),
      ...(pending.length > 0
        ? {
            pending: async (sink: JobSink) => {
              const { readPendingSources } = await import("../pending-source.ts");
              const read = await readPendingSources(
                pending,
                io.cwd,
                { ...io.env },
                // The app's own queue only: a component's jobs never call the app's versions.
                undefined,
                () => sink,
                pending.includes(STDIN) ? stdin : undefined,
              );
              return read.warnings;
            },
          }
        : {}),
    },
    async ({ convexDir: dir, lock }) => {
      if (lock) return { app: await readSpecFile(lock, o.lock), warnings: [] };
      const { warnings, contentId: _id, ...app } = await loadConvexDir(dir, loadOptions(o, io.cwd));
      return { app, warnings };
    },
  );
  if (result.error) throw result.error;
  return { exitCode: result.exitCode, output: result.output };
}

export function reportCommand(
  program: Command,
  io: CliIo,
  done: (r: CommandResult) => void,
): Command {
  return withLoadOptions(
    program
      .command("report")
      .summary("List each versioned definition and when its old versions can be removed.")
      .description(
        "Statuses per version (current, deprecated, removable, still-called, removed), from the deprecation dates and the usage evidence in log files.",
      )
      .option(
        "--usage <files...>",
        "Log files: `npx convex logs --jsonl` output or log-stream exports; `-` reads standard input.",
      )
      .option("--now <date>", "Judge dates as of this day (YYYY-MM-DD). Default: today (UTC).")
      .addOption(
        new Option("--format <format>", "Output format.").choices(REPORT_FORMATS).default("text"),
      )
      .addOption(
        new Option(
          "--fail-on <status>",
          "Exit 1 when a version has this status. Default: still-called (or the config file's).",
        ).choices(FAIL_ON),
      )
      .option(
        "--quiet-days <n>",
        "Days without calls before a version past its removeAfter counts as removable.",
        days("--quiet-days"),
      )
      .option(
        "--default-window <n>",
        "Days from `deprecated.since` to removal for a version that gives no removeAfter.",
        days("--default-window"),
      )
      .option("--config <file>", "Config file. Default: convex-versioned.config.json when present.")
      .option(
        "--pending <source>",
        "Count the scheduled jobs waiting in the deployment as calls of the versions they will run (repeatable): deployment, deployment:NAME, a JSONL file of _scheduled_functions documents, or - (that JSONL on standard input). A version with pending jobs is never removable.",
        (value: string, previous: string[] = []) => [...previous, value],
      )
      .option(
        "--lock <file>",
        "Read the app from this lock or function-spec file instead of the functions folder.",
      ),
  ).action(async (o: ReportFlags) => done(await runReportCommand(o, io)));
}

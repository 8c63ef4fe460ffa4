/**
 * Where `check --pending` reads scheduled jobs: a JSONL file of `_scheduled_functions` documents,
 * standard input (`-`, for `npx convex data _scheduled_functions --format jsonl | … --pending -`),
 * or the deployment itself (`deployment`: `npx convex data _scheduled_functions --format jsonl
 * --limit N`, `deployment:NAME` adds `--deployment NAME`). Either way the documents stream through
 * `readJobs` into the judge: nothing is held per job.
 *
 * Components: each component has its own `_scheduled_functions` (`--component PATH`), whose jobs run
 * the component's code, which `check` does not load; and the Convex CLI offers no command that lists
 * an app's component paths. So only the app's own table is read, and when the functions folder has
 * a `convex.config.ts` the output says so.
 */
import { spawn } from "node:child_process";
import { createReadStream, existsSync } from "node:fs";
import { stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Readable } from "node:stream";
import { InputError } from "../input-error.ts";
import {
  type ReadStats,
  readJobs,
  type ScheduledJob,
  unknownStatesWarning,
} from "../pending/jobs.ts";
import { convexBin } from "./baseline.ts";
import { STDIN, STDIN_NAME } from "./stdin.ts";

/**
 * `--limit` for `npx convex data`: it reads the newest N documents (default 100). Completed jobs stay
 * in the table for a week, so this is set far above any real queue; reading exactly this many means
 * the table may hold more, and the output says so.
 */
export const DATA_LIMIT = 10_000_000;

export interface PendingRead {
  /** What could not be judged, one line each (unknown states, components, a truncated read). */
  warnings: string[];
  /** Documents read per source, for the output's summary. */
  sources: { source: string; documents: number; waiting: number }[];
}

async function fromFile(
  value: string,
  cwd: string,
  onJob: (job: ScheduledJob) => void,
): Promise<ReadStats> {
  const file = resolve(cwd, value);
  const info = await stat(file).catch(() => undefined);
  if (!info) {
    throw new InputError(
      `--pending ${value}: no such file. Pass a JSONL file of _scheduled_functions documents (npx convex data _scheduled_functions --format jsonl --limit ${DATA_LIMIT} > pending.jsonl), - (standard input), or deployment / deployment:NAME.`,
      value,
    );
  }
  if (info.isDirectory())
    throw new InputError(`--pending ${value}: a directory, not a file.`, value);
  return readJobs(createReadStream(file), value, onJob);
}

async function fromDeployment(
  cwd: string,
  env: NodeJS.ProcessEnv,
  deployment: string | undefined,
  onJob: (job: ScheduledJob) => void,
): Promise<{ stats: ReadStats; shown: string }> {
  const dataArgs = [
    "data",
    "_scheduled_functions",
    "--format",
    "jsonl",
    "--limit",
    String(DATA_LIMIT),
    ...(deployment ? ["--deployment", deployment] : []),
  ];
  const bin = convexBin(cwd);
  const [command, args] = bin ? [bin, dataArgs] : ["npx", ["--no", "convex", ...dataArgs]];
  const shown = `npx convex ${dataArgs.join(" ")}`;
  const flag = `--pending deployment${deployment ? `:${deployment}` : ""}`;
  const label = `${flag} (${shown})`;
  const child = spawn(command, args, {
    cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    shell: process.platform === "win32",
  });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    // Enough to show what went wrong; a chatty CLI cannot grow memory without bound.
    if (stderr.length < 64 * 1024) stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; error?: Error }>((done) => {
    child.on("error", (error) => done({ code: null, error }));
    child.on("close", (code) => done({ code }));
  });
  let stats: ReadStats;
  try {
    stats = await readJobs(child.stdout, label, onJob);
  } catch (error) {
    child.kill();
    await exited;
    throw error;
  }
  const { code, error } = await exited;
  if (code !== 0) {
    const why = error ? error.message : stderr.trim() || `exit code ${code}`;
    throw new InputError(
      `${flag}: \`${shown}\` failed: ${why}\n` +
        "It needs deployment credentials (CONVEX_DEPLOY_KEY, or a logged-in `npx convex dev` setup). " +
        `Alternatively: ${shown} > pending.jsonl, then --pending pending.jsonl.`,
      label,
    );
  }
  return { stats, shown };
}

/**
 * Reads every `--pending` source into `onJob`.
 * @param convexDir the functions folder, to tell whether the app uses components.
 * @param stdin what `-` reads; the command checks it is a pipe (./stdin.ts) and passes it only then.
 */
export async function readPendingSources(
  values: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  convexDir: string | undefined,
  onJob: (job: ScheduledJob) => void,
  stdin?: Readable,
): Promise<PendingRead> {
  const out: PendingRead = { warnings: [], sources: [] };
  for (const value of values) {
    let stats: ReadStats;
    let source = value;
    if (value === STDIN) {
      if (!stdin) throw new InputError("--pending -: there is no standard input to read");
      source = STDIN_NAME;
      stats = await readJobs(stdin, STDIN_NAME, onJob);
    } else if (value === "deployment" || value.startsWith("deployment:")) {
      const deployment = value === "deployment" ? undefined : value.slice("deployment:".length);
      if (deployment === "") {
        throw new InputError(
          "--pending deployment:NAME needs a deployment, e.g. --pending deployment:prod.",
        );
      }
      const read = await fromDeployment(cwd, env, deployment, onJob);
      stats = read.stats;
      source = `${value} (${read.shown})`;
      if (stats.documents >= DATA_LIMIT) {
        out.warnings.push(
          `--pending ${value}: read ${DATA_LIMIT} documents, the --limit given to the Convex CLI; older jobs may not have been read.`,
        );
      }
      if (convexDir && existsSync(join(convexDir, "convex.config.ts"))) {
        out.warnings.push(
          `--pending ${value}: the app uses components (convex.config.ts); only the app's own _scheduled_functions was read. A component's jobs run the component's code, which check does not load.`,
        );
      }
    } else {
      stats = await fromFile(value, cwd, onJob);
    }
    const unknown = unknownStatesWarning(value === STDIN ? STDIN_NAME : value, stats);
    if (unknown) out.warnings.push(unknown);
    out.sources.push({ source, documents: stats.documents, waiting: stats.waiting });
  }
  return out;
}

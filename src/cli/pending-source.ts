/**
 * Where `check --pending` reads scheduled jobs: a JSONL file of `_scheduled_functions` documents,
 * standard input (`-`, for `npx convex data _scheduled_functions --format jsonl | … --pending -`),
 * or the deployment itself (`deployment`: `npx convex data _scheduled_functions --format jsonl
 * --limit N`, `deployment:NAME` adds `--deployment NAME`). Either way the documents stream through
 * `readJobs` into the judge: nothing is held per job.
 *
 * Components: each mounted component has its own `_scheduled_functions`, whose jobs run the
 * component's code. `deployment` reads every component's table too (`--component PATH`, for the
 * instance paths the app's convex.config mounts); a file of one component's jobs is passed as
 * `PATH=FILE` (`--pending workpool=workpool-jobs.jsonl`).
 */
import { spawn } from "node:child_process";
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { Readable } from "node:stream";
import { InputError } from "../input-error.ts";
import { type JobSink, type ReadStats, readJobs, unknownStatesWarning } from "../pending/jobs.ts";
import { fileChunks } from "../split-lines.ts";
import { convexBin } from "./baseline.ts";
import { COMPONENT_SOURCE } from "./pending-args.ts";
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

async function fromFile(value: string, cwd: string, sink: JobSink): Promise<ReadStats> {
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
  return readJobs(fileChunks(file), value, sink);
}

async function fromDeployment(
  cwd: string,
  env: NodeJS.ProcessEnv,
  deployment: string | undefined,
  component: string | undefined,
  sink: JobSink,
): Promise<{ stats: ReadStats; shown: string }> {
  const dataArgs = [
    "data",
    "_scheduled_functions",
    "--format",
    "jsonl",
    "--limit",
    String(DATA_LIMIT),
    ...(deployment ? ["--deployment", deployment] : []),
    ...(component ? ["--component", component] : []),
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
    stats = await readJobs(child.stdout, label, sink);
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

/** Where the jobs of a component's queue go (undefined: the app's own queue). */
export type SinkFor = (component: string | undefined) => JobSink;

/**
 * Reads every `--pending` source into the sink `sinkFor` gives for its queue.
 * @param components the instance paths the app mounts, whose queues `deployment` reads and
 *   `PATH=FILE` may name; undefined when they are not known (a lock file as the current side),
 *   and then only the app's own queue is read.
 * @param stdin what `-` reads; the command checks it is a pipe (./stdin.ts) and passes it only then.
 */
export async function readPendingSources(
  values: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  components: readonly string[] | undefined,
  sinkFor: SinkFor,
  stdin?: Readable,
): Promise<PendingRead> {
  const out: PendingRead = { warnings: [], sources: [] };
  const record = (value: string, source: string, stats: ReadStats) => {
    const unknown = unknownStatesWarning(value, stats);
    if (unknown) out.warnings.push(unknown);
    out.sources.push({ source, documents: stats.documents, waiting: stats.waiting });
  };
  const fileOrStdin = (value: string, sink: JobSink) => {
    if (value !== STDIN) return fromFile(value, cwd, sink);
    if (!stdin) throw new InputError("--pending -: there is no standard input to read");
    return readJobs(stdin, STDIN_NAME, sink);
  };
  for (const value of values) {
    const named = COMPONENT_SOURCE.exec(value);
    if (value === "deployment" || value.startsWith("deployment:")) {
      const deployment = value === "deployment" ? undefined : value.slice("deployment:".length);
      if (deployment === "") {
        throw new InputError(
          "--pending deployment:NAME needs a deployment, e.g. --pending deployment:prod.",
        );
      }
      for (const component of [undefined, ...(components ?? [])]) {
        const read = await fromDeployment(cwd, env, deployment, component, sinkFor(component));
        if (read.stats.documents >= DATA_LIMIT) {
          out.warnings.push(
            `--pending ${value}: \`${read.shown}\` read ${DATA_LIMIT} documents, its --limit; older jobs may not have been read.`,
          );
        }
        record(value, `${value} (${read.shown})`, read.stats);
      }
    } else if (named) {
      const [, component, file] = named as unknown as [string, string, string];
      if (!components?.includes(component)) {
        const known =
          components === undefined
            ? "components are not read here: report reads only the app's own queue, and check --current has no code to read them from"
            : components.length > 0
              ? `it mounts: ${components.join(", ")}`
              : "it mounts none (no convex.config.ts, or one that mounts no components)";
        throw new InputError(
          `--pending ${value}: the app has no component "${component}" (${known}). A file whose name holds "=" is passed as ./${value}.`,
          value,
        );
      }
      const stats = await fileOrStdin(file, sinkFor(component));
      record(
        file === STDIN ? STDIN_NAME : file,
        `${file === STDIN ? STDIN_NAME : file} (component ${component})`,
        stats,
      );
    } else {
      const stats = await fileOrStdin(value, sinkFor(undefined));
      const source = value === STDIN ? STDIN_NAME : value;
      record(source, source, stats);
    }
  }
  return out;
}

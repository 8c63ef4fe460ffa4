/**
 * Return-contract inference on typescript@7's native checker (`typescript/unstable/sync`): the Go
 * compiler, driven over IPC. Same contracts as the TypeScript 5.9 engine (`../index.ts`), a
 * fraction of the time: the 5.9 checker spends seconds on the handlers of a large app.
 *
 * The app's compiler options reach `tsgo` through a tsconfig that exists only in this process
 * (served by the API's file-system callback): it `extends` the app's own, forces the options
 * inference needs (`inputs.ts`), and lists the function modules as its files.
 *
 * Node-only, CLI-only: never import this from the server entry.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { API } from "typescript/unstable/sync";
import { listEntryFiles } from "../entries.ts";
import type { InferOptions, InferPhases, InferResult } from "../index.ts";
import {
  checkInferInputs,
  DEFAULT_COMPILER_OPTIONS,
  FORCED_COMPILER_OPTIONS,
  findTsconfig,
} from "../inputs.ts";
import { notFound } from "../messages.ts";
import { nativeTypeView } from "./view.ts";
import { collectNativeContracts } from "./walk.ts";

/**
 * The `tsgo` binary: `explicit`, else the one typescript@7 installed for this platform (where its
 * own `getExePath` looks). Checked here because a binary that is missing when `tsgo` is spawned
 * surfaces as an unhandled `error` event that kills the process, past any `catch`.
 */
export function tsgoExecutable(explicit?: string): string {
  let exe = explicit;
  if (!exe) {
    const platformPackage = `@typescript/typescript-${process.platform}-${process.arch}`;
    try {
      const fromTypescript = createRequire(
        createRequire(import.meta.url).resolve("typescript/package.json"),
      );
      exe = join(dirname(fromTypescript.resolve(`${platformPackage}/package.json`)), "lib", "tsc");
    } catch {
      throw new Error(
        `${platformPackage} is not installed (typescript@7 has no tsgo binary for this platform)`,
      );
    }
    if (process.platform === "win32") exe += ".exe";
  }
  if (!existsSync(exe)) throw new Error(`no tsgo binary at ${exe}`);
  return exe;
}

/**
 * Go runtime settings for `tsgo`: no collection until an eighth of the machine's memory (at least
 * 512 MiB) is in use, so the up to 4 parallel ones (`parallel.ts`) stay within half of it. `tsgo` lives for one run and its heap is small (~130 MB on the 1,000-function
 * bench app), so collecting earlier is wasted work: it made inference ~14% slower there, the Go
 * collector's threads competing for the cores the checkers need. Whoever sets GOGC or GOMEMLIMIT
 * keeps their own.
 */
export function goMemorySettings(
  env: NodeJS.ProcessEnv,
  memory = totalmem(),
): Record<string, string> {
  if (env.GOGC !== undefined || env.GOMEMLIMIT !== undefined) return {};
  const eighthMiB = Math.floor(memory / 8 / 2 ** 20);
  return { GOGC: "off", GOMEMLIMIT: `${Math.max(512, eighthMiB)}MiB` };
}

/** `fn` with `vars` set in this thread's environment (a spawned child copies it), then restored. */
function withEnv<T>(vars: Record<string, string>, fn: () => T): T {
  const saved = Object.keys(vars).map((k) => [k, process.env[k]] as const);
  Object.assign(process.env, vars);
  try {
    return fn();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/**
 * Stops `tsgo` without a word on the stderr it shares with us: on end of input or SIGTERM it
 * prints "context canceled" (in about one run in ten, mid-output), on SIGKILL nothing. It holds
 * nothing to flush. `api.close()` releases the snapshots first, then our hook kills, then the pipes
 * close. The hook reaches into the client's internals; if their shape changes, only the message
 * comes back.
 */
function close(api: API): void {
  const channel = (api as unknown as { client?: { channel?: Closable & { child?: Killable } } })
    .client?.channel;
  const child = channel?.child;
  if (channel && child && typeof channel.close === "function" && typeof child.kill === "function") {
    const closePipes = channel.close.bind(channel);
    channel.close = () => {
      child.kill("SIGKILL");
      closePipes();
    };
  }
  api.close();
}

interface Closable {
  close(): void;
}
interface Killable {
  kill(signal?: string): void;
}

/** Beside the app's tsconfig, so relative paths and `@types` lookup resolve as they do for it. */
const SYNTHETIC_NAME = ".convex-versioned-infer.tsconfig.json";

export interface NativeResult extends InferResult {
  phases: InferPhases;
  /** The app's own files in the program (installed packages left out): what a cache entry depends on. */
  files: string[];
}

export function inferNative(opts: InferOptions): NativeResult {
  const t0 = performance.now();
  checkInferInputs(opts.convexDir, opts.tsconfig);
  const only = opts.modules ? new Set(opts.modules) : undefined;
  const entries = listEntryFiles(opts.convexDir).filter((e) => !only || only.has(e.module));
  const wanted = opts.functions ? new Set(opts.functions) : undefined;
  const diagnostics: string[] = [];
  if (entries.length === 0) {
    for (const id of wanted ?? []) diagnostics.push(notFound(id));
    return {
      contracts: {},
      diagnostics,
      ms: performance.now() - t0,
      phases: { program: 0, types: 0, convert: 0 },
      files: [],
    };
  }
  const configFile = findTsconfig(opts.convexDir, opts.tsconfig);
  const synthetic = join(
    configFile ? dirname(configFile) : resolve(opts.convexDir),
    SYNTHETIC_NAME,
  );
  const text = JSON.stringify({
    ...(configFile ? { extends: configFile } : {}),
    compilerOptions: {
      ...(configFile ? {} : DEFAULT_COMPILER_OPTIONS),
      ...FORCED_COMPILER_OPTIONS,
    },
    files: entries.map((e) => e.path),
    include: [],
  });
  const tsserverPath = tsgoExecutable(opts.tsgo);
  const api = withEnv(goMemorySettings(process.env), () => {
    return new API({
      tsserverPath,
      cwd: dirname(synthetic),
      fs: { readFile: (file) => (file === synthetic ? text : undefined) },
    });
  });
  try {
    const snapshot = api.updateSnapshot({ openProjects: [synthetic] });
    const project = snapshot.getProject(synthetic);
    if (!project)
      throw new Error(`tsgo did not open the project for ${configFile ?? opts.convexDir}`);
    for (const d of project.program.getConfigFileParsingDiagnostics()) {
      diagnostics.push(`${d.fileName ?? configFile ?? synthetic}: ${d.text}`);
    }
    const t1 = performance.now();
    const view = nativeTypeView(project.checker, project.program);
    const walked = collectNativeContracts(project, view, entries, wanted);
    return {
      contracts: walked.contracts,
      diagnostics: [...diagnostics, ...walked.diagnostics],
      ms: performance.now() - t0,
      phases: { program: t1 - t0, types: walked.typesMs, convert: walked.convertMs },
      files: project.program
        .getSourceFileNames()
        .filter((f) => !f.includes("/node_modules/") && !f.startsWith("bundled:")),
    };
  } finally {
    close(api);
  }
}

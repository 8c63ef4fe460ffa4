/**
 * Return-contract inference on typescript@7's native checker (`typescript/unstable/sync`): the Go
 * compiler, driven over IPC. The TypeScript 5.9 API it replaced spent seconds checking the
 * handlers of a large app; this is a fraction of that, and one engine for every platform tsgo ships on.
 *
 * The app's compiler options reach `tsgo` through a tsconfig that exists only in this process
 * (served by the API's file-system callback): it `extends` the app's own, forces the options
 * inference needs (`inputs.ts`), and lists the function modules as its files.
 *
 * Node-only, CLI-only: never import this from the server entry.
 */
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import type { API, Project } from "typescript/unstable/sync";
import { type EntryFile, listEntryFiles } from "../entries.ts";
import type { InferOptions, InferPhases, InferResult } from "../index.ts";
import {
  checkInferInputs,
  DEFAULT_COMPILER_OPTIONS,
  FORCED_COMPILER_OPTIONS,
  findTsconfig,
} from "../inputs.ts";
import { notFound } from "../messages.ts";
import { startTsgo, stopTsgo } from "./tsgo.ts";
import { nativeTypeView } from "./view.ts";
import { collectNativeContracts } from "./walk.ts";

/**
 * `tsgo` over `entries`, with the compiler options of `configFile` (through `extends`) or, without
 * one, Convex's template defaults; plus forced options. Config diagnostics come back as text;
 * `syntaxErrors` are those that make `configFile` itself unreadable (TS1xxx: not JSON).
 */
function openProject(
  opts: InferOptions,
  entries: EntryFile[],
  configFile: string | undefined,
): { api: API; project: Project; diagnostics: string[]; syntaxErrors: string[] } {
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
  const api = startTsgo({
    ...(opts.tsgo ? { tsgo: opts.tsgo } : {}),
    cwd: dirname(synthetic),
    files: { [synthetic]: text },
  });
  try {
    const project = api.updateSnapshot({ openProjects: [synthetic] }).getProject(synthetic);
    if (!project)
      throw new Error(`tsgo did not open the project for ${configFile ?? opts.convexDir}`);
    const found = project.program.getConfigFileParsingDiagnostics();
    return {
      api,
      project,
      diagnostics: found.map((d) => `${d.fileName ?? configFile ?? synthetic}: ${d.text}`),
      syntaxErrors: found
        .filter((d) => d.fileName === configFile && d.code >= 1000 && d.code < 2000)
        .map((d) => d.text),
    };
  } catch (error) {
    stopTsgo(api);
    throw error;
  }
}

/** Beside the app's tsconfig, so relative paths and `@types` lookup resolve as they do for it. */
const SYNTHETIC_NAME = ".convex-versioned-infer.tsconfig.json";

export interface NativeResult extends InferResult {
  phases: InferPhases;
  /** Every file in the program but the compiler's own libs (packages' declarations too): what a cache entry depends on. */
  files: string[];
}

export function inferNative(opts: InferOptions): NativeResult {
  const t0 = performance.now();
  checkInferInputs(opts.convexDir, opts.tsconfig);
  const only = opts.modules ? new Set(opts.modules) : undefined;
  const wanted = opts.functions ? new Set(opts.functions) : undefined;
  // Only modules with a function to infer become roots: the CLI asks for the functions without
  // `returns`, often in a few modules of many, and the others need no checking.
  const asked = wanted && new Set([...wanted].map((id) => id.slice(0, id.lastIndexOf(":"))));
  const entries = listEntryFiles(opts.convexDir).filter(
    (e) => (!only || only.has(e.module)) && (!asked || asked.has(e.module)),
  );
  const diagnostics: string[] = [];
  if (entries.length === 0) {
    for (const id of wanted ?? []) diagnostics.push(notFound(id));
    return {
      contracts: {},
      args: {},
      diagnostics,
      ms: performance.now() - t0,
      phases: { program: 0, types: 0, convert: 0 },
      files: [],
    };
  }
  const configFile = findTsconfig(opts.convexDir, opts.tsconfig);
  let opened = openProject(opts, entries, configFile);
  let configDiagnostics = opened.diagnostics;
  const [syntaxError] = opened.syntaxErrors;
  if (configFile && syntaxError) {
    // tsgo's tolerant parser would keep half of a tsconfig that is not JSON: say so, use the defaults.
    stopTsgo(opened.api);
    opened = openProject(opts, entries, undefined);
    configDiagnostics = [`${configFile}: ${syntaxError}; using default compiler options`];
  }
  diagnostics.push(...configDiagnostics);
  const { api, project } = opened;
  try {
    const t1 = performance.now();
    const view = nativeTypeView(project.checker, project.program);
    const walked = collectNativeContracts(
      project,
      view,
      entries,
      wanted,
      opts.argsOf ? new Set(opts.argsOf) : undefined,
    );
    return {
      contracts: walked.contracts,
      args: walked.args,
      diagnostics: [...diagnostics, ...walked.diagnostics],
      ms: performance.now() - t0,
      phases: { program: t1 - t0, types: walked.typesMs, convert: walked.convertMs },
      files: project.program.getSourceFileNames().filter((f) => !f.startsWith("bundled:")),
    };
  } finally {
    stopTsgo(api);
  }
}

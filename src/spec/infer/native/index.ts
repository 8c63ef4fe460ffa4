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

/** Beside the app's tsconfig, so relative paths and `@types` lookup resolve as they do for it. */
const SYNTHETIC_NAME = ".convex-versioned-infer.tsconfig.json";

export interface NativeResult extends InferResult {
  phases: InferPhases;
  /** The app's own files in the program (installed packages left out): what a cache entry depends on. */
  files: string[];
}

export function inferNative(opts: InferOptions): NativeResult {
  const t0 = performance.now();
  const session = openNative(opts);
  try {
    const t1 = performance.now();
    const result = session.infer(opts.functions);
    return {
      ...result,
      diagnostics: [...session.configDiagnostics, ...result.diagnostics],
      ms: performance.now() - t0,
      phases: { ...result.phases, program: t1 - t0 },
    };
  } finally {
    session.close();
  }
}

/**
 * An open `tsgo` project over the app, for more than one question: the CLI starts inferring while
 * esbuild bundles (before it knows which functions lack `returns`), then asks for the rest.
 * Answers about types are kept between calls.
 */
export interface NativeSession {
  /** tsconfig problems (the app's own, read through `extends`). */
  configDiagnostics: string[];
  /** These functions; default: every registered function whose source shows no `returns`. */
  infer(functions?: string[]): NativeResult;
  close(): void;
}

export function openNative(opts: Omit<InferOptions, "functions">): NativeSession {
  checkInferInputs(opts.convexDir, opts.tsconfig);
  const only = opts.modules ? new Set(opts.modules) : undefined;
  const entries = listEntryFiles(opts.convexDir).filter((e) => !only || only.has(e.module));
  if (entries.length === 0) {
    return {
      configDiagnostics: [],
      infer: (functions) => ({
        contracts: {},
        diagnostics: (functions ?? []).map(notFound),
        ms: 0,
        phases: { program: 0, types: 0, convert: 0 },
        files: [],
      }),
      close: () => {},
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
  const api = new API({
    cwd: dirname(synthetic),
    fs: { readFile: (file) => (file === synthetic ? text : undefined) },
  });
  try {
    const project = api.updateSnapshot({ openProjects: [synthetic] }).getProject(synthetic);
    if (!project)
      throw new Error(`tsgo did not open the project for ${configFile ?? opts.convexDir}`);
    const configDiagnostics = project.program
      .getConfigFileParsingDiagnostics()
      .map((d) => `${d.fileName ?? configFile ?? synthetic}: ${d.text}`);
    const view = nativeTypeView(project.checker, project.program);
    const files = () =>
      project.program
        .getSourceFileNames()
        .filter((f) => !f.includes("/node_modules/") && !f.startsWith("bundled:"));
    return {
      configDiagnostics,
      infer: (functions) => {
        const t0 = performance.now();
        const walked = collectNativeContracts(
          project,
          view,
          entries,
          functions ? new Set(functions) : undefined,
        );
        return {
          contracts: walked.contracts,
          diagnostics: walked.diagnostics,
          ms: performance.now() - t0,
          phases: { program: 0, types: walked.typesMs, convert: walked.convertMs },
          files: files(),
        };
      },
      close: () => api.close(),
    };
  } catch (error) {
    api.close();
    throw error;
  }
}

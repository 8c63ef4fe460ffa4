/**
 * Return contracts inferred from TypeScript, for Convex functions that declare no `returns`
 * validator (issue 5). Without them `check` cannot see a renamed or dropped result field, which is
 * exactly what breaks an old frontend still reading it.
 *
 * This is the js engine (the TypeScript 5.9 API, in process); `native/` is the default one, with
 * the same options and results. Node-only: imports the TypeScript compiler API (`ts-compiler-api`).
 * Never import this from the server entry or anything it imports.
 *
 * @example
 * const { contracts } = await inferReturnContracts({ convexDir: "convex" });
 * contracts["messages:list"]; // { type: "array", value: { type: "object", value: { … } } }
 */
import { performance } from "node:perf_hooks";
import type { ValidatorJSON } from "../../meta.ts";
import { listEntryFiles } from "./entries.ts";
import { localClosures } from "./graph.ts";
import { checkInferInputs } from "./inputs.ts";
import { createInferProgram, loadCompilerOptions } from "./program.ts";
import { collectContracts } from "./walk.ts";

export interface InferOptions {
  /** The app's convex/ folder. */
  convexDir: string;
  /** tsconfig to take compiler options from; default `convexDir/tsconfig.json`, else the nearest one up. */
  tsconfig?: string;
  /**
   * Only these function identifiers (`dir/module:export`). The spec loader knows which functions
   * lack a `returns` validator (e.g. versioned exports, whose validators sit in `.version()`
   * calls); pass them here. Without it every function whose source shows no `returns` is inferred.
   */
  functions?: string[];
  /**
   * Only these function modules (`dir/module`) become the program's roots; default: every module
   * in the folder. The per-module cache passes the modules whose import closure changed.
   */
  modules?: string[];
  /** The native engine's `tsgo` binary; default: the one typescript@7 installed for this platform. */
  tsgo?: string;
}

export interface InferResult {
  /** Inferred result validator per function identifier (`dir/module:export`, default → `module:default`). */
  contracts: Record<string, ValidatorJSON>;
  /** Config problems, and every place a type degraded to `any`, with the reason. */
  diagnostics: string[];
  /** Wall time of the whole inference. */
  ms: number;
}

/** Milliseconds per phase; checking is lazy, so `types` and `convert` share the checker's work. */
export interface InferPhases {
  /** Reading tsconfig, listing entry files, creating the program (parse + module resolution). */
  program: number;
  /** Exports of each module and their declared types (binding + first checking). */
  types: number;
  /** Type → validator (resolves the members, mapped types, `Doc<…>` on demand). */
  convert: number;
}

export async function inferReturnContracts(opts: InferOptions): Promise<InferResult> {
  const { phases: _phases, ...result } = inferReturnContractsWithPhases(opts);
  return result;
}

/** Same as `inferReturnContracts`, synchronous, with per-phase times (for `bench/infer.ts`). */
export function inferReturnContractsWithPhases(
  opts: InferOptions,
): InferResult & { phases: InferPhases } {
  const t0 = performance.now();
  const wanted = opts.functions ? new Set(opts.functions) : undefined;
  const { options, diagnostics } = loadCompilerOptions(opts.convexDir, opts.tsconfig);
  checkInferInputs(opts.convexDir, opts.tsconfig);
  const only = opts.modules ? new Set(opts.modules) : undefined;
  const entries = listEntryFiles(opts.convexDir).filter((e) => !only || only.has(e.module));
  const program = createInferProgram(
    entries.map((e) => e.path),
    options,
  );
  const t1 = performance.now();
  const walked = collectContracts(program, entries, wanted);
  return {
    contracts: walked.contracts,
    diagnostics: [...diagnostics, ...walked.diagnostics],
    ms: performance.now() - t0,
    phases: { program: t1 - t0, types: walked.typesMs, convert: walked.convertMs },
  };
}

/**
 * Each function module with the app's own files its types can depend on (see `graph.ts`), for the
 * per-module cache. Cheap: the compiler's scanner and resolver only.
 */
export function functionModuleClosures(
  convexDir: string,
  tsconfig?: string,
): { module: string; files: string[] }[] {
  const { options } = loadCompilerOptions(convexDir, tsconfig);
  const entries = listEntryFiles(convexDir);
  const closures = localClosures(entries, options);
  return entries.map((e) => ({ module: e.module, files: closures.get(e.path) ?? [e.path] }));
}

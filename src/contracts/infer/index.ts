/**
 * Return contracts inferred from TypeScript, for Convex functions that declare no `returns`
 * validator. Without them `check` cannot see a renamed or dropped result field, which is exactly
 * what breaks an old frontend still reading it.
 *
 * One engine: typescript@7's checker (`native/`, one `tsgo` process driven over IPC; splitting the
 * modules over worker threads, a `tsgo` each, measured 0.94x of one on 2 cores and was removed).
 * Node-only, CLI-only: never import this from the server entry.
 *
 * @example
 * const { contracts } = await inferReturnContracts({ convexDir: "convex" });
 * contracts["messages:list"]; // { type: "array", value: { type: "object", value: { … } } }
 */
import type { ValidatorJSON } from "../../meta.ts";

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
  /** Of `functions`, those whose args shape to infer too (no args validator declared). */
  argsOf?: string[];
  /** Only these function modules (`dir/module`) become the program's roots; default: every module. */
  modules?: string[];
  /** The `tsgo` binary; default: the one typescript@7 installed for this platform. */
  tsgo?: string;
}

export interface InferResult {
  /** Inferred result validator per function identifier (`dir/module:export`, default → `module:default`). */
  contracts: Record<string, ValidatorJSON>;
  /** Config problems, and every place a type degraded to `any`, with the reason. */
  diagnostics: string[];
  /** Wall time of the whole inference. */
  ms: number;
  /** Args shapes inferred for `argsOf`. */
  args: Record<string, ValidatorJSON>;
}

/** Milliseconds per phase; checking is lazy, so `types` and `convert` share the checker's work. */
export interface InferPhases {
  /** Reading tsconfig, listing entry files, opening the project (parse + module resolution). */
  program: number;
  /** Exports of each module and their declared types. */
  types: number;
  /** Type → validator (resolves the members, mapped types, `Doc<…>` on demand). */
  convert: number;
}

/** What a walk over the program's exports found. */
export interface WalkResult {
  contracts: Record<string, ValidatorJSON>;
  /** Args shapes, for the functions asked for in `argsOf`. */
  args: Record<string, ValidatorJSON>;
  diagnostics: string[];
  /** Milliseconds spent getting export types, and converting them. */
  typesMs: number;
  convertMs: number;
}

/** Infers the contracts of `opts.functions` (default: every function without `returns`). */
export async function inferReturnContracts(opts: InferOptions): Promise<InferResult> {
  const { inferNative } = await import("./native/index.ts");
  const { contracts, args, diagnostics, ms } = inferNative(opts);
  return { contracts, args, diagnostics, ms };
}

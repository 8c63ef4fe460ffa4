/**
 * The loaded app plus inferred return contracts (issue 5): every function that declares no
 * `returns` validator gets `returnsInferred`, the shape TypeScript gives its result, so `check` can
 * see a renamed or dropped result field that an old frontend still reads.
 *
 * A compiler starts only on a cache miss (`infer-cache.ts`): typescript@7's `tsgo` by default,
 * TypeScript 5.9 (`ts-compiler-api`) as the fallback. Inference costs about a type-check of the
 * handlers.
 */
import type { AppSpec } from "../model.ts";
import { type InferEngine, inferCached } from "./infer-cache.ts";
import { type LoadedApp, type LoadOptions, loadConvexDir } from "./load.ts";

export interface InferFlags {
  /** Infer return contracts for functions without `returns` (default true). */
  inferReturns?: boolean;
  /** tsconfig for inference; default: the convex folder's, else the nearest one up. */
  tsconfig?: string;
  /** Which compiler infers (default `auto`: typescript@7's native checker, else TypeScript 5.9). */
  inferEngine?: InferEngine;
  /** The native engine's `tsgo` binary (default: the one typescript@7 installed). */
  tsgo?: string;
}

/** Functions whose contract must come from types: no `returns`, and not a tombstone. */
export function functionsWithoutReturns(app: AppSpec): string[] {
  return Object.entries(app.functions)
    .filter(([, fn]) => {
      if (fn.returns !== null) return false;
      const versioned = fn.versioned;
      if (!versioned) return true;
      // A tombstone-only export always throws: it has no result to infer.
      return versioned.versions.some((v) => versioned.serves.includes(v.label) && !v.removed);
    })
    .map(([id]) => id)
    .sort();
}

export async function addInferredReturns(
  app: LoadedApp,
  convexDir: string,
  flags: InferFlags,
): Promise<LoadedApp> {
  if (flags.inferReturns === false) return app;
  const wanted = functionsWithoutReturns(app);
  if (wanted.length === 0) return app;
  const { contracts, fallback } = await inferCached(convexDir, wanted, {
    ...(flags.tsconfig ? { tsconfig: flags.tsconfig } : {}),
    ...(flags.inferEngine ? { engine: flags.inferEngine } : {}),
    ...(flags.tsgo ? { tsgo: flags.tsgo } : {}),
  });
  const functions = { ...app.functions };
  for (const id of wanted) {
    const contract = contracts[id];
    if (contract) functions[id] = { ...functions[id]!, returnsInferred: contract };
  }
  // Degradations to `any` are not warnings: a result typed `any` simply has no contract. `snapshot`
  // counts the contracts that contain `any`; `inferReturnContracts` lists each with its reason.
  return { ...app, functions, warnings: fallback ? [...app.warnings, fallback] : app.warnings };
}

/** `loadConvexDir` plus inferred return contracts. */
export async function loadAppWithContracts(
  convexDir: string,
  options: LoadOptions & InferFlags,
): Promise<LoadedApp> {
  const { inferReturns, tsconfig, inferEngine, tsgo, ...load } = options;
  const app = await loadConvexDir(convexDir, load);
  return addInferredReturns(app, convexDir, {
    inferReturns,
    ...(tsconfig ? { tsconfig } : {}),
    ...(inferEngine ? { inferEngine } : {}),
    ...(tsgo ? { tsgo } : {}),
  });
}

/**
 * The loaded app plus inferred return contracts: every function that declares no `returns`
 * validator gets `returnsInferred`, the shape TypeScript gives its result, so `check` can see a
 * renamed or dropped result field that an old frontend still reads.
 *
 * The checker (typescript@7's `tsgo`) starts only on a cache miss (`infer-cache.ts`). Whatever
 * cannot be inferred is said: a function whose contract is missing or partly `any` gets a warning
 * line with the reason; a checker that cannot start leaves the run validator-only, with one warning
 * naming the way out. `requireContracts` turns both into errors.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { InputError } from "../input-error.ts";
import type { AppSpec } from "../model.ts";
import { ContractsMissing } from "./contracts-missing.ts";
import { inferCached } from "./infer-cache.ts";
import { type LoadedApp, type LoadOptions, loadConvexDir } from "./load.ts";
import { projectRoot } from "./project-root.ts";

export interface InferFlags {
  /** Infer return contracts for functions without `returns` (default true). */
  inferReturns?: boolean;
  /** tsconfig for inference; default: the convex folder's, else the nearest one up. */
  tsconfig?: string;
  /** The `tsgo` binary (default: the one typescript@7 installed). */
  tsgo?: string;
  /** A missing or partly-`any` contract, or a checker that cannot start, is an error. */
  requireContracts?: boolean;
  /**
   * Functions to infer although they declare `returns` (`check`: those whose baseline had only an
   * inferred contract). Their contracts are recorded but never warned about.
   */
  alsoInfer?: (app: LoadedApp) => Promise<string[]>;
}

/** The app, and the functions whose contract is missing or partly `any` (one line each, with why). */
export type AppWithContracts = LoadedApp & { degraded: string[] };

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

/** Plain functions that declare no args validator (versioned exports always have one per version). */
export function functionsWithoutArgs(app: AppSpec): string[] {
  return Object.entries(app.functions)
    .filter(([, fn]) => fn.args.type === "any" && !fn.versioned)
    .map(([id]) => id)
    .sort();
}

/** The app's `convex` version, if it can be read. */
function convexVersion(root: string): string | undefined {
  try {
    const file = createRequire(join(root, "package.json")).resolve("convex/package.json");
    return (JSON.parse(readFileSync(file, "utf8")) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** convex < 0.13 registered handlers with positional arguments: no result type to read. */
function predatesNamedArguments(version: string | undefined): boolean {
  const [major, minor] = (version ?? "").split(".").map(Number);
  return major === 0 && minor !== undefined && minor < 13;
}

export async function addInferredReturns(
  app: LoadedApp,
  convexDir: string,
  flags: InferFlags,
): Promise<AppWithContracts> {
  if (flags.inferReturns === false) return { ...app, degraded: [] };
  const without = functionsWithoutReturns(app);
  const also = (await flags.alsoInfer?.(app)) ?? [];
  // Functions without an args validator: their args shape comes from the handler's parameter type.
  const argsOf = functionsWithoutArgs(app);
  const wanted = [...new Set([...without, ...also, ...argsOf])].sort();
  if (wanted.length === 0) return { ...app, degraded: [] };
  const fail = (reason: string, wayOut: string) => {
    if (flags.requireContracts) {
      throw new InputError(`--require-contracts: ${reason}.`, undefined, "--require-contracts");
    }
    return { ...app, warnings: [...app.warnings, `${reason}; ${wayOut}`], degraded: [] };
  };
  const version = convexVersion(projectRoot(convexDir));
  if (predatesNamedArguments(version)) {
    return fail(
      `return contracts cannot be inferred for convex ${version} (before 0.13, handlers took positional arguments)`,
      "judging validators only. Upgrade convex, or pass --no-infer-returns to say so.",
    );
  }
  let inferred: Awaited<ReturnType<typeof inferCached>>;
  try {
    inferred = await inferCached(convexDir, wanted, {
      argsOf,
      ...(flags.tsconfig ? { tsconfig: flags.tsconfig } : {}),
      ...(flags.tsgo ? { tsgo: flags.tsgo } : {}),
    });
  } catch (error) {
    if (error instanceof InputError) throw error;
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return fail(
      `return contracts not inferred: typescript@7's checker could not run (${reason})`,
      "judging validators only. Reinstall with optional dependencies (npm install --include=optional) to get its binary, or pass --no-infer-returns to skip inference.",
    );
  }
  const functions = { ...app.functions };
  const degraded: string[] = [];
  const returnsOf = new Set([...without, ...also]);
  for (const id of wanted) {
    const contract = inferred.contracts[id];
    if (contract && returnsOf.has(id))
      functions[id] = { ...functions[id]!, returnsInferred: contract };
    const args = inferred.args[id];
    if (args) functions[id] = { ...functions[id]!, argsInferred: args };
  }
  // Functions that declare `returns` do not depend on their inferred contract: theirs are not said.
  const declared = wanted.filter((id) => !without.includes(id));
  for (const line of inferred.diagnostics)
    if (!declared.some((id) => line.startsWith(`${id}:`))) degraded.push(line);
  for (const id of without) {
    if (!inferred.contracts[id] && !degraded.some((l) => l.startsWith(`${id}:`))) {
      degraded.push(`${id}: no contract inferred.`);
    }
  }
  if (flags.requireContracts && degraded.length > 0) throw new ContractsMissing(degraded);
  // The result is the loaded app's content plus the inference entry's: named by both ids.
  const { contentId: loadedId, ...rest } = app;
  const contentId =
    loadedId && inferred.contentId ? `${loadedId}.${inferred.contentId}` : undefined;
  return { ...rest, functions, degraded, ...(contentId ? { contentId } : {}) };
}

/** `loadConvexDir` plus inferred return contracts. */
export async function loadAppWithContracts(
  convexDir: string,
  options: LoadOptions & InferFlags,
): Promise<AppWithContracts> {
  const { inferReturns, tsconfig, tsgo, requireContracts, alsoInfer, ...load } = options;
  const app = await loadConvexDir(convexDir, load);
  return addInferredReturns(app, convexDir, {
    inferReturns,
    ...(tsconfig ? { tsconfig } : {}),
    ...(tsgo ? { tsgo } : {}),
    ...(requireContracts ? { requireContracts } : {}),
    ...(alsoInfer ? { alsoInfer } : {}),
  });
}

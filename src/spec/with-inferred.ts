/**
 * The loaded app plus inferred return contracts (issue 5): every function that declares no
 * `returns` validator gets `returnsInferred`, the shape TypeScript gives its result, so `check` can
 * see a renamed or dropped result field that an old frontend still reads.
 *
 * The TypeScript compiler (`ts-compiler-api`) is imported only here and only when needed: it costs
 * ~0.6 s to load and inference costs about a full type-check of the folder.
 */
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { AppSpec, ValidatorJSON } from "../model.ts";
import { type LoadedApp, type LoadOptions, loadConvexDir, projectRoot } from "./load.ts";

export interface InferFlags {
  /** Infer return contracts for functions without `returns` (default true). */
  inferReturns?: boolean;
  /** tsconfig for inference; default: the convex folder's, else the nearest one up. */
  tsconfig?: string;
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
  const { contracts } = await inferCached(convexDir, wanted, flags.tsconfig);
  const functions = { ...app.functions };
  for (const id of wanted) {
    const contract = contracts[id];
    if (contract) functions[id] = { ...functions[id]!, returnsInferred: contract };
  }
  // Degradations to `any` are not warnings: a result typed `any` simply has no contract. `snapshot`
  // counts the contracts that contain `any`; `inferReturnContracts` lists each with its reason.
  return { ...app, functions };
}

/** `loadConvexDir` plus inferred return contracts. */
export async function loadAppWithContracts(
  convexDir: string,
  options: LoadOptions & InferFlags,
): Promise<LoadedApp> {
  const { inferReturns, tsconfig, ...load } = options;
  const app = await loadConvexDir(convexDir, load);
  return addInferredReturns(app, convexDir, { inferReturns, ...(tsconfig ? { tsconfig } : {}) });
}

interface Inferred {
  contracts: Record<string, ValidatorJSON>;
  diagnostics: string[];
}

/**
 * Inference costs about a full type-check of the folder, so its result is cached under
 * `node_modules/.cache/convex-versioned/`, keyed by everything it reads: the functions folder's
 * files, the tsconfig files above it, the installed `convex` and compiler versions, and the
 * functions asked for. A `snapshot` then `check`, or a re-run in `npx convex deploy --cmd`, is free.
 */
async function inferCached(
  convexDir: string,
  wanted: string[],
  tsconfig?: string,
): Promise<Inferred> {
  const dir = resolve(convexDir);
  const root = projectRoot(dir);
  const file = join(
    root,
    "node_modules",
    ".cache",
    "convex-versioned",
    `infer-${cacheKey(dir, root, wanted, tsconfig)}.json`,
  );
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Inferred;
  } catch {
    // no cache entry (or a torn one): infer
  }
  const { inferReturnContracts } = await import("./infer/index.ts");
  const { contracts, diagnostics } = await inferReturnContracts({
    convexDir,
    functions: wanted,
    ...(tsconfig ? { tsconfig } : {}),
  });
  try {
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify({ contracts, diagnostics }));
    renameSync(temp, file);
  } catch {
    // a read-only checkout still works, just without the cache
  }
  return { contracts, diagnostics };
}

function cacheKey(dir: string, root: string, wanted: string[], tsconfig?: string): string {
  const hash = createHash("sha256");
  const add = (label: string, content: string | Buffer) => {
    hash.update(label);
    hash.update("\0");
    hash.update(content);
    hash.update("\0");
  };
  add("wanted", wanted.join(","));
  add("tsconfig-flag", tsconfig ?? "");
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else add(path, readFileSync(path));
    }
  };
  walk(dir);
  // Types can come from outside the folder: tsconfigs up to the project root, the installed
  // convex types, the compiler itself.
  for (let cur = dirname(dir); ; cur = dirname(cur)) {
    const tsconfigFile = join(cur, "tsconfig.json");
    if (existsSync(tsconfigFile)) add(tsconfigFile, readFileSync(tsconfigFile));
    if (cur === root || dirname(cur) === cur) break;
  }
  for (const pkg of ["convex", "ts-compiler-api", "convex-helpers", "zod"]) {
    const path = join(root, "node_modules", pkg, "package.json");
    try {
      add(pkg, (JSON.parse(readFileSync(path, "utf8")) as { version?: string }).version ?? "");
    } catch {
      add(pkg, "missing");
    }
  }
  if (tsconfig) {
    try {
      add("tsconfig", readFileSync(tsconfig));
    } catch {
      // inference reports a missing tsconfig itself
    }
  }
  return hash.digest("hex").slice(0, 24);
}

/**
 * The inferred-contract cache, under `node_modules/.cache/convex-versioned/`. Inference costs about
 * a type-check of the handlers, so it is cached at two levels:
 *
 * 1. **The whole folder**, keyed by every file in it, the tsconfig files above it, the installed
 *    `convex`, `convex-helpers`, `zod`, compiler and convex-versioned versions, and the functions
 *    asked for, plus the contents of the files outside the folder that its modules import. A hit
 *    (`snapshot` then `check`, a re-run in `npx convex deploy --cmd`) never starts a compiler.
 *    On a miss the native engine (`infer/native/`) infers the whole folder: cold, it is faster than
 *    the js engine re-checking one module.
 * 2. **Each function module** (js engine only), keyed by the contents of its local import closure
 *    (`infer/graph.ts`: the module, the helpers and `_generated` files it imports, `schema.ts`
 *    through `Doc<…>`) plus the same environment. On a folder miss only the modules whose closure changed are
 *    type-checked, in one program; a module importing `_generated/api` depends on every module,
 *    which is right: its types can.
 *
 * Entries are written atomically (temp file + rename); an unreadable or torn entry is a miss. Each
 * level keeps its most recently used entries (`KEEP_*`), so editing a folder for a year does not
 * leave a year of entries behind.
 */
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { InputError } from "../input-error.ts";
import type { ValidatorJSON } from "../model.ts";
import { projectRoot } from "./load.ts";

export interface Inferred {
  contracts: Record<string, ValidatorJSON>;
  diagnostics: string[];
}

/**
 * A folder-level entry also lists the files outside the functions folder that some module imports
 * (a shared `../lib/`, a workspace package): the folder key cannot see them, so a hit requires
 * their contents unchanged too.
 */
interface FolderEntry extends Inferred {
  outside: Record<string, string>;
}

/**
 * Which compiler infers: `native` is typescript@7's checker (`infer/native/`), `js` the TypeScript
 * 5.9 API (`infer/index.ts`); `auto` is native, falling back to js when native cannot start.
 */
export type InferEngine = "auto" | "native" | "js";

export interface InferCachedOptions {
  tsconfig?: string;
  engine?: InferEngine;
  /** See `InferOptions.tsgo`. */
  tsgo?: string;
  /** Told what the run did (for the bench and tests). */
  outcome?: (o: CacheOutcome) => void;
}

export interface InferredWith extends Inferred {
  /** The engine that ran (the cached one's on a folder hit: contracts are the same either way). */
  engine: "native" | "js" | "cache";
  /** Why `auto` fell back to the js engine, for the CLI to show. */
  fallback?: string;
}

/** What the last `inferCached` did, for the bench and tests. */
export interface CacheOutcome {
  /** `native`: the whole folder inferred at once (the native engine needs no per-module level). */
  level: "folder" | "modules" | "native";
  /** Function modules type-checked this time (0 on a folder hit). */
  inferredModules: number;
  /** Function modules served from their per-module entry. */
  cachedModules: number;
}

export async function inferCached(
  convexDir: string,
  wanted: string[],
  { tsconfig, engine = "auto", tsgo, outcome }: InferCachedOptions = {},
): Promise<InferredWith> {
  const dir = resolve(convexDir);
  const root = projectRoot(dir);
  const cacheDir = join(root, "node_modules", ".cache", "convex-versioned");
  const env = environmentKey(dir, root, tsconfig);
  const folderFile = join(cacheDir, `infer-${folderKey(env, dir, wanted)}.json`);
  const contentHash = memo((file: string) => {
    try {
      return createHash("sha256").update(readFileSync(file)).digest("hex");
    } catch {
      return "missing";
    }
  });
  const hit = readEntry(folderFile) as FolderEntry | undefined;
  if (hit && Object.entries(hit.outside ?? {}).every(([f, h]) => contentHash(f) === h)) {
    outcome?.({ level: "folder", inferredModules: 0, cachedModules: 0 });
    return { contracts: hit.contracts, diagnostics: hit.diagnostics, engine: "cache" };
  }

  let fallback: string | undefined;
  if (engine !== "js") {
    const native = await tryNative(dir, wanted, { tsconfig, tsgo }, engine);
    if ("result" in native) {
      const { contracts, diagnostics, files } = native.result;
      const outside: Record<string, string> = {};
      for (const f of files) if (relative(dir, f).startsWith("..")) outside[f] = contentHash(f);
      const modules = new Set(wanted.map((id) => id.slice(0, id.lastIndexOf(":"))));
      outcome?.({ level: "native", inferredModules: modules.size, cachedModules: 0 });
      writeEntry(folderFile, { contracts, diagnostics, outside } satisfies FolderEntry);
      pruneEntries(cacheDir, KEEP_FOLDER_ENTRIES, isFolderEntry);
      return { contracts, diagnostics, engine: "native" };
    }
    fallback = native.fallback;
  }

  const infer = await import("./infer/index.ts");
  const wantedByModule = new Map<string, string[]>();
  for (const id of wanted) {
    const module = id.slice(0, id.lastIndexOf(":"));
    wantedByModule.set(module, [...(wantedByModule.get(module) ?? []), id]);
  }
  const result: Inferred = { contracts: {}, diagnostics: [] };
  const outside: Record<string, string> = {};
  const misses: { module: string; file: string; ids: string[] }[] = [];
  let cachedModules = 0;
  const modules = infer.functionModuleClosures(dir, tsconfig);
  const listed = new Set(modules.map((m) => m.module));
  // A wanted function in a module the folder listing misses still goes to inference, which says why.
  for (const module of wantedByModule.keys()) {
    if (!listed.has(module)) modules.push({ module, files: [] });
  }
  for (const { module, files } of modules) {
    const ids = wantedByModule.get(module);
    if (!ids) continue;
    const hash = createHash("sha256");
    add(hash, "env", env);
    add(hash, "module", module);
    add(hash, "wanted", ids.join(","));
    for (const f of files) {
      add(hash, relative(root, f), contentHash(f));
      if (relative(dir, f).startsWith("..")) outside[f] = contentHash(f);
    }
    const file = join(cacheDir, "modules", `${hash.digest("hex").slice(0, 24)}.json`);
    const entry = readEntry(file);
    if (entry) {
      cachedModules++;
      Object.assign(result.contracts, entry.contracts);
      result.diagnostics.push(...entry.diagnostics);
    } else {
      misses.push({ module, file, ids });
    }
  }
  if (misses.length > 0) {
    const fresh = await infer.inferReturnContracts({
      convexDir: dir,
      modules: misses.map((m) => m.module),
      functions: misses.flatMap((m) => m.ids),
      ...(tsconfig ? { tsconfig } : {}),
    });
    Object.assign(result.contracts, fresh.contracts);
    result.diagnostics.push(...fresh.diagnostics);
    for (const miss of misses) {
      const mine = (s: string) => s.startsWith(`${miss.module}:`);
      writeEntry(miss.file, {
        contracts: Object.fromEntries(Object.entries(fresh.contracts).filter(([id]) => mine(id))),
        diagnostics: fresh.diagnostics.filter(mine),
      });
    }
  }
  outcome?.({ level: "modules", inferredModules: misses.length, cachedModules });
  writeEntry(folderFile, { ...result, outside } satisfies FolderEntry);
  pruneEntries(cacheDir, KEEP_FOLDER_ENTRIES, isFolderEntry);
  if (misses.length > 0) pruneEntries(join(cacheDir, "modules"), KEEP_MODULE_ENTRIES);
  return { ...result, engine: "js", ...(fallback ? { fallback } : {}) };
}

/**
 * The native engine's result, or why it could not run. With `auto`, a failure to start `tsgo` (no
 * binary for this platform, an API change in an unexpected typescript@7 release) falls back to the
 * js engine; bad input (`InputError`) is the user's to fix and is thrown either way.
 */
async function tryNative(
  dir: string,
  wanted: string[],
  paths: { tsconfig: string | undefined; tsgo: string | undefined },
  engine: InferEngine,
): Promise<{ result: import("./infer/native/index.ts").NativeResult } | { fallback: string }> {
  try {
    const { inferNativeParallel } = await import("./infer/native/parallel.ts");
    return {
      result: await inferNativeParallel({
        convexDir: dir,
        functions: wanted,
        ...(paths.tsconfig ? { tsconfig: paths.tsconfig } : {}),
        ...(paths.tsgo ? { tsgo: paths.tsgo } : {}),
      }),
    };
  } catch (error) {
    if (error instanceof InputError) throw error;
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    if (engine === "native") {
      throw new InputError(
        `--infer-engine native: typescript@7's checker could not run (${reason}). Use --infer-engine js (TypeScript 5.9), or auto to fall back by itself.`,
        undefined,
        "--infer-engine",
      );
    }
    return {
      fallback: `typescript@7's checker could not run (${reason}); inferred with TypeScript 5.9 instead, which is slower. Pass --infer-engine js to skip the attempt.`,
    };
  }
}

/** Entries kept per level; the least recently used beyond these are deleted after each write. */
export const KEEP_FOLDER_ENTRIES = 16;
export const KEEP_MODULE_ENTRIES = 4096;

function readEntry(file: string): Inferred | undefined {
  try {
    const entry = JSON.parse(readFileSync(file, "utf8")) as Inferred;
    touch(file); // used: the last to be pruned
    return entry;
  } catch {
    return undefined; // no entry, or a torn one: infer
  }
}

/** Folder entries share the cache folder with the loader's bundles: only `infer-*.json`. */
const isFolderEntry = (name: string) => name.startsWith("infer-") && name.endsWith(".json");

function touch(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // read-only cache: pruning order is all that suffers
  }
}

/**
 * Deletes all but the `keep` most recently used entries in `dir` (by mtime; a hit touches its
 * entry). Without it every edit of the folder would leave one more entry behind, forever.
 */
export function pruneEntries(
  dir: string,
  keep: number,
  isEntry = (name: string) => name.endsWith(".json"),
): void {
  try {
    const entries = readdirSync(dir)
      .filter(isEntry)
      .map((name) => ({ path: join(dir, name), mtime: statSync(join(dir, name)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const { path } of entries.slice(keep)) rmSync(path, { force: true });
  } catch {
    // another process pruned first, or a read-only checkout: nothing to do
  }
}

function writeEntry(file: string, value: Inferred | FolderEntry): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(value));
    renameSync(temp, file);
  } catch {
    // a read-only checkout still works, just without the cache
  }
}

function add(hash: ReturnType<typeof createHash>, label: string, content: string | Buffer): void {
  hash.update(label);
  hash.update("\0");
  hash.update(content);
  hash.update("\0");
}

function resolveOr(require: NodeJS.Require, specifier: string): string {
  try {
    return require.resolve(specifier);
  } catch {
    return specifier; // not installed: read fails, keyed as "missing"
  }
}

function memo<T>(fn: (key: string) => T): (key: string) => T {
  const seen = new Map<string, T>();
  return (key) => {
    if (!seen.has(key)) seen.set(key, fn(key));
    return seen.get(key)!;
  };
}

/** Every file of the functions folder (not node_modules or dotfiles), and the functions asked for. */
function folderKey(env: string, dir: string, wanted: string[]): string {
  const hash = createHash("sha256");
  add(hash, "env", env);
  add(hash, "wanted", wanted.join(","));
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else add(hash, path, readFileSync(path));
    }
  };
  walk(dir);
  return hash.digest("hex").slice(0, 24);
}

/**
 * What inference reads from outside the app's own files: the tsconfigs up to the project root (and
 * an explicit one), the installed convex types and the compiler itself.
 */
function environmentKey(dir: string, root: string, tsconfig?: string): string {
  const hash = createHash("sha256");
  add(hash, "tsconfig-flag", tsconfig ?? "");
  for (let cur = dirname(dir); ; cur = dirname(cur)) {
    const tsconfigFile = join(cur, "tsconfig.json");
    if (existsSync(tsconfigFile)) add(hash, tsconfigFile, readFileSync(tsconfigFile));
    if (cur === root || dirname(cur) === cur) break;
  }
  const own = join(dir, "tsconfig.json");
  if (existsSync(own)) add(hash, own, readFileSync(own));
  // The app's packages, as installed in it; our compilers, wherever npm put our dependencies.
  const ours = createRequire(import.meta.url);
  const packages = [
    ...["convex", "convex-helpers", "zod"].map((pkg) => [
      pkg,
      join(root, "node_modules", pkg, "package.json"),
    ]),
    ...["ts-compiler-api", "typescript"].map((pkg) => [
      pkg,
      resolveOr(ours, `${pkg}/package.json`),
    ]),
    // Our own version: a release may change what a type converts to.
    ["convex-versioned", fileURLToPath(new URL("../../package.json", import.meta.url))],
  ];
  for (const [pkg, path] of packages as [string, string][]) {
    try {
      add(
        hash,
        pkg,
        (JSON.parse(readFileSync(path, "utf8")) as { version?: string }).version ?? "",
      );
    } catch {
      add(hash, pkg, "missing");
    }
  }
  if (tsconfig) {
    try {
      add(hash, "tsconfig", readFileSync(tsconfig));
    } catch {
      // inference reports a missing tsconfig itself
    }
  }
  return hash.digest("hex");
}

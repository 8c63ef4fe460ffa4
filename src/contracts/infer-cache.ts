/**
 * The inferred-contract cache, under the app's `node_modules/.cache/convex-versioned/` (see
 * `cache-dir.ts`). Inference costs about a type-check of the handlers; a hit (`snapshot` then
 * `check`, a re-run in `npx convex deploy --cmd`) starts no compiler.
 *
 * An entry is found by a key over every file of the functions folder, the tsconfig files that
 * apply, typescript's and our own versions and the functions asked for. It is used only if every
 * other file the checker read is unchanged too: the app's helpers outside the folder and every
 * declaration file of every package (`convex`, an SDK whose type a handler returns, `@types/*`),
 * each recorded with its content hash. A dependency upgrade that changes a type is therefore seen,
 * whatever the package and whatever the package manager.
 *
 * Entries are written atomically (temp file + rename); an unreadable or torn entry is a miss. The
 * most recently used `KEEP_ENTRIES` are kept, so editing a folder for a year does not leave a year
 * of entries behind.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import type { ValidatorJSON } from "../model.ts";
import { cacheDirFor, newEntryId, pruneEntries, touch, writeCacheFile } from "./cache-dir.ts";
import {
  addKeyPart,
  contentHash,
  folderFiles,
  type Recorded,
  record,
  unchangedSince,
} from "./file-hash.ts";
import { projectRoot } from "./project-root.ts";
import { TOOL_VERSION } from "./tool-version.ts";

export interface Inferred {
  contracts: Record<string, ValidatorJSON>;
  /** Args shapes of the functions asked for in `argsOf`. */
  args: Record<string, ValidatorJSON>;
  diagnostics: string[];
}

/** A stored entry: the result, and every file it read beyond the key's (hash and stat identity). */
interface Entry extends Inferred {
  read: Record<string, Recorded>;
  /** Made afresh at each write: names this exact result (see `load/app-cache.ts`, `Entry.id`). */
  id?: string;
}

export interface InferCachedOptions {
  /** Of the functions asked for, those whose args shape to infer too. */
  argsOf?: string[];
  tsconfig?: string;
  /** See `InferOptions.tsgo`. */
  tsgo?: string;
  /** Told what the run did (for the bench and tests). */
  outcome?: (o: CacheOutcome) => void;
}

export interface InferredWith extends Inferred {
  /** Whether the checker ran or the cache answered. */
  source: "checker" | "cache";
  /** The cache entry's id, when the result is one (read or just written). */
  contentId?: string;
}

/** What the last `inferCached` did, for the bench and tests. */
export interface CacheOutcome {
  hit: boolean;
  /** Files whose hashes a hit verified (the folder's own are in the key). */
  verified: number;
}

/** Entries kept; the least recently used beyond these are deleted after each write. */
export const KEEP_ENTRIES = 16;

export async function inferCached(
  convexDir: string,
  wanted: string[],
  { argsOf = [], tsconfig, tsgo, outcome }: InferCachedOptions = {},
): Promise<InferredWith> {
  const dir = resolve(convexDir);
  const root = projectRoot(dir);
  const cacheDir = cacheDirFor(root);
  const file =
    cacheDir && join(cacheDir, `infer-${entryKey(dir, root, wanted, argsOf, tsconfig)}.json`);
  const hit = file ? readEntry(file) : undefined;
  if (hit && Object.entries(hit.read).every(([f, r]) => unchangedSince(f, r))) {
    outcome?.({ hit: true, verified: Object.keys(hit.read).length });
    return {
      contracts: hit.contracts,
      args: hit.args ?? {},
      diagnostics: hit.diagnostics,
      source: "cache",
      ...(typeof hit.id === "string" ? { contentId: hit.id } : {}),
    };
  }
  const { inferNative } = await import("./infer/native/index.ts");
  const { contracts, args, diagnostics, files } = inferNative({
    convexDir: dir,
    functions: wanted,
    argsOf,
    ...(tsconfig ? { tsconfig } : {}),
    ...(tsgo ? { tsgo } : {}),
  });
  outcome?.({ hit: false, verified: 0 });
  let contentId: string | undefined;
  if (file && cacheDir) {
    const read: Record<string, Recorded> = {};
    for (const f of files) if (relative(dir, f).startsWith("..")) read[f] = record(f);
    const id = newEntryId();
    if (writeEntry(file, { contracts, args, diagnostics, read, id })) contentId = id;
    pruneEntries(cacheDir, KEEP_ENTRIES, isEntry);
  }
  return { contracts, args, diagnostics, source: "checker", ...(contentId ? { contentId } : {}) };
}

function readEntry(file: string): Entry | undefined {
  try {
    const entry = JSON.parse(readFileSync(file, "utf8")) as Entry;
    if (typeof entry.read !== "object" || entry.read === null) return undefined;
    touch(file); // used: the last to be pruned
    return entry;
  } catch {
    return undefined; // no entry, or a torn one: infer
  }
}

/** Entries share the cache folder with the loader's: only `infer-*.json`. */
const isEntry = (name: string) => name.startsWith("infer-") && name.endsWith(".json");

function writeEntry(file: string, value: Entry): boolean {
  // A read-only cache still works, just without the entry.
  return writeCacheFile(file, JSON.stringify(value));
}

/**
 * Every file of the functions folder (not node_modules or dotfiles), the tsconfigs up to the
 * project root (and an explicit one), the functions asked for, typescript's version and ours.
 */
function entryKey(
  dir: string,
  root: string,
  wanted: string[],
  argsOf: string[],
  tsconfig?: string,
): string {
  const hash = createHash("sha256");
  addKeyPart(hash, "wanted", wanted.join(","));
  addKeyPart(hash, "args-of", argsOf.join(","));
  addKeyPart(hash, "tool", TOOL_VERSION);
  try {
    const ours = createRequire(import.meta.url);
    addKeyPart(
      hash,
      "typescript",
      (ours("typescript/package.json") as { version: string }).version,
    );
  } catch {
    addKeyPart(hash, "typescript", "missing");
  }
  addKeyPart(hash, "tsconfig-flag", tsconfig ?? "");
  if (tsconfig) addKeyPart(hash, "tsconfig", contentHash(tsconfig));
  for (let cur = dirname(dir); ; cur = dirname(cur)) {
    const tsconfigFile = join(cur, "tsconfig.json");
    if (existsSync(tsconfigFile)) addKeyPart(hash, tsconfigFile, readFileSync(tsconfigFile));
    if (cur === root || dirname(cur) === cur) break;
  }
  for (const path of folderFiles(dir)) addKeyPart(hash, path, contentHash(path));
  return hash.digest("hex").slice(0, 24);
}

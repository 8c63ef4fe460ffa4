/**
 * The loaded-app cache: `check` and `snapshot` on a functions folder that has not changed since the
 * last run reuse what was loaded then, instead of bundling and importing again. The same holds for
 * the component instances the folder's `convex.config.ts` mounts (`check --pending deployment`),
 * kept apart by `what`.
 *
 * Content-addressed: the key covers every file of the functions folder, the package manager's lock
 * files and install state (what `node_modules` holds), the import environment flags and this tool's
 * version. A hit is used only if every other file the bundle read (helpers outside the folder, our
 * own runtime) still has its recorded hash, and every environment variable the app's code read at
 * import still has the value it had.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import type { Metafile } from "esbuild";
import { newEntryId, pruneEntries, touch, writeCacheFile } from "../cache-dir.ts";
import { PLACEHOLDER_PREFIX } from "../env.ts";
import {
  addKeyPart,
  contentHash,
  folderFiles,
  hashedIdentity,
  type Recorded,
  record,
  saveHashMemo,
  statIdentity,
  unchangedSince,
  useHashMemo,
} from "../file-hash.ts";
import type { LoadedApp } from "../load.ts";
import { TOOL_VERSION } from "../tool-version.ts";

interface EnvKey {
  env: Record<string, string>;
  envFallback?: boolean;
  /** The modules' dependencies were bundled (a component's load), not imported. */
  bundleDependencies?: boolean;
  /** What was loaded from the folder: its functions (the default), or the components it mounts. */
  what?: "components";
}

/** What a cache entry holds: a loaded app, or (`what: "components"`) the instances it mounts. */
interface Entry<T = LoadedApp> {
  app: T;
  read: Record<string, Recorded>;
  reads: Record<string, string | null>;
  /**
   * Made afresh each time an entry is written, so it names this exact content (an entry stored
   * again under the same key, after a helper outside the folder changed, gets a new one): what
   * `check` records a baseline found equal to the app against (../same-baseline.ts).
   */
  id?: string;
}

/** Lock files and install-state files of npm, pnpm, yarn and bun, looked for from the app root up. */
const LOCK_FILES = [
  "package-lock.json",
  "npm-shrinkwrap.json",
  "pnpm-lock.yaml",
  "yarn.lock",
  "bun.lock",
  "bun.lockb",
  "node_modules/.package-lock.json",
  "node_modules/.modules.yaml",
  "node_modules/.yarn-state.yml",
  "node_modules/.yarn-integrity",
];

/**
 * Entries kept, most recently used first (a hit counts as a use, so the state a branch keeps
 * coming back to outlives the edits in between). One state of an app with components writes two
 * plus one per component definition (its functions, the list of instances, each definition's
 * functions): room for a few states of such an app.
 */
export const KEEP_LOADED_ENTRIES = 24;

/** Where an entry for these inputs lives, and the folder's files as stat saw them (see `unchanged`). */
interface Key {
  /** The entry's path: undefined when no lock file could be read (no cache). */
  file(): string | undefined;
  stats: string;
}

/** What the key covers besides the flags: the lock files found, and the folder's files. */
interface KeyInputs {
  locks: string[];
  files: string[];
}

/** `path\0identity` per file, one per line: what `unchanged` compares. */
function folderStats(files: string[], identity: (file: string) => string | undefined): string {
  return files.map((f) => `${f}\0${identity(f) ?? "missing"}`).join("\n");
}

function keyInputs(dir: string, root: string): KeyInputs | undefined {
  const locks: string[] = [];
  for (let cur = root; ; cur = dirname(cur)) {
    for (const name of LOCK_FILES) {
      const file = join(cur, name);
      if (statIdentity(file) !== undefined) locks.push(file);
    }
    if (dirname(cur) === cur) break;
  }
  // Without a lock file nothing says when node_modules changed: no cache.
  return locks.length === 0 ? undefined : { locks, files: folderFiles(dir) };
}

/** The entry's path for these inputs: their contents hashed (through the memo). */
function entryFile(
  cacheDir: string,
  dir: string,
  env: EnvKey,
  inputs: KeyInputs,
): string | undefined {
  const hash = createHash("sha256");
  addKeyPart(hash, "tool", TOOL_VERSION);
  // What a loaded app holds; bumped when it gains a field (2: crons), so no older entry lacks it.
  addKeyPart(hash, "format", "2");
  addKeyPart(hash, "dir", dir);
  addKeyPart(
    hash,
    "env",
    JSON.stringify([Object.entries(env.env).sort(), env.envFallback === true]),
  );
  if (env.bundleDependencies) addKeyPart(hash, "dependencies", "bundled");
  if (env.what) addKeyPart(hash, "what", env.what);
  useHashMemo(cacheDir);
  let locks = 0;
  for (const file of inputs.locks) {
    const content = contentHash(file);
    if (content !== "missing") {
      addKeyPart(hash, file, content);
      locks++;
    }
  }
  if (locks === 0) return undefined;
  for (const path of inputs.files) addKeyPart(hash, path, contentHash(path));
  saveHashMemo();
  return join(cacheDir, `loaded-${hash.digest("hex").slice(0, 24)}.json`);
}

/** True when the cache folder holds a loaded-app entry at all. */
function hasEntries(cacheDir: string): boolean {
  try {
    return readdirSync(cacheDir).some((name) => name.startsWith("loaded-"));
  } catch {
    return false;
  }
}

/** True when no file of the folder changed since `key` was computed (an edit during the load). */
function unchanged(key: Key): boolean {
  const files = key.stats.split("\n").map((line) => line.split("\0")[0]!);
  return folderStats(files, statIdentity) === key.stats;
}

function envStillReads(reads: Record<string, string | null>, env: EnvKey): boolean {
  return Object.entries(reads).every(([name, value]) => {
    const now = env.env[name] ?? process.env[name];
    if (value === null) return now === undefined;
    if (env.envFallback && value === `${PLACEHOLDER_PREFIX}${name}`) return now === undefined;
    return now === value;
  });
}

/**
 * The cached app for these inputs and its entry's id, and the key to store a fresh one under (none:
 * no cache).
 */
export function lookupLoadedApp<T = LoadedApp>(
  cacheDir: string,
  dir: string,
  root: string,
  env: EnvKey,
): { app?: T; id?: string; key?: Key } {
  const inputs = keyInputs(dir, root);
  if (!inputs) return {};
  if (!hasEntries(cacheDir)) {
    // Nothing stored yet (a first run, a CI job without a restored cache): no entry can match, so
    // the files are hashed when the result is stored (`prepareStore`, while the worker imports),
    // not before bundling. Their stat now is what `unchanged` compares with then.
    let file: string | undefined | null = null;
    const key: Key = {
      file: () => {
        if (file === null) file = entryFile(cacheDir, dir, env, inputs);
        return file;
      },
      stats: folderStats(inputs.files, statIdentity),
    };
    return { key };
  }
  const file = entryFile(cacheDir, dir, env, inputs);
  if (!file) return {};
  // As contentHash saw each file just now: no second stat per file.
  const key: Key = { file: () => file, stats: folderStats(inputs.files, hashedIdentity) };
  let entry: Entry<T>;
  try {
    entry = JSON.parse(readFileSync(file, "utf8")) as Entry<T>;
  } catch {
    return { key };
  }
  if (!Object.entries(entry.read).every(([f, r]) => unchangedSince(f, r))) return { key };
  if (!envStillReads(entry.reads, env)) return { key };
  touch(file);
  return { app: entry.app, key, ...(typeof entry.id === "string" ? { id: entry.id } : {}) };
}

/**
 * `JSON.stringify({ [field]: value, ...rest })`, with `value` given as its JSON text (a large one
 * the caller has already: stringifying it again costs ~20 ms on 1,000 functions). `rest` must hold
 * at least one defined field.
 */
export function jsonWithText(field: string, text: string, rest: object): string {
  return `{${JSON.stringify(field)}:${text},${JSON.stringify(rest).slice(1)}`;
}

/** What storing a result needs of its bundle, taken by `prepareStore`. */
export interface PreparedStore {
  file: string;
  /** Each file the bundle read outside the folder and outside node_modules, as recorded now. */
  read: Record<string, Recorded>;
}

/**
 * The part of a store that needs only the bundle: run as soon as it is built (while the worker
 * imports it, this thread waits anyway). Undefined when a file of the folder changed since `key`
 * was computed: its bundle may not match the key's contents. Once the bundle is built, no edit can
 * change the result.
 */
export function prepareStore(
  key: Key,
  dir: string,
  root: string,
  metafile: Metafile,
): PreparedStore | undefined {
  // Hashed first (when the lookup left it for now), then the stat compared: an edit since the
  // lookup shows either way.
  const file = key.file();
  if (!file || !unchanged(key)) return undefined;
  const read: Record<string, Recorded> = {};
  for (const input of Object.keys(metafile.inputs)) {
    const path = resolve(root, input);
    // Installed packages' files are the install state's, which the key already covers.
    if (relative(dir, path).startsWith("..") && !path.split(sep).includes("node_modules"))
      read[path] = record(path);
  }
  return { file, read };
}

/**
 * Stores `app` as prepared; returns the entry's id, undefined when it was not stored. `appJson`:
 * `JSON.stringify(app)`, when the caller has that text already.
 */
export function commitStore<T = LoadedApp>(
  prepared: PreparedStore | undefined,
  reads: Record<string, string | null>,
  app: T,
  appJson = JSON.stringify(app),
): string | undefined {
  if (!prepared) return undefined;
  const { file, read } = prepared;
  const id = newEntryId();
  const rest: Omit<Entry<T>, "app"> = { read, reads, id };
  const text = jsonWithText("app", appJson, rest);
  // A read-only cache: the next run loads again.
  if (!writeCacheFile(file, text)) return undefined;
  pruneEntries(dirname(file), KEEP_LOADED_ENTRIES, (name) => name.startsWith("loaded-"));
  return id;
}

/** `prepareStore` and `commitStore` at once; returns the entry's id, undefined when not stored. */
export function storeLoadedApp<T = LoadedApp>(
  key: Key,
  dir: string,
  root: string,
  metafile: Metafile,
  reads: Record<string, string | null>,
  app: T,
): string | undefined {
  return commitStore(prepareStore(key, dir, root, metafile), reads, app);
}

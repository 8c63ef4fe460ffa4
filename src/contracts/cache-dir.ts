/**
 * Where the CLI keeps its caches and temporary bundles: the app's `node_modules/.cache/
 * convex-versioned/` (where bundles must sit for the app's bare imports to resolve, and where
 * tools expect caches), else a folder of the OS temp dir named for the app, when `node_modules` is
 * read-only (Nix, locked CI images). Undefined when neither can be written: the CLI then works
 * without a cache.
 */
import { createHash, randomBytes } from "node:crypto";
import {
  accessSync,
  constants,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const found = new Map<string, string | undefined>();

function writable(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Bundles in the temp folder import the app's packages by bare name: Node finds them through a
 * `node_modules` link there to the app's own.
 */
function linkModules(temp: string, root: string): boolean {
  try {
    symlinkSync(join(root, "node_modules"), join(temp, "node_modules"), "junction");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") return false;
  }
  return true;
}

/**
 * A fresh id for a cache entry being written (72 random bits, file-name safe): it names that exact
 * content, which a later entry under the same key may not share.
 */
export const newEntryId = (): string => randomBytes(9).toString("base64url");

/** The cache folder for the app at `root` (created), or undefined when none is writable. */
export function cacheDirFor(root: string): string | undefined {
  if (!found.has(root)) {
    const own = join(root, "node_modules", ".cache", "convex-versioned");
    let dir: string | undefined = own;
    if (!writable(own)) {
      // Named only here: hashing loads node:crypto (~10 ms, on a cold run's path to esbuild).
      const temp = join(
        tmpdir(),
        `convex-versioned-${createHash("sha256").update(root).digest("hex").slice(0, 12)}`,
      );
      dir = writable(temp) && linkModules(temp, root) ? temp : undefined;
    }
    found.set(root, dir);
  }
  return found.get(root);
}

/**
 * Writes a cache file: a temp file renamed over the target, so a reader never sees half of one.
 * Best effort (no fsync; a cache entry lost in a crash is only recomputed): false when it could not
 * be written, e.g. a read-only cache, and then no temp file is left behind.
 */
export function writeCacheFile(file: string, text: string): boolean {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temp, text);
    renameSync(temp, file);
    return true;
  } catch {
    rmSync(temp, { force: true });
    return false;
  }
}

/** Marks a cache entry as just used (a hit): entries are pruned least recently used first. */
export function touch(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // read-only cache: pruning order is all that suffers
  }
}

/**
 * Deletes all but the `keep` most recently used entries in `dir` (by mtime: written, or touched
 * by a hit). Without it every edit of the folder would leave one more entry behind, forever.
 */
export function pruneEntries(
  dir: string,
  keep: number,
  isOne = (name: string) => name.endsWith(".json"),
): void {
  try {
    const entries = readdirSync(dir)
      .filter(isOne)
      .map((name) => ({ path: join(dir, name), mtime: statSync(join(dir, name)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const { path } of entries.slice(keep)) rmSync(path, { force: true });
  } catch {
    // another process pruned first, or a read-only cache: nothing to do
  }
}

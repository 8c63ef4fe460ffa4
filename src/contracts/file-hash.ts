/**
 * Content hashes of files, for the caches' keys and checks. A file is read and hashed once per
 * process (the loaded-app cache and the inference cache hash the same folder), and a stored entry
 * records each file's stat identity beside its hash: inode, size, mtime and ctime. When all four
 * are unchanged the file is taken as unchanged without reading it; ctime cannot be set back by any
 * tool (an `npm install` that keeps a package's 1985 mtimes still writes new ctimes), so a
 * rewritten file always falls through to a comparison of its content.
 *
 * The same holds across runs: `useHashMemo` loads the hashes an earlier run computed (a small file in
 * the cache folder), so a warm run stats the functions folder and the lock files instead of reading
 * and hashing them; `saveHashMemo` writes it back when something was hashed anew.
 */
import { createHash, type Hash } from "node:crypto";
import { readdirSync, readFileSync, type Stats, statSync } from "node:fs";
import { join } from "node:path";
import { writeCacheFile } from "./cache-dir.ts";

/** `seen`: its identity was found (or its content hashed) by this process, not only loaded. */
const hashes = new Map<string, { identity: string; hash: string; seen: boolean }>();

const MEMO_FILE = "file-hashes.json";
/** Where the memo loaded from, and whether a hash was computed since (it then needs saving). */
let memo: { file: string; dirty: boolean } | undefined;

/** Adds one labelled part to a cache key's hash (NUL-separated, so parts cannot run together). */
export function addKeyPart(hash: Hash, label: string, content: string | Buffer): void {
  hash.update(label);
  hash.update("\0");
  hash.update(content);
  hash.update("\0");
}

/** Loads the hashes a previous run stored in `cacheDir` (once per process; a bad file is ignored). */
export function useHashMemo(cacheDir: string): void {
  const file = join(cacheDir, MEMO_FILE);
  if (memo?.file === file) return;
  memo = { file, dirty: false };
  let stored: unknown;
  try {
    stored = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return;
  }
  if (typeof stored !== "object" || stored === null) return;
  for (const [path, pair] of Object.entries(stored)) {
    if (Array.isArray(pair) && typeof pair[0] === "string" && typeof pair[1] === "string") {
      if (!hashes.has(path)) hashes.set(path, { identity: pair[0], hash: pair[1], seen: false });
    }
  }
}

/**
 * Writes the memo back (atomically) when this run hashed a file anew; a read-only cache is fine.
 * Pairs only loaded are kept while their file is unchanged (deleted files drop out); pairs this
 * run saw are kept unstatted: a file changed since has a new identity, which the pair cannot match.
 */
export function saveHashMemo(): void {
  if (!memo?.dirty) return;
  const entries: Record<string, [string, string]> = {};
  for (const [path, { identity, hash, seen }] of hashes) {
    if (seen || statIdentity(path) === identity) entries[path] = [identity, hash];
  }
  // A read-only cache: the next run hashes again.
  if (writeCacheFile(memo.file, JSON.stringify(entries))) memo.dirty = false;
}

/** `ino:size:mtime:ctime`, or undefined when the file cannot be read. */
export function statIdentity(file: string): string | undefined {
  let st: Stats;
  try {
    st = statSync(file);
  } catch {
    return undefined;
  }
  return `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
}

/** The file's content hash ("missing" when it cannot be read), computed once per process and identity. */
export function contentHash(file: string): string {
  const identity = statIdentity(file);
  if (identity === undefined) return "missing";
  const known = hashes.get(file);
  if (known?.identity === identity) {
    known.seen = true;
    return known.hash;
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return "missing";
  }
  return hashRead(file, identity, bytes);
}

/**
 * `contentHash` of bytes the caller read itself, so a file read anyway is not read twice;
 * `identity` is the file's `statIdentity` from before the read (a file rewritten in between then
 * has a newer identity than the one recorded, and is hashed again next time).
 */
export function hashRead(file: string, identity: string, bytes: Uint8Array): string {
  const hash = hashBytes(bytes);
  hashes.set(file, { identity, hash, seen: true });
  if (memo) memo.dirty = true;
  return hash;
}

/** The content hash of `bytes`, as `contentHash` gives it for a file holding them. */
export function hashBytes(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("base64url").slice(0, 22);
}

/** The hash recorded for `file` (by this process or the memo) while it is unchanged; never reads it. */
export function knownHash(file: string): string | undefined {
  const known = hashes.get(file);
  return known !== undefined && known.identity === statIdentity(file) ? known.hash : undefined;
}

/**
 * The stat identity `contentHash` saw for `file` in this process (undefined when it never hashed
 * it, or could not read it): lets a caller snapshot a folder's state without statting it again.
 */
export function hashedIdentity(file: string): string | undefined {
  return hashes.get(file)?.identity;
}

/** A recorded file: its content hash and, since this format, its stat identity. */
export type Recorded = string | { hash: string; identity?: string };

export function record(file: string): Recorded {
  const hash = contentHash(file);
  const identity = statIdentity(file);
  return identity ? { hash, identity } : hash;
}

/** True when `file` still has the recorded content: same stat identity, else same hash. */
export function unchangedSince(file: string, recorded: Recorded): boolean {
  const { hash, identity } = typeof recorded === "string" ? { hash: recorded } : recorded;
  if (identity !== undefined && statIdentity(file) === identity) return true;
  return contentHash(file) === hash;
}

/**
 * Every file of a functions folder, in a stable order (code-unit sort per folder), leaving out
 * `node_modules` and dotfiles: what the caches key on.
 */
export function folderFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk(dir);
  return files;
}

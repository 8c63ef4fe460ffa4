/**
 * The loaded-app cache: `check` and `snapshot` on a functions folder that has not changed since the
 * last run reuse what was loaded then, instead of bundling and importing again.
 *
 * Content-addressed: the key covers every file of the functions folder, the package manager's lock
 * files and install state (what `node_modules` holds), the import environment flags and this tool's
 * version. A hit is used only if every other file the bundle read (helpers outside the folder, our
 * own runtime) still has its recorded hash, and every environment variable the app's code read at
 * import still has the value it had.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import type { Metafile } from "esbuild";
import { PLACEHOLDER_PREFIX } from "../env.ts";
import { pruneEntries } from "../infer-cache.ts";
import type { LoadedApp } from "../load.ts";
import { TOOL_VERSION } from "../tool-version.ts";

interface EnvKey {
  env: Record<string, string>;
  envFallback?: boolean;
}

interface Entry {
  app: LoadedApp;
  read: Record<string, string>;
  reads: Record<string, string | null>;
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

export const KEEP_LOADED_ENTRIES = 8;

function hashFile(file: string): string {
  try {
    return createHash("sha256").update(readFileSync(file)).digest("base64url").slice(0, 22);
  } catch {
    return "missing";
  }
}

function add(hash: ReturnType<typeof createHash>, label: string, content: string | Buffer): void {
  hash.update(label);
  hash.update("\0");
  hash.update(content);
  hash.update("\0");
}

function entryFile(cacheDir: string, dir: string, root: string, env: EnvKey): string | undefined {
  const hash = createHash("sha256");
  add(hash, "tool", TOOL_VERSION);
  add(hash, "dir", dir);
  add(hash, "env", JSON.stringify([Object.entries(env.env).sort(), env.envFallback === true]));
  let locks = 0;
  for (let cur = root; ; cur = dirname(cur)) {
    for (const name of LOCK_FILES) {
      const file = join(cur, name);
      if (existsSync(file)) {
        add(hash, file, readFileSync(file));
        locks++;
      }
    }
    if (dirname(cur) === cur) break;
  }
  // Without a lock file nothing says when node_modules changed: no cache.
  if (locks === 0) return undefined;
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
  return join(cacheDir, `loaded-${hash.digest("hex").slice(0, 24)}.json`);
}

function envStillReads(reads: Record<string, string | null>, env: EnvKey): boolean {
  return Object.entries(reads).every(([name, value]) => {
    const now = env.env[name] ?? process.env[name];
    if (value === null) return now === undefined;
    if (env.envFallback && value === `${PLACEHOLDER_PREFIX}${name}`) return now === undefined;
    return now === value;
  });
}

export function lookupLoadedApp(
  cacheDir: string,
  dir: string,
  root: string,
  env: EnvKey,
): LoadedApp | undefined {
  const file = entryFile(cacheDir, dir, root, env);
  if (!file) return undefined;
  let entry: Entry;
  try {
    entry = JSON.parse(readFileSync(file, "utf8")) as Entry;
  } catch {
    return undefined;
  }
  if (!Object.entries(entry.read).every(([f, h]) => hashFile(f) === h)) return undefined;
  if (!envStillReads(entry.reads, env)) return undefined;
  return entry.app;
}

export function storeLoadedApp(
  cacheDir: string,
  dir: string,
  root: string,
  env: EnvKey,
  metafile: Metafile,
  reads: Record<string, string | null>,
  app: LoadedApp,
): void {
  const file = entryFile(cacheDir, dir, root, env);
  if (!file) return;
  const read: Record<string, string> = {};
  for (const input of Object.keys(metafile.inputs)) {
    const path = resolve(root, input);
    if (relative(dir, path).startsWith("..")) read[path] = hashFile(path);
  }
  try {
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify({ app, read, reads } satisfies Entry));
    renameSync(temp, file);
    pruneEntries(cacheDir, KEEP_LOADED_ENTRIES, (name) => name.startsWith("loaded-"));
  } catch {
    // a read-only cache: the next run loads again
  }
}

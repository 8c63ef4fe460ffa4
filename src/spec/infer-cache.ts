/**
 * The inferred-contract cache, under `node_modules/.cache/convex-versioned/`. Inference costs about
 * a type-check of the handlers, so it is cached at two levels:
 *
 * 1. **The whole folder**, keyed by every file in it, the tsconfig files above it, the installed
 *    `convex`, `convex-helpers`, `zod` and compiler versions, and the functions asked for, plus the
 *    contents of the files outside the folder that its modules import. A hit (`snapshot` then
 *    `check`, a re-run in `npx convex deploy --cmd`) never loads the compiler.
 * 2. **Each function module**, keyed by the contents of its local import closure (`infer/graph.ts`:
 *    the module, the helpers and `_generated` files it imports, `schema.ts` through `Doc<…>`) plus
 *    the same environment. On a folder miss only the modules whose closure changed are
 *    type-checked, in one program; a module importing `_generated/api` depends on every module,
 *    which is right: its types can.
 *
 * Entries are written atomically (temp file + rename); an unreadable or torn entry is a miss.
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
import { dirname, join, relative, resolve } from "node:path";
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

/** What the last `inferCached` did, for the bench and tests. */
export interface CacheOutcome {
  level: "folder" | "modules";
  /** Function modules type-checked this time (0 on a folder hit). */
  inferredModules: number;
  /** Function modules served from their per-module entry. */
  cachedModules: number;
}

export async function inferCached(
  convexDir: string,
  wanted: string[],
  tsconfig?: string,
  outcome?: (o: CacheOutcome) => void,
): Promise<Inferred> {
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
    return { contracts: hit.contracts, diagnostics: hit.diagnostics };
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
  return result;
}

function readEntry(file: string): Inferred | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Inferred;
  } catch {
    return undefined; // no entry, or a torn one: infer
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
  for (const pkg of ["convex", "ts-compiler-api", "convex-helpers", "zod"]) {
    const path = join(root, "node_modules", pkg, "package.json");
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

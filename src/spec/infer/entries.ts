/**
 * Which files of a convex/ folder are function modules: the same choice the Convex bundler makes
 * (`convex/src/bundler/index.ts` `entryPoints`), so inferred contracts are keyed exactly like the
 * functions `npx convex deploy` would push.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

const ENTRY_EXTENSIONS = [".js", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts", ".jsx"];

export interface EntryFile {
  /** Absolute path. */
  path: string;
  /** Module path as Convex names it: relative, `/`-separated, without extension (`admin/users`). */
  module: string;
}

/** Lists the function modules of `convexDir`, sorted by module path. */
export function listEntryFiles(convexDir: string): EntryFile[] {
  const out: EntryFile[] = [];
  walk(convexDir, convexDir, out);
  return out.sort((a, b) => (a.module < b.module ? -1 : a.module > b.module ? 1 : 0));
}

function walk(root: string, dir: string, out: EntryFile[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      // Nested component definitions and dependencies are not this app's functions.
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      if (hasFile(full, "convex.config.ts")) continue;
      walk(root, full, out);
      continue;
    }
    if (!entry.isFile()) continue;
    const rel = relative(root, full);
    const base = entry.name;
    const ext = ENTRY_EXTENSIONS.find((e) => base.toLowerCase().endsWith(e));
    if (!ext) continue;
    if (rel.startsWith(`_generated${sep}`)) continue;
    if (base.startsWith(".") || base.startsWith("#")) continue;
    if (base === "schema.ts" || base === "schema.js") continue;
    // `*.test.ts`, `*.d.ts`, `convex.config.ts`: the bundler skips names with more than one dot.
    if ((base.match(/\./g) ?? []).length > 1) continue;
    if (rel.includes(" ")) continue;
    // The bundler drops TypeScript files that are not modules (no import/export).
    if (
      (ext === ".ts" || ext === ".tsx") &&
      !/^\s{0,100}(import|export)/m.test(readFileSync(full, "utf8"))
    ) {
      continue;
    }
    out.push({ path: full, module: rel.slice(0, -ext.length).split(sep).join("/") });
  }
}

function hasFile(dir: string, name: string): boolean {
  try {
    return readdirSync(dir).includes(name);
  } catch {
    return false;
  }
}

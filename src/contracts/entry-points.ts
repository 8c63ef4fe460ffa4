/**
 * Which files of a convex/ folder are function modules, by the Convex CLI's own rules
 * (`convex/src/bundler/index.ts` `entryPoints`, 1.48): a file we skip that Convex deploys would
 * hide its functions from `check`, and one we load that Convex skips (a test) could fail to import.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

const EXTENSIONS = [".js", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts", ".jsx"];

/** Convex's `consistentPathSort`: plain code-unit order, so outputs do not depend on locale. */
function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function* walk(dir: string, root: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort(byName)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      // A nested folder with its own convex.config.ts is a component: Convex deploys it apart.
      if (existsSync(join(path, "convex.config.ts"))) continue;
      yield* walk(path, root);
    } else if (entry.isFile()) {
      yield path;
    }
  }
}

/** True when Convex would bundle the file at `relPath` (relative to the functions folder). */
export function isEntryPointPath(relPath: string): boolean {
  const base = relPath.split(/[\\/]/).pop()!;
  if (!EXTENSIONS.some((ext) => relPath.endsWith(ext))) return false;
  if (relPath.startsWith(`_generated${sep}`) || relPath.startsWith("_generated/")) return false;
  if (base.startsWith(".") || base.startsWith("#")) return false;
  if (base === "schema.ts" || base === "schema.js") return false;
  // `auth.config.ts`, `convex.config.ts`, `*.test.ts`: more than one dot is never a module.
  if ((base.match(/\./g) ?? []).length > 1) return false;
  if (relPath.includes(" ")) return false;
  return true;
}

/** Absolute paths of the function modules in `dir`, in Convex's order. */
export function findEntryPoints(dir: string): string[] {
  const found: string[] = [];
  for (const path of walk(dir, dir)) {
    if (!isEntryPointPath(relative(dir, path))) continue;
    // Convex drops TypeScript files with no import/export line (they would not be modules).
    if (
      (path.endsWith(".ts") || path.endsWith(".tsx")) &&
      !/^\s{0,100}(import|export)/m.test(readFileSync(path, "utf8"))
    ) {
      continue;
    }
    found.push(path);
  }
  return found;
}

/** `admin/users.ts` → `admin/users`: the module part of a function identifier. */
export function modulePath(dir: string, file: string): string {
  return relative(dir, file)
    .split(sep)
    .join("/")
    .replace(/\.[^./]+$/, "");
}

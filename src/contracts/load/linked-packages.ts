/**
 * Packages the app links from its own workspace (npm, pnpm, yarn and bun workspaces, `file:` and
 * `link:` dependencies): in node_modules, a link to a folder outside every node_modules. Convex
 * bundles them with the app like everything else, and they often export their TypeScript source
 * (`"exports": "./src/index.ts"`), which Node cannot import. So the loader bundles them too, with
 * what they import that the app does not declare (their own dependencies may be installed only
 * beside them); see ./bundled-packages.ts for what stays an import.
 *
 * Found from the app's package.json: each declared dependency is looked up in the node_modules
 * folders from the app up, as Node looks it up. A few `lstat`s; nothing when no dependency is a
 * link (a plain npm install has none).
 */
import { lstatSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import type { PackageFolders } from "./bundled-packages.ts";

const DEPENDENCY_FIELDS = [
  "dependencies",
  "devDependencies",
  "optionalDependencies",
  "peerDependencies",
] as const;

/** The names in the app's package.json dependency fields. */
export function declaredDependencies(root: string): string[] {
  try {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Record<
      string,
      unknown
    >;
    const names = new Set<string>();
    for (const field of DEPENDENCY_FIELDS) {
      const deps = pkg[field];
      if (deps && typeof deps === "object") for (const name of Object.keys(deps)) names.add(name);
    }
    return [...names];
  } catch {
    return []; // no readable package.json: nothing is linked as far as the loader can tell
  }
}

const isInstalled = (path: string) => path.split(sep).includes("node_modules");

/** Where Node finds `name` from `root`: the first node_modules folder up that holds it. */
export function installedPath(root: string, name: string): string | undefined {
  for (let dir = root; ; dir = dirname(dir)) {
    const path = join(dir, "node_modules", name);
    try {
      lstatSync(path);
      return path;
    } catch {
      if (dirname(dir) === dir) return undefined;
    }
  }
}

/** The app's dependencies that are links into its workspace, by name. */
export function linkedPackages(root: string): PackageFolders {
  const linked = new Map<string, string>();
  for (const name of declaredDependencies(root)) {
    const path = installedPath(root, name);
    if (!path || !lstatSync(path).isSymbolicLink()) continue;
    try {
      const real = realpathSync(path);
      if (!isInstalled(real)) linked.set(name, real);
    } catch {
      // a dangling link: Node cannot import it either, and says so at import
    }
  }
  return linked;
}

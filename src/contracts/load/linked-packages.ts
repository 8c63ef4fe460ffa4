/**
 * Packages the app links from its own workspace (npm, pnpm, yarn and bun workspaces, `file:` and
 * `link:` dependencies): in node_modules, a link to a folder outside every node_modules. Convex
 * bundles them with the app like everything else, and they often export their TypeScript source
 * (`"exports": "./src/index.ts"`), which Node cannot import. So the loader bundles them too, and
 * everything they import but `convex` (their own dependencies may be installed only beside them),
 * while every other bare import stays an import that Node resolves from the app's node_modules.
 *
 * Found from the app's package.json: each declared dependency is looked up in the node_modules
 * folders from the app up, as Node looks it up. A few `lstat`s; nothing when no dependency is a
 * link (a plain npm install has none).
 */
import { lstatSync, readFileSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, join, sep } from "node:path";
import type { Plugin } from "esbuild";

/** Package name → the folder it really is. */
export type LinkedPackages = ReadonlyMap<string, string>;

const DEPENDENCY_FIELDS = [
  "dependencies",
  "devDependencies",
  "optionalDependencies",
  "peerDependencies",
] as const;

function declared(root: string): string[] {
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
function installed(root: string, name: string): string | undefined {
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
export function linkedPackages(root: string): LinkedPackages {
  const linked = new Map<string, string>();
  for (const name of declared(root)) {
    const path = installed(root, name);
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

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

/**
 * Bare imports stay imports (as `packages: "external"` keeps them), except a linked package's, and
 * any import made from inside one, which are bundled; `convex` always stays an import, so the app
 * and its linked packages share the one instance the loader reads.
 */
export function linkedPackagesPlugin(linked: LinkedPackages): Plugin {
  const folders = [...linked.values()].map((dir) => dir + sep);
  return {
    name: "convex-versioned-linked-packages",
    setup(build) {
      // Not relative, not absolute, not a `#` subpath import: a package (or a Node built-in).
      build.onResolve({ filter: /^[^./#]/ }, (args) => {
        if (isAbsolute(args.path)) return undefined;
        const name = packageName(args.path);
        if (name === "convex") return { path: args.path, external: true };
        if (linked.has(name)) return undefined;
        if (folders.some((folder) => args.importer.startsWith(folder))) return undefined;
        return { path: args.path, external: true };
      });
    },
  };
}

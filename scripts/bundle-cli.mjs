/**
 * `npm run build`, second step: the CLI as one ES module (`dist/cli/index.js`, overwriting tsc's
 * output of it) plus chunks for what commands import on use (`dist/cli-chunks/`), so a run loads a
 * few files instead of ~60 (about 130 ms of a warm `check`). Packages stay imports (the app's or
 * our dependencies); `dist/contracts/load/runtime.js` stays a file of its own, compiled into the
 * app's bundle at load time. Chunks sit at the same depth as `dist/cli/`, so paths relative to
 * `import.meta.url` (`../../package.json`) mean the same from either.
 *
 * Plain JavaScript so the build needs no TypeScript runner; esbuild is a dev dependency.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const require = createRequire(import.meta.url);
const repo = fileURLToPath(new URL("..", import.meta.url));
rmSync(`${repo}/dist/cli-chunks`, { recursive: true, force: true });
/**
 * Node's built-in modules load on first use, not at start. An ES import of `node:fs` builds a
 * namespace of every export, and reading its `ReadStream` loads Node's whole stream stack; importing
 * `node:child_process` (commander does, so do `--baseline git:` and the checker) loads sockets and
 * streams too: together ~25 ms of a warm `check` that spawns nothing. Each built-in becomes an
 * object of getters (its export names read here, at build time) that `require()` it when first read.
 *
 * esbuild hands each importing module its own copy of such an object (`__toESM` defines a getter
 * per export): with every export of `node:fs` and `node:path` that was ~3,500 getters defined at
 * each start. A module of ours gets getters for the names it imports; CommonJS code (commander)
 * and anything not read plainly here gets them all.
 */
/** Each importer's source, read once. */
const sources = new Map();
/** The names `importer` imports from `builtin` (`import { a, b as c } from "node:x"`), or undefined. */
function namesImported(importer, builtin) {
  let source = sources.get(importer);
  if (source === undefined) {
    source = existsSync(importer) ? readFileSync(importer, "utf8") : "";
    sources.set(importer, source);
  }
  const names = new Set();
  const statement = /import\s*\{([^}]*)\}\s*from\s*"([^"]+)"/g;
  for (const [, list, from] of source.matchAll(statement)) {
    if (from !== builtin) continue;
    for (const part of list.split(",")) {
      const name = part
        .trim()
        .split(/\s+as\s+/)[0]
        .trim();
      if (name === "" || name.startsWith("type ")) continue;
      if (!/^[A-Za-z_$][\w$]*$/.test(name)) return undefined;
      names.add(name);
    }
  }
  // Another form (a namespace or default import) would need every name.
  const other = new RegExp(`import\\s+(\\*|[A-Za-z_$][\\w$]*)[^;]*from\\s*"${builtin}"`);
  return names.size > 0 && !other.test(source) ? [...names].sort() : undefined;
}

const lazyBuiltins = {
  name: "lazy-builtins",
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (args) => {
      if (args.namespace === "builtin") return { path: args.path, external: true };
      const names =
        args.kind === "import-statement" ? namesImported(args.importer, args.path) : undefined;
      return { path: names ? `${args.path}?${names.join(",")}` : args.path, namespace: "builtin" };
    });
    build.onLoad({ filter: /.*/, namespace: "builtin" }, (args) => {
      const [builtin, list] = args.path.split("?");
      const names =
        list?.split(",") ?? Object.keys(require(builtin)).filter((name) => name !== "default");
      const getters = names
        .map(
          (name) =>
            `${JSON.stringify(name)}: { get: () => load()[${JSON.stringify(name)}], enumerable: true }`,
        )
        .join(",\n");
      return {
        contents: `let loaded;\nconst load = () => (loaded ??= require(${JSON.stringify(builtin)}));\nObject.defineProperties(module.exports, {\n${getters}\n});\n`,
        loader: "js",
      };
    });
  },
};

await esbuild.build({
  absWorkingDir: repo,
  entryPoints: [{ in: "src/cli/index.ts", out: "cli/index" }],
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // commander is bundled (no resolution or CommonJS loading at run time); the
  // rest are the app's packages (convex, its esbuild), peers (zod) or the checker (typescript).
  external: [
    "convex",
    "convex/*",
    "convex-helpers",
    "convex-helpers/*",
    "zod",
    "zod/*",
    "esbuild",
    "typescript",
    "typescript/*",
  ],
  banner: {
    js: 'import { createRequire as __cvCreateRequire } from "node:module"; const require = __cvCreateRequire(import.meta.url);',
  },
  chunkNames: "cli-chunks/[name]-[hash]",
  sourcemap: true,
  // Whitespace and syntax only (names stay, and the source maps map back): Node compiles every
  // module the CLI loads on every run, and less text is less to compile (0.972 of a warm
  // `check`'s CPU time over 15 interleaved runs).
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: "warning",
  plugins: [lazyBuiltins],
});

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
import { rmSync } from "node:fs";
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
 */
const lazyBuiltins = {
  name: "lazy-builtins",
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (args) =>
      args.namespace === "builtin"
        ? { path: args.path, external: true }
        : { path: args.path, namespace: "builtin" },
    );
    build.onLoad({ filter: /.*/, namespace: "builtin" }, (args) => {
      const names = Object.keys(require(args.path)).filter((name) => name !== "default");
      const getters = names
        .map(
          (name) =>
            `${JSON.stringify(name)}: { get: () => load()[${JSON.stringify(name)}], enumerable: true }`,
        )
        .join(",\n");
      return {
        contents: `let loaded;\nconst load = () => (loaded ??= require(${JSON.stringify(args.path)}));\nObject.defineProperties(module.exports, {\n${getters}\n});\n`,
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
  logLevel: "warning",
  plugins: [lazyBuiltins],
});

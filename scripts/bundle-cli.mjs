/**
 * `npm run build`, second step: the CLI as one ES module, `dist/cli/index.js` (overwriting tsc's
 * output of it). One file, not a split build: esbuild split the CLI's ~30 lazy imports into ~70
 * chunks, 41 of which a `check` loaded, and Node's per-module cost made that 0.917 of a warm
 * `check` (15 interleaved pairs) against this build. What a command imports on use is still
 * initialized on use (esbuild's lazy module wrappers). Packages stay imports (the app's or our
 * dependencies), loaded on use too (`lazyExternals`); `dist/contracts/load/runtime.js` stays a
 * file of its own, compiled into the app's bundle at load time.
 *
 * Plain JavaScript so the build needs no TypeScript runner; esbuild is a dev dependency.
 */
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { EXTERNAL, lazyBuiltins, lazyExternals } from "./cli-build-plugins.mjs";

const repo = fileURLToPath(new URL("..", import.meta.url));
// Builds before this one split the CLI into chunks here.
rmSync(`${repo}/dist/cli-chunks`, { recursive: true, force: true });

await esbuild.build({
  absWorkingDir: repo,
  entryPoints: [{ in: "src/cli/index.ts", out: "cli/index" }],
  outdir: "dist",
  bundle: true,
  splitting: false,
  format: "esm",
  platform: "node",
  target: "node20",
  // commander is bundled (no resolution or CommonJS loading at run time); the
  // rest are the app's packages (convex, its esbuild), peers (zod) or the checker (typescript).
  external: EXTERNAL.flatMap((name) => [name, `${name}/*`]),
  banner: {
    js: 'import { createRequire as __cvCreateRequire } from "node:module"; const require = __cvCreateRequire(import.meta.url);',
  },
  sourcemap: true,
  // Whitespace and syntax only (names stay, and the source maps map back): Node compiles every
  // module the CLI loads on every run, and less text is less to compile (0.972 of a warm
  // `check`'s CPU time over 15 interleaved runs).
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: "warning",
  plugins: [lazyBuiltins, lazyExternals],
});

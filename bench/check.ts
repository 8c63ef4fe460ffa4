/**
 * `check` on the generated app of 1,000 functions (200 modules, bench/app.ts), IN PROCESS: the
 * command itself minus printing (`runCheck`: bundle + import + read the folder, read the lock file,
 * compare, render), against esbuild bundling that app in the same process. This is the in-process
 * figure; the budget (DESIGN.md, issue #10: ≤ 3× the deploy-style esbuild bundle, aim 2×) is
 * judged on whole processes by bench/cli.ts.
 *
 * Two yardsticks, interleaved with `check` in one process:
 * - plain esbuild bundling of the folder (every import bundled: `esbuild --bundle`'s default;
 *   the in-process ratio is against this one);
 * - esbuild with the loader's own options (bare imports left to Node): faster, so the ratio to it
 *   is the loader's whole overhead on top of its own build. Printed as the stricter figure.
 *
 * Run: npx tsx bench/check.ts   (last line: one JSON object of figures)
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { runCheck } from "../src/cli/commands/check-run.ts";
import type { CliIo } from "../src/cli/io.ts";
import { modulePath } from "../src/contracts/entry-points.ts";
import { findEntryPoints, loadConvexDir, writeLockFile } from "../src/contracts/index.ts";
import { BENCH_NOW, FUNCTIONS, generateApp, MODULES } from "./app.ts";

const ROUNDS = 7;

const root = fileURLToPath(new URL("./.generated/check/", import.meta.url));
const dir = join(root, "convex");

/**
 * Plain esbuild bundling of the folder (`external` false: every import bundled, as `esbuild
 * --bundle` does by default), or with the loader's own options (`external` true: bare imports
 * left to Node), which is faster and so the stricter yardstick.
 */
async function esbuildAlone(external: boolean): Promise<number> {
  const entries = findEntryPoints(dir);
  const outdir = join(root, "node_modules/.cache/esbuild-only");
  const start = performance.now();
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: entries.map((file) => ({ in: file, out: modulePath(dir, file) })),
    outdir,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    splitting: true,
    ...(external ? { packages: "external" as const, outExtension: { ".js": ".mjs" } } : {}),
    logLevel: "silent",
    write: true,
  });
  const ms = performance.now() - start;
  rmSync(outdir, { recursive: true, force: true });
  return ms;
}

const lock = join(root, "convex-versioned.lock.json");

const silent: CliIo = { cwd: root, env: {}, stdout: () => {}, stderr: () => {}, isTTY: false };

/**
 * The `check` command itself, minus printing: load, read the lock, compare, render. Validator-only
 * (`--no-infer-returns`): the inferred-contract cost is measured by bench/infer.ts.
 */
async function check(): Promise<number> {
  const start = performance.now();
  const result = await runCheck(
    { convexDir: "convex", now: BENCH_NOW, format: "text", inferReturns: false },
    silent,
  );
  const ms = performance.now() - start;
  if (result.exitCode !== 0)
    throw new Error(`the generated app must pass against its own lock:\n${result.output}`);
  return ms;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

generateApp(root);
const { warnings: _w, ...app } = await loadConvexDir(dir);
const functions = Object.keys(app.functions).length;
if (functions !== FUNCTIONS) throw new Error(`expected ${FUNCTIONS} functions, got ${functions}`);
await writeLockFile(lock, app);

// Warm-up: the first import of convex/server, zod, etc. is paid once per process by both sides.
await esbuildAlone(true);
await check();

const plain: number[] = [];
const loaderBuild: number[] = [];
const checks: number[] = [];
const steps: [number[], () => Promise<number>][] = [
  [plain, () => esbuildAlone(false)],
  [loaderBuild, () => esbuildAlone(true)],
  [checks, check],
];
for (let round = 0; round < ROUNDS; round++) {
  // Interleaved, rotating order, so drift (thermal, GC, page cache) hits every side alike.
  for (let i = 0; i < steps.length; i++) {
    const [times, run] = steps[(round + i) % steps.length]!;
    times.push(await run());
  }
}

const plainMs = median(plain);
const loaderBuildMs = median(loaderBuild);
const checkMs = median(checks);
const ratio = checkMs / plainMs;
const strictRatio = checkMs / loaderBuildMs;
console.log(
  `check on ${functions} functions in ${MODULES} modules (${ROUNDS} interleaved rounds, medians):`,
);
console.log(`  esbuild alone, plain bundle:                 ${plainMs.toFixed(0)} ms`);
console.log(`  esbuild alone, loader's options (external):  ${loaderBuildMs.toFixed(0)} ms`);
console.log(`  check (load + lock + compare + render):      ${checkMs.toFixed(0)} ms`);
console.log(
  `  ratio check / plain bundle: ${ratio.toFixed(2)}x (in process; the budget is judged by bench/cli.ts)`,
);
console.log(`  ratio check / loader's own build (stricter): ${strictRatio.toFixed(2)}x`);
console.log(
  JSON.stringify({
    bench: "check",
    functions,
    modules: MODULES,
    rounds: ROUNDS,
    esbuildPlainMs: Math.round(plainMs),
    esbuildLoaderOptionsMs: Math.round(loaderBuildMs),
    checkMs: Math.round(checkMs),
    ratio: Number(ratio.toFixed(3)),
    strictRatio: Number(strictRatio.toFixed(3)),
    inProcess: true,
  }),
);

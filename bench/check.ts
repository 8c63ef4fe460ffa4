/**
 * Budget (DESIGN.md): `check` on a generated app of 1,000 functions (200 modules) takes ≤ 2× the
 * time esbuild alone needs to bundle that app. `check` here is the command itself minus printing
 * (`runCheck`: bundle + import + read the folder, read the lock file, compare, render).
 *
 * Two yardsticks, interleaved with `check` in one process:
 * - plain esbuild bundling of the folder (every import bundled: `esbuild --bundle`'s default;
 *   the budget is judged against this one);
 * - esbuild with the loader's own options (bare imports left to Node): faster, so the ratio to it
 *   is the loader's whole overhead on top of its own build. Printed as the stricter figure.
 *
 * Run: npx tsx bench/check.ts   (last line: one JSON object of figures)
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { runCheck } from "../src/cli/commands/check.ts";
import type { CliIo } from "../src/cli/io.ts";
import { modulePath } from "../src/contracts/entry-points.ts";
import { findEntryPoints, loadConvexDir, writeLockFile } from "../src/contracts/index.ts";

const MODULES = 200;
/** Three plain functions and one versioned definition with two exports. */
const PER_MODULE = 5;
const ROUNDS = 7;

const root = fileURLToPath(new URL("./.generated/check/", import.meta.url));
const dir = join(root, "convex");

/** One module: three plain functions of every kind and one versioned definition (two exports). */
function moduleSource(m: number): string {
  return `import { v } from "convex/values";
import { defineVersioned } from "convex-versioned";
import { internalMutation, mutation, query } from "../_generated/server";

const item = v.object({ id: v.string(), title: v.string(), tags: v.array(v.string()), score: v.optional(v.number()) });

export const list${m} = query({
  args: { cursor: v.optional(v.string()), limit: v.number(), filter: v.union(v.literal("all"), v.literal("mine")) },
  returns: v.array(item),
  handler: async () => [],
});
export const create${m} = mutation({
  args: { title: v.string(), tags: v.array(v.string()), meta: v.record(v.string(), v.number()) },
  returns: v.string(),
  handler: async () => "x",
});
export const cleanup${m} = internalMutation({ args: { olderThan: v.number() }, handler: async () => {} });

export const { get${m}, fetch${m} } = defineVersioned(query, { name: "get${m}" })
  .version("2026-01-01", {
    name: "fetch${m}",
    args: { key: v.string() },
    returns: v.union(item, v.null()),
    deprecated: { since: "2026-06-01", removeAfter: "2026-12-01" },
  })
  .version("2026-06-01", {
    args: { id: v.string() },
    up: (prev) => ({ id: prev.key }),
  })
  .handler(async () => null);
`;
}

function generate(): void {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(dir, "_generated"), { recursive: true });
  writeFileSync(
    join(dir, "_generated/server.ts"),
    `export { internalMutationGeneric as internalMutation, mutationGeneric as mutation, queryGeneric as query } from "convex/server";\n`,
  );
  for (let m = 0; m < MODULES; m++) {
    const sub = join(dir, `area${m % 10}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `mod${m}.ts`), moduleSource(m));
  }
}

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
    { convexDir: "convex", now: "2026-07-01", format: "text", inferReturns: false },
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

generate();
writeFileSync(join(root, "package.json"), "{}\n");
const { warnings: _w, ...app } = await loadConvexDir(dir);
const functions = Object.keys(app.functions).length;
if (functions !== MODULES * PER_MODULE)
  throw new Error(`expected ${MODULES * PER_MODULE} functions, got ${functions}`);
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
  `  ratio check / plain bundle: ${ratio.toFixed(2)}x (budget 2x) ${ratio <= 2 ? "OK" : "OVER BUDGET"}`,
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
    budget: 2,
    withinBudget: ratio <= 2,
  }),
);

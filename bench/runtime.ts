/**
 * Runtime cost of serving an old version, in one run:
 *
 * a. through convex-test (`bench/runtime.bench-run.test.ts`, run by vitest in edge-runtime as the
 *    runtime tests are): 10,000 calls by string path through an old version (one `up`, one `down`,
 *    default sampled logging) vs the current export vs a hand-written query doing the same work,
 *    interleaved in blocks of 100. Budgets: old/current ≤ 1.05, current/plain ≤ 1.05 (DESIGN.md).
 *    Then the same definition with zod schemas: old version / current export, interleaved pairs
 *    (the old call also parses the current version's args after `up` and its returns before `down`).
 * b. the library's own per-call cost outside convex-test: each registered function's `_handler`
 *    called directly with a fake ctx, millions of calls, ns per call.
 *
 * Run: `npx tsx bench/runtime.ts` (`BENCH_CALLS=N` changes a's call count). The last line of output is
 * one JSON object with the figures.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { echo, echoPlain, echoV1 } from "./fixtures/echo.ts";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
/** DESIGN.md: an old-version call ≤ 1.03× the current export; the current export ≤ 1.02× plain. */
const BUDGET = 1.03;
const BUDGET_CURRENT = 1.02;

interface ConvexTestFigures {
  calls: number;
  block: number;
  rounds: number;
  warmup: number;
  seconds: number;
  medianUs: { old: number; current: number; plain: number };
  pairedRatio: { oldOverCurrent: number; currentOverPlain: number };
  zod: { medianUs: { old: number; current: number }; oldOverCurrent: number };
  logLines: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** a. convex-test, in a vitest child process (edge-runtime, the project's aliases). */
function throughConvexTest(): ConvexTestFigures {
  const dir = mkdtempSync(join(tmpdir(), "cv-bench-runtime-"));
  const out = join(dir, "figures.json");
  try {
    const child = spawnSync(
      process.execPath,
      [
        join(repo, "node_modules/vitest/vitest.mjs"),
        "run",
        "--config",
        "bench/vitest.config.ts",
        "--reporter=dot",
      ],
      { cwd: repo, encoding: "utf8", env: { ...process.env, BENCH_OUT: out } },
    );
    if (child.status !== 0) {
      throw new Error(
        `the convex-test run failed (exit ${child.status}):\n${child.stdout}\n${child.stderr}`,
      );
    }
    return JSON.parse(readFileSync(out, "utf8")) as ConvexTestFigures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Handler = (ctx: unknown, args: unknown) => Promise<unknown>;
/** `_handler` is @internal in convex's types, but it is what convex-test and the node executor run. */
const handlerOf = (fn: unknown): Handler => (fn as { _handler: Handler })._handler;

/** b. The registered functions' handlers with a fake ctx: the library's own cost, nothing else. */
async function shimCost(callsPerArm: number, block: number) {
  const ctx = { db: { get: async () => ({ name: "general" }) } };
  const current = { channelId: "channels|1", text: "hi", format: "plain" };
  const arms = {
    old: [handlerOf(echoV1), { channelId: "channels|1", body: "hi", kind: "plain" }],
    current: [handlerOf(echo), current],
    plain: [handlerOf(echoPlain), current],
  } as const;
  const names = Object.keys(arms) as (keyof typeof arms)[];
  for (const name of names) {
    const [fn, args] = arms[name];
    for (let i = 0; i < 50_000; i++) await fn(ctx, args);
  }
  const ns: Record<keyof typeof arms, number[]> = { old: [], current: [], plain: [] };
  const rounds = Math.ceil(callsPerArm / block);
  for (let round = 0; round < rounds; round++) {
    // Rotate which arm goes first, so no arm always follows the same one.
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length]!;
      const [fn, args] = arms[name];
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < block; i++) await fn(ctx, args);
      ns[name].push(Number(process.hrtime.bigint() - t0) / block);
    }
  }
  const paired = (a: keyof typeof arms, b: keyof typeof arms) =>
    median(ns[a].map((value, round) => value / ns[b][round]!));
  return {
    callsPerArm: rounds * block,
    medianNs: { old: median(ns.old), current: median(ns.current), plain: median(ns.plain) },
    oldOverCurrent: paired("old", "current"),
    currentOverPlain: paired("current", "plain"),
    oldMinusCurrentNs: median(ns.old.map((value, round) => value - ns.current[round]!)),
  };
}

const started = performance.now();
const a = throughConvexTest();
console.log("(the library's sampled log line, printed once by the first old-version call below)");
const b = await shimCost(2_000_000, 20_000);
const seconds = (performance.now() - started) / 1000;

const ok = (ratio: number) => (ratio <= BUDGET ? "OK" : "OVER BUDGET");
const f2 = (x: number) => x.toFixed(2);
const f3 = (x: number) => x.toFixed(3);
console.log(
  `\na. convex-test, ${a.calls.toLocaleString("en")} calls per arm in ${a.rounds} interleaved rounds of ${a.block} (medians per call):`,
);
console.log(`  old version (up + handler + down, sampled log): ${f2(a.medianUs.old)} µs`);
console.log(`  current export:                                 ${f2(a.medianUs.current)} µs`);
console.log(`  plain hand-written query:                       ${f2(a.medianUs.plain)} µs`);
console.log(
  `  old / current:   ${f3(a.pairedRatio.oldOverCurrent)} (budget ${BUDGET}) ${ok(a.pairedRatio.oldOverCurrent)}`,
);
console.log(
  `  current / plain: ${f3(a.pairedRatio.currentOverPlain)} (budget ${BUDGET_CURRENT}) ${a.pairedRatio.currentOverPlain <= BUDGET_CURRENT ? "OK" : "OVER BUDGET"}`,
);
console.log(
  `  zod, old version / current export: ${f3(a.zod.oldOverCurrent)} (${f2(a.zod.medianUs.old)} / ${f2(a.zod.medianUs.current)} µs) (budget ${BUDGET}) ${ok(a.zod.oldOverCurrent)}`,
);
console.log(
  `  library log lines during the run: ${a.logLines} (sampled: one per minute per version)`,
);
console.log(
  `\nb. _handler with a fake ctx, ${b.callsPerArm.toLocaleString("en")} calls per arm (medians per call):`,
);
console.log(`  old version:    ${b.medianNs.old.toFixed(0)} ns`);
console.log(`  current export: ${b.medianNs.current.toFixed(0)} ns`);
console.log(`  plain function: ${b.medianNs.plain.toFixed(0)} ns`);
console.log(
  `  old − current: ${b.oldMinusCurrentNs.toFixed(0)} ns per call (old / current ${f2(b.oldOverCurrent)}, current / plain ${f2(b.currentOverPlain)})`,
);
console.log(`\n  total ${seconds.toFixed(1)} s`);
console.log(
  JSON.stringify({
    bench: "runtime",
    convexTest: {
      calls: a.calls,
      rounds: a.rounds,
      block: a.block,
      medianUs: {
        old: Number(f3(a.medianUs.old)),
        current: Number(f3(a.medianUs.current)),
        plain: Number(f3(a.medianUs.plain)),
      },
      oldOverCurrent: Number(f3(a.pairedRatio.oldOverCurrent)),
      currentOverPlain: Number(f3(a.pairedRatio.currentOverPlain)),
      zod: {
        medianUs: {
          old: Number(f3(a.zod.medianUs.old)),
          current: Number(f3(a.zod.medianUs.current)),
        },
        oldOverCurrent: Number(f3(a.zod.oldOverCurrent)),
      },
      logLines: a.logLines,
    },
    handler: {
      callsPerArm: b.callsPerArm,
      medianNs: {
        old: Math.round(b.medianNs.old),
        current: Math.round(b.medianNs.current),
        plain: Math.round(b.medianNs.plain),
      },
      oldMinusCurrentNs: Math.round(b.oldMinusCurrentNs),
      oldOverCurrent: Number(f3(b.oldOverCurrent)),
      currentOverPlain: Number(f3(b.currentOverPlain)),
    },
    budget: BUDGET,
    budgetCurrent: BUDGET_CURRENT,
    withinBudget:
      a.pairedRatio.oldOverCurrent <= BUDGET &&
      a.pairedRatio.currentOverPlain <= BUDGET_CURRENT &&
      a.zod.oldOverCurrent <= BUDGET,
    seconds: Number(seconds.toFixed(1)),
  }),
);

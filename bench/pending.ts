/**
 * `check --pending` as a user meets it (DESIGN.md "Budgets": `check --pending` on 100,000 jobs ≤ 1.5×
 * `check` alone, at flat memory): whole processes (`node bin/convex-versioned.js …`, cwd = the app),
 * interleaved A/B pairs after a warm-up pair, the median of the per-pair ratios.
 *
 * The app: bench/app.ts's 1,000 functions in 200 modules (bench/.generated/pending), its lock
 * written by `snapshot --no-infer-returns`. The jobs: 100,000 `_scheduled_functions` documents
 * across 50 functions (25 internal mutations `cleanup{m}`, 25 mutations `create{m}` with a record
 * arg), written in the Convex CLI's `data --format jsonl` syntax (every tenth job's args carry a
 * `NaN`, which only that printer writes, so the reader's rewrite runs as well as JSON.parse); one job in a thousand holds
 * args the new validator rejects, so the judge also builds findings and witnesses.
 *
 * - warm:   A = `check --no-infer-returns --pending jobs-100k.jsonl`, B = the same without
 *           `--pending`; both warm (the loaded-app cache kept), the harshest ratio: B is smallest.
 * - cold:   the same pair with the app's cache folder deleted before each run (how a fresh CI
 *           runner meets it: the app is bundled and imported every time).
 * - memory: peak RSS of the whole process tree (bench/process.ts) of A on 10,000 and on 100,000
 *           jobs; flat means the ratio stays near 1 (the jobs stream, nothing is kept per job).
 *
 * Run: npx tsx bench/pending.ts [--rounds N] [--no-build]  (last line: one JSON object of figures;
 * exit 1 when the time budget is missed)
 */
import { createWriteStream, existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BENCH_NOW, generateApp } from "./app.ts";
import { interleavedPairs, median, runOk, runProcess } from "./process.ts";
import { random } from "./random.ts";

const BUDGET = 1.5;
const FUNCTIONS = 50;
const repo = fileURLToPath(new URL("../", import.meta.url));
const root = fileURLToPath(new URL("./.generated/pending/", import.meta.url));
const bin = join(repo, "bin/convex-versioned.js");
const node = process.execPath;

let rounds = 7;
let build = true;
for (let i = 2; i < process.argv.length; i++) {
  const arg = process.argv[i]!;
  if (arg === "--rounds") rounds = Number(process.argv[++i]);
  else if (arg === "--no-build") build = false;
  else throw new Error(`unknown argument ${arg} (--rounds N, --no-build)`);
}
if (!Number.isInteger(rounds) || rounds < 1) throw new Error("--rounds N: a whole number ≥ 1");

const env: NodeJS.ProcessEnv = { ...process.env };
delete env.NODE_OPTIONS;
const log = (line: string) => process.stderr.write(`${line}\n`);

if (build) {
  log("npm run build …");
  await runOk("npm", ["run", "build"], { cwd: repo, env });
}
if (!existsSync(join(repo, "dist/cli/index.js")))
  throw new Error("dist/ is missing: run `npm run build` (or drop --no-build).");

generateApp(root, { linkPackage: true });

/** Writes `count` documents as `npx convex data _scheduled_functions --format jsonl` prints them. */
async function writeJobs(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  const rnd = random(13);
  const start = Date.parse("2026-12-01T00:00:00Z");
  for (let i = 0; i < count; i++) {
    const f = Math.floor(rnd() * FUNCTIONS);
    const m = Math.floor(f / 2);
    const bad = rnd() < 0.001;
    const special = i % 10 === 0;
    const args =
      f % 2 === 0
        ? `{ "olderThan": ${bad ? '"30"' : Math.floor(rnd() * 90)} }`
        : `{ "meta": { "a": 1, "b": ${special ? "NaN" : "2"} }, "tags": ["x", "y"], "title": "t${i}" }`;
    const name = f % 2 === 0 ? `cleanup${m}` : `create${m}`;
    const state = rnd() < 0.9 ? "pending" : "inProgress";
    const line = `{ "_creationTime": ${start - 86_400_000 + i}, "_id": "kx${i.toString(36)}", "args": [${args}], "name": "area${m % 10}/mod${m}.js:${name}", "scheduledTime": ${start + i * 1000}, "state": { "kind": "${state}" } }\n`;
    if (!out.write(line)) await new Promise<void>((r) => out.once("drain", () => r()));
  }
  await new Promise<void>((r) => out.end(r));
}

const jobs100k = join(root, "jobs-100k.jsonl");
const jobs10k = join(root, "jobs-10k.jsonl");
await writeJobs(jobs100k, 100_000);
await writeJobs(jobs10k, 10_000);

const cli = (args: string[], expectCode = 0) =>
  runOk(node, [bin, ...args], { cwd: root, env, expectCode });
const CHECK = ["check", "--no-infer-returns", "--now", BENCH_NOW];
const pending = (file: string) => [...CHECK, "--pending", file];

await cli(["snapshot", "--no-infer-returns"]);
// Once each, untimed: the cache is filled and both sides give the expected verdicts.
await cli(CHECK);
const first = await cli([...pending(jobs100k), "--format", "json"], 1);
const result = JSON.parse(first.stdout) as {
  changes: { rule: string; pending?: { jobs: number } }[];
  pending: { judged: number };
};
if (result.pending.judged !== 100_000)
  throw new Error(`expected 100,000 jobs judged, got ${result.pending.judged}`);
const rejected = result.changes
  .filter((c) => c.rule === "PENDING_ARGS_REJECTED")
  .reduce((n, c) => n + (c.pending?.jobs ?? 0), 0);
log(`100,000 jobs judged; ${rejected} rejected (PENDING_ARGS_REJECTED)`);

const onPair = (round: number, a: number, b: number) =>
  log(`  pair ${round + 1}: ${a.toFixed(0)} ms / ${b.toFixed(0)} ms = ${(a / b).toFixed(3)}`);
log(`warm: ${rounds} interleaved pairs (check --pending 100k / check) …`);
const time = await interleavedPairs(
  rounds,
  async () => (await cli(pending(jobs100k), 1)).ms,
  async () => (await cli(CHECK)).ms,
  onPair,
);
const cacheDir = join(root, "node_modules/.cache/convex-versioned");
const cold = async (args: string[], code: number) => {
  rmSync(cacheDir, { recursive: true, force: true });
  return (await cli(args, code)).ms;
};
log(`cold: ${rounds} interleaved pairs, the app's cache deleted before each run …`);
const coldTime = await interleavedPairs(
  rounds,
  () => cold(pending(jobs100k), 1),
  () => cold(CHECK, 0),
  onPair,
);

log("memory: peak RSS of the process tree, 10k and 100k jobs (3 runs each, interleaved) …");
const peaks: Record<"k10" | "k100", number[]> = { k10: [], k100: [] };
for (let i = 0; i < 3; i++) {
  for (const [key, file] of [
    ["k10", jobs10k],
    ["k100", jobs100k],
  ] as const) {
    const run = await runProcess(node, [bin, ...pending(file)], {
      cwd: root,
      env,
      sampleMemory: true,
    });
    if (run.code !== 1)
      throw new Error(`check --pending ${file} exited ${run.code}:\n${run.stderr}`);
    if (run.peakRssMB !== undefined) peaks[key].push(run.peakRssMB);
  }
}
const peak10k = peaks.k10.length > 0 ? median(peaks.k10) : undefined;
const peak100k = peaks.k100.length > 0 ? median(peaks.k100) : undefined;
const growth =
  peak10k !== undefined && peak100k !== undefined
    ? Math.round((peak100k / peak10k) * 100) / 100
    : undefined;

const ratio = Math.round(time.ratio * 1000) / 1000;
const coldRatio = Math.round(coldTime.ratio * 1000) / 1000;
const figures = {
  bench: "pending",
  jobs: 100_000,
  functions: FUNCTIONS,
  rejected,
  rounds,
  ratio,
  budget: BUDGET,
  aMs: Math.round(median(time.a)),
  bMs: Math.round(median(time.b)),
  ratios: time.ratios.map((r) => Math.round(r * 1000) / 1000),
  cold: {
    ratio: coldRatio,
    aMs: Math.round(median(coldTime.a)),
    bMs: Math.round(median(coldTime.b)),
    ratios: coldTime.ratios.map((r) => Math.round(r * 1000) / 1000),
  },
  memory: { peak10kMB: peak10k, peak100kMB: peak100k, growth100kOver10k: growth },
};
log(
  `warm: check --pending (100,000 jobs) / check: ${ratio}x (budget ≤ ${BUDGET}x); medians ${figures.aMs} ms / ${figures.bMs} ms`,
);
log(
  `cold: ${coldRatio}x (budget ≤ ${BUDGET}x); medians ${figures.cold.aMs} ms / ${figures.cold.bMs} ms`,
);
log(`peak RSS: ${peak10k} MB at 10k jobs, ${peak100k} MB at 100k (×${growth})`);
if (ratio > BUDGET || coldRatio > BUDGET) process.exitCode = 1;
console.log(JSON.stringify(figures));

/**
 * The CLI as a user meets it, against the budgets of issue #10 (DESIGN.md "Budgets"): whole
 * processes (`node bin/convex-versioned.js …` with cwd = the app), interleaved A/B pairs after a
 * warm-up pair, the median of the per-pair ratios.
 *
 * The app: bench/app.ts's 1,000 functions in 200 modules (bench/.generated/cli), with the
 * convex/tsconfig.json `npx convex dev` writes and this repository linked as its
 * `node_modules/convex-versioned` (so Node, esbuild and tsc resolve the package through its own
 * exports, dist/, as in a user's app). Two lock files, written first by the CLI itself:
 * `validators.lock.json` (`snapshot --no-infer-returns`) and `inferred.lock.json` (`snapshot`).
 *
 * Pairs (A / B, budget):
 * - cold:       `check --no-infer-returns`, the app's .cache/convex-versioned deleted before each
 *               run / the yardstick (≤ 3, aim 2);
 * - warm:       the same, cache kept / the yardstick (≤ 1.5); the lock is the one `snapshot`
 *               wrote for this code, which `check` then takes from the current side;
 * - warmEdited: the same against a lock one function short of the code, parsed each run / the
 *               yardstick (no budget: what a warm check costs when its lock differs);
 * - inferCold:  `check` (inference), cache deleted / `tsc --noEmit -p convex/tsconfig.json`,
 *               typescript@7 (≤ 2);
 * - inferWarm:  `check`, cache kept / `check --no-infer-returns`, cache kept (≤ 1.2);
 * - help:       `convex-versioned --help` / `node -e 0` (≤ 2);
 * - probe:      the bare probe (bench/fixtures/bare-probe.mjs: bundle, import in one thread, read
 *               every export's args; nothing else) / the yardstick. No budget: it is the floor
 *               the cold budget sits on, measured beside it.
 * - probeWorker: the same probe importing in a worker thread booted while esbuild bundles, as the
 *               CLI's loader does to keep a module's process.exit or endless loop from ending or
 *               hanging it / the yardstick. No budget: the floor for a loader with that isolation.
 * - coldOverProbe: the cold `check` / the worker probe, in the same interleaved pairs (rows run one
 *               after another, so a ratio of two rows mixes two moments' load). No budget: what
 *               `check` costs above that floor.
 * - coldOverDeployOptions: the cold `check` / esbuild with the yardstick's flags plus the other
 *               options `npx convex deploy` passes it (`yardstickCommand`'s `deployArgs`). No
 *               budget: what the deploy's own bundling costs, beside the pinned yardstick.
 * The yardstick is esbuild bundling the function modules the way Convex's deploy does: the esbuild
 * that the app's `convex` depends on, as a CLI process, `--bundle --format=esm --splitting
 * --platform=browser --outdir=<tmp>`, dependencies included, the entry points of
 * `findEntryPoints` (Convex's rule).
 *
 * Then, untimed: peak memory of `check` (cold, with and without inference; the whole process tree,
 * see bench/process.ts; ≤ 250 MB), and the installed size `npm install <packed tarball>` adds to a
 * fresh app that already has `convex` and `typescript` (`du -sb node_modules`; ≤ 35 MB).
 *
 * Run: npx tsx bench/cli.ts [--rounds N] [--no-build] [--skip-size]
 *   (`npm run build` first unless --no-build; last line: one JSON object of figures; exit 1 when a
 *   budget is missed)
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import {
  CHECK_EDITED,
  CHECK_INFER,
  CHECK_NO_INFER,
  FUNCTIONS,
  generateApp,
  MODULES,
  yardstickCommand,
} from "./app.ts";
import { measureInstalledSize } from "./installed-size.ts";
import { interleavedPairs, median, type Pairs, runOk, runProcess } from "./process.ts";

const repo = fileURLToPath(new URL("../", import.meta.url));
const root = fileURLToPath(new URL("./.generated/cli/", import.meta.url));
const bin = join(repo, "bin/convex-versioned.js");
const node = process.execPath;
const cacheDir = join(root, "node_modules/.cache/convex-versioned");

function parseArgs(argv: readonly string[]) {
  let rounds = 7;
  let build = true;
  let size = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--rounds") {
      rounds = Number(argv[++i]);
      if (!Number.isInteger(rounds) || rounds < 1)
        throw new Error("--rounds N: a whole number ≥ 1");
    } else if (arg === "--no-build") build = false;
    else if (arg === "--skip-size") size = false;
    else throw new Error(`unknown argument ${arg} (--rounds N, --no-build, --skip-size)`);
  }
  return { rounds, build, size };
}

/** The environment of every measured process: ours, minus anything that would preload code. */
const env: NodeJS.ProcessEnv = { ...process.env };
delete env.NODE_OPTIONS;

const cli = (...args: string[]) => runOk(node, [bin, ...args], { cwd: root, env });
const deleteCache = () => rmSync(cacheDir, { recursive: true, force: true });

const { rounds, build, size } = parseArgs(process.argv.slice(2));
const log = (line: string) => process.stderr.write(`${line}\n`);

if (build) {
  log("npm run build …");
  await runOk("npm", ["run", "build"], { cwd: repo, env });
}
for (const file of ["dist/index.js", "dist/index.d.ts"]) {
  if (!existsSync(join(repo, file)))
    throw new Error(`${file} is missing: run \`npm run build\` (or drop --no-build).`);
}

const { dir } = generateApp(root, { tsconfig: true, linkPackage: true });
const scratch = mkdtempSync(join(tmpdir(), "cv-bench-cli-"));
process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));
const yardstickOut = join(scratch, "esbuild-out");
const yardstick = yardstickCommand(root, dir, yardstickOut);
const entryCount = yardstick.entries.length;
const tsc = [
  join(repo, "node_modules/typescript/bin/tsc"),
  "--noEmit",
  "-p",
  "convex/tsconfig.json",
];
const tsVersion = (
  JSON.parse(readFileSync(join(repo, "node_modules/typescript/package.json"), "utf8")) as {
    version: string;
  }
).version;

async function esbuild(args: string[]): Promise<number> {
  rmSync(yardstickOut, { recursive: true, force: true });
  const { ms } = await runOk(yardstick.command, args, { cwd: root, env });
  rmSync(yardstickOut, { recursive: true, force: true });
  return ms;
}
const esbuildYardstick = () => esbuild(yardstick.args);
const esbuildDeployOptions = () => esbuild(yardstick.deployArgs);
const appTsc = async () => (await runOk(node, tsc, { cwd: root, env })).ms;
const probeScript = join(repo, "bench/fixtures/bare-probe.mjs");
async function bareProbe(...flags: string[]): Promise<number> {
  const args = [probeScript, ...flags, ...yardstick.entries];
  const { ms, stdout } = await runOk(node, args, { cwd: root, env });
  if (Number(stdout) !== FUNCTIONS)
    throw new Error(`the bare probe read ${stdout.trim()} functions`);
  return ms;
}
const checkNoInfer = async () => (await cli(...CHECK_NO_INFER)).ms;
const checkInfer = async () => (await cli(...CHECK_INFER)).ms;
const checkEdited = async () => (await cli(...CHECK_EDITED)).ms;
const checkNoInferCold = async () => {
  deleteCache();
  return checkNoInfer();
};

// The two locks, written by the CLI as a user would, and the sanity of every side once.
log(`app: ${FUNCTIONS} functions in ${MODULES} modules at ${relative(process.cwd(), root)}`);
await cli("snapshot", "--no-infer-returns", "--out", "validators.lock.json");
deleteCache();
await cli("snapshot", "--out", "inferred.lock.json");
const countFunctions = (file: string) => {
  const lock = JSON.parse(readFileSync(join(root, file), "utf8")) as {
    functions: Record<string, { returnsInferred?: unknown }>;
  };
  const all = Object.values(lock.functions);
  return { all: all.length, inferred: all.filter((f) => f.returnsInferred).length };
};
{
  const lock = JSON.parse(readFileSync(join(root, "validators.lock.json"), "utf8")) as {
    functions: Record<string, unknown>;
  };
  delete lock.functions[Object.keys(lock.functions)[0]!];
  writeFileSync(join(root, "edited.lock.json"), `${JSON.stringify(lock, null, 2)}\n`);
}
const validatorsLock = countFunctions("validators.lock.json");
const inferredLock = countFunctions("inferred.lock.json");
if (validatorsLock.all !== FUNCTIONS || inferredLock.all !== FUNCTIONS)
  throw new Error(
    `expected ${FUNCTIONS} functions in each lock, got ${validatorsLock.all} and ${inferredLock.all}`,
  );
if (inferredLock.inferred === 0) throw new Error("snapshot inferred no return contract");
if (entryCount !== MODULES) throw new Error(`expected ${MODULES} entry points, got ${entryCount}`);
await esbuildYardstick();
await esbuildDeployOptions();
await appTsc();

interface Case {
  key: string;
  title: string;
  a: string;
  b: string;
  /** None for a figure shown for scale. */
  budget?: number;
  aim?: number;
  runA: () => Promise<number>;
  runB: () => Promise<number>;
}
const cases: Case[] = [
  {
    key: "cold",
    title: "check --no-infer-returns, cold / esbuild yardstick",
    a: "check --no-infer-returns (cache deleted)",
    b: `esbuild ${yardstick.esbuildVersion} bundle (deploy-style)`,
    budget: 3,
    aim: 2,
    runA: checkNoInferCold,
    runB: esbuildYardstick,
  },
  {
    key: "warm",
    title: "check --no-infer-returns, warm / esbuild yardstick",
    a: "check --no-infer-returns (cache kept)",
    b: `esbuild ${yardstick.esbuildVersion} bundle (deploy-style)`,
    budget: 1.5,
    runA: checkNoInfer,
    runB: esbuildYardstick,
  },
  {
    // The warm figure's lock is the one snapshot wrote for this code, which `check` records as
    // the current side and then does not parse (src/contracts/same-baseline.ts); a lock that
    // differs from the code is parsed on every run.
    key: "warmEdited",
    title: "check --no-infer-returns, warm, lock differing from the code / esbuild yardstick",
    a: "check --no-infer-returns --baseline edited.lock.json (cache kept)",
    b: `esbuild ${yardstick.esbuildVersion} bundle (deploy-style)`,
    runA: checkEdited,
    runB: esbuildYardstick,
  },
  {
    key: "inferCold",
    title: "check (inference), cold / the app's tsc --noEmit",
    a: "check (cache deleted)",
    b: `tsc --noEmit (typescript ${tsVersion})`,
    budget: 2,
    runA: async () => {
      deleteCache();
      return checkInfer();
    },
    runB: appTsc,
  },
  {
    key: "inferWarm",
    title: "check (inference), warm / check --no-infer-returns, warm",
    a: "check (cache kept)",
    b: "check --no-infer-returns (cache kept)",
    budget: 1.2,
    runA: checkInfer,
    runB: checkNoInfer,
  },
  {
    key: "help",
    title: "convex-versioned --help / node -e 0",
    a: "convex-versioned --help",
    b: "node -e 0",
    budget: 2,
    runA: async () => (await cli("--help")).ms,
    runB: async () => (await runOk(node, ["-e", "0"], { cwd: root, env })).ms,
  },
  {
    key: "probe",
    title: "bare probe (bundle, import, read args; nothing else) / esbuild yardstick",
    a: "node bench/fixtures/bare-probe.mjs <entry points>",
    b: `esbuild ${yardstick.esbuildVersion} bundle (deploy-style)`,
    runA: () => bareProbe(),
    runB: esbuildYardstick,
  },
  {
    key: "probeWorker",
    title: "bare probe importing in a worker / esbuild yardstick",
    a: "node bench/fixtures/bare-probe.mjs --worker <entry points>",
    b: `esbuild ${yardstick.esbuildVersion} bundle (deploy-style)`,
    runA: () => bareProbe("--worker"),
    runB: esbuildYardstick,
  },
  {
    key: "coldOverProbe",
    title: "check --no-infer-returns, cold / the bare probe importing in a worker",
    a: "check --no-infer-returns (cache deleted)",
    b: "node bench/fixtures/bare-probe.mjs --worker <entry points>",
    runA: checkNoInferCold,
    runB: () => bareProbe("--worker"),
  },
  {
    key: "coldOverDeployOptions",
    title:
      "check --no-infer-returns, cold / esbuild with the other options Convex's deploy passes it",
    a: "check --no-infer-returns (cache deleted)",
    b: `esbuild ${yardstick.esbuildVersion} bundle (deploy-style) + source maps, minify syntax and identifiers, keep names, metafile`,
    runA: checkNoInferCold,
    runB: esbuildDeployOptions,
  },
];

const results: Record<string, Pairs & { budget?: number; aim?: number }> = {};
for (const c of cases) {
  log(`${c.title}: warm-up pair + ${rounds} pairs …`);
  const pairs = await interleavedPairs(rounds, c.runA, c.runB, (round, a, b) =>
    log(`  pair ${round + 1}: ${a.toFixed(0)} / ${b.toFixed(0)} ms = ${(a / b).toFixed(2)}x`),
  );
  if (c.key === "inferWarm" && !readdirSync(cacheDir).some((f) => f.startsWith("infer-")))
    throw new Error("warm inference left no folder cache entry: the warm runs were not warm");
  if (c.key === "warm" && !readdirSync(cacheDir).some((f) => f.startsWith("same-")))
    throw new Error("the warm runs recorded no baseline equal to the code: they parsed the lock");
  results[c.key] = {
    ...pairs,
    ...(c.budget ? { budget: c.budget } : {}),
    ...(c.aim ? { aim: c.aim } : {}),
  };
}

// Peak memory: untimed runs (sampling costs CPU), cold, so every stage of `check` runs.
const MEMORY_RUNS = 3;
log(`peak memory: ${MEMORY_RUNS} cold runs each of check and check --no-infer-returns …`);
const memory = { infer: [] as number[], noInfer: [] as number[], processes: 0 };
for (let i = 0; i < MEMORY_RUNS; i++) {
  for (const [args, into] of [
    [CHECK_INFER, memory.infer],
    [CHECK_NO_INFER, memory.noInfer],
  ] as const) {
    deleteCache();
    const r = await runProcess(node, [bin, ...args], { cwd: root, env, sampleMemory: true });
    if (r.code !== 0) throw new Error(`check exited with ${r.code}:\n${r.stdout}\n${r.stderr}`);
    if (r.peakRssMB === undefined) throw new Error("no memory samples (Linux /proc needed)");
    into.push(r.peakRssMB);
    memory.processes = Math.max(memory.processes, r.peakProcesses ?? 0);
  }
}
const MEMORY_BUDGET_MB = 250;
const peakRssMB = Math.max(...memory.infer, ...memory.noInfer);

// Installed size.
const SIZE_BUDGET_MB = 35;
let installed: Awaited<ReturnType<typeof measureInstalledSize>> | undefined;
if (size) {
  log("installed size: npm pack, then npm install into a fresh app with convex and typescript …");
  installed = await measureInstalledSize(repo, join(scratch, "size"), env);
}

// Report.
const fmtMs = (ms: number) => `${ms.toFixed(0)} ms`;
const rows: string[][] = [["figure", "A", "B", "value", "budget", ""]];
let over = 0;
const verdict = (ok: boolean) => {
  if (!ok) over++;
  return ok ? "OK" : "OVER BUDGET";
};
for (const c of cases) {
  const r = results[c.key]!;
  rows.push([
    c.title,
    fmtMs(median(r.a)),
    fmtMs(median(r.b)),
    `${r.ratio.toFixed(2)}x`,
    c.budget ? `≤ ${c.budget}x${c.aim ? ` (aim ${c.aim}x)` : ""}` : "",
    c.budget ? verdict(r.ratio <= c.budget) : "",
  ]);
}
rows.push([
  "peak memory of check, process tree (VmRSS sum)",
  `${Math.max(...memory.infer)} MB`,
  `${Math.max(...memory.noInfer)} MB`,
  "",
  `≤ ${MEMORY_BUDGET_MB} MB`,
  verdict(peakRssMB <= MEMORY_BUDGET_MB),
]);
if (installed) {
  rows.push([
    "installed size added by npm install <tarball>",
    `${installed.addedMB} MB`,
    "",
    "",
    `≤ ${SIZE_BUDGET_MB} MB`,
    verdict(installed.addedMB <= SIZE_BUDGET_MB),
  ]);
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
console.log(
  `convex-versioned CLI, whole processes: ${FUNCTIONS} functions in ${MODULES} modules, ${rounds} interleaved pairs after a warm-up pair`,
);
console.log(
  `(times: A, B = medians of the timed runs, value = median of the per-pair A/B ratios; memory: A = check, B = check --no-infer-returns, the highest of ${MEMORY_RUNS} cold runs each)`,
);
for (const row of rows)
  console.log(
    row
      .map((cell, i) => (i >= 1 && i <= 3 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd(),
  );
console.log("");
for (const c of cases) {
  const r = results[c.key]!;
  console.log(`${c.key}: A = ${c.a}; B = ${c.b}`);
  console.log(`  per-pair ratios: ${r.ratios.map((x) => x.toFixed(2)).join(" ")}`);
}
console.log(
  `yardstick: ${relative(root, yardstick.command)} ${yardstick.args.slice(0, -entryCount).join(" ")} <${entryCount} entry points>`,
);
console.log(
  `locks: validators.lock.json (${validatorsLock.all} functions), inferred.lock.json (${inferredLock.inferred} of ${inferredLock.all} with an inferred return contract)`,
);
console.log(
  `peak memory (MB, ${MEMORY_RUNS} cold runs each, up to ${memory.processes} processes in the tree): check ${memory.infer.join(" / ")}; check --no-infer-returns ${memory.noInfer.join(" / ")}`,
);
if (installed) {
  console.log(
    `installed size: node_modules ${installed.beforeMB} MB → ${installed.afterMB} MB (+${installed.addedMB} MB, ${installed.addedPackages} packages; app with convex ${installed.convex} and typescript ${installed.typescript}; MB = 10^6 bytes)`,
  );
  console.log(
    `  largest added: ${installed.top.map((p) => `${p.name} ${p.MB} MB`).join(", ")}; bins added: ${installed.bins.join(", ") || "none"}`,
  );
} else {
  console.log("installed size: skipped (--skip-size)");
}
if (over > 0) {
  console.log(`${over} figure(s) over budget.`);
  process.exitCode = 1;
}
const round3 = (x: number) => Number(x.toFixed(3));
console.log(
  JSON.stringify({
    bench: "cli",
    functions: FUNCTIONS,
    modules: MODULES,
    rounds,
    esbuildVersion: yardstick.esbuildVersion,
    typescriptVersion: tsVersion,
    inferredContracts: inferredLock.inferred,
    ...Object.fromEntries(
      cases.map((c) => {
        const r = results[c.key]!;
        return [
          c.key,
          {
            ratio: round3(r.ratio),
            ...(c.budget ? { budget: c.budget } : {}),
            ...(c.aim ? { aim: c.aim } : {}),
            aMs: Math.round(median(r.a)),
            bMs: Math.round(median(r.b)),
            ratios: r.ratios.map(round3),
          },
        ];
      }),
    ),
    memory: {
      peakRssMB,
      budgetMB: MEMORY_BUDGET_MB,
      checkMB: memory.infer,
      checkNoInferMB: memory.noInfer,
    },
    ...(installed ? { size: { ...installed, budgetMB: SIZE_BUDGET_MB } } : {}),
    withinBudget: over === 0,
  }),
);

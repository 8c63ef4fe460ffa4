/**
 * `npm run bench`: runs every bench script in bench/ one after another, each in its own child
 * process (a fresh JIT and heap, nothing shared between benches), passes its output through, and
 * ends with one table of the figures against DESIGN.md's budgets.
 *
 * Bench scripts are the `bench/*.ts` files other than this runner, the vitest pieces and the shared
 * helpers (NOT_BENCHES); each prints a
 * human-readable summary and, as its last line, one JSON object of figures. Known figures are picked
 * out below; a bench this runner does not know yet is still run and listed.
 *
 * Run: `npx tsx bench/run.ts [name ...]` (names without `.ts` run only those, e.g. `runtime size`).
 * A bench may exit 1 when it misses a budget it judges itself (bench/cli.ts): its figures are still
 * read. Exit code 1 when a bench failed or a figure is over its budget. The last line of output is one JSON
 * object with every bench's figures.
 */
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..");
const tsx = join(repo, "node_modules", "tsx", "dist", "cli.mjs");

/** The budgets first, in DESIGN.md's order; then any other bench found in the folder. */
const ORDER = ["runtime", "cli", "check", "size", "types", "compat", "infer", "usage", "pending"];
/** This runner, the vitest config and the benches' shared helpers. */
const NOT_BENCHES = new Set([
  "run",
  "vitest.config",
  "app",
  "process",
  "installed-size",
  "random",
  // A tool for comparing two builds, run by hand (bench/ab.ts).
  "ab",
]);

type Figures = Record<string, any>;

interface Row {
  bench: string;
  figure: string;
  value: string;
  budget?: string;
  ok?: boolean;
}

/** What each bench's JSON line means against its budget (the figure names are the benches' own). */
const READERS: Record<string, (f: Figures) => Row[]> = {
  runtime: (f) => [
    ratioRow(
      "runtime",
      "old version / current export (convex-test)",
      f.convexTest?.oldOverCurrent,
      f.budget,
    ),
    ratioRow(
      "runtime",
      "current export / plain function (convex-test)",
      f.convexTest?.currentOverPlain,
      f.budgetCurrent ?? f.budget,
    ),
    ratioRow(
      "runtime",
      "zod: old version / current export (convex-test)",
      f.convexTest?.zod?.oldOverCurrent,
      f.budget,
    ),
    {
      bench: "runtime",
      figure: "medians per call: old / current / plain",
      value: `${f.convexTest?.medianUs?.old} / ${f.convexTest?.medianUs?.current} / ${f.convexTest?.medianUs?.plain} µs`,
    },
    {
      bench: "runtime",
      figure: "library cost of an old version (_handler)",
      value: `+${f.handler?.oldMinusCurrentNs} ns per call`,
    },
  ],
  size: (f) => [
    {
      bench: "size",
      figure: "server entry, minified + gzipped",
      value: `${f.server?.gzipBytes} B`,
      budget: `≤ ${f.budgetBytes} B`,
      ok: f.server?.gzipBytes <= f.budgetBytes,
    },
    {
      bench: "size",
      figure: "convex-versioned/client, minified + gzipped",
      value: `${f.client?.gzipBytes} B`,
    },
    {
      bench: "size",
      figure: "convex-versioned/zod, minified + gzipped",
      value: `${f.zod?.gzipBytes} B`,
    },
    {
      bench: "size",
      figure: "convex-versioned/react, minified + gzipped (React external)",
      value: `${f.react?.gzipBytes} B`,
      budget: `≤ ${f.reactBudgetBytes} B`,
      ok: f.react?.gzipBytes <= f.reactBudgetBytes,
    },
  ],
  types: (f) => [
    ratioRow(
      "types",
      "instantiations, the module of 50 versioned / hand-written (alone, --checkers 1)",
      f.ratio,
      f.budget,
    ),
    {
      bench: "types",
      figure: "the same, whole projects (module + api + client)",
      value: `${f.wholeProject?.ratio}x`,
    },
    {
      bench: "types",
      figure: "the same over the fixed cost (marginal)",
      value: `${f.marginalRatio}x`,
    },
    {
      bench: "types",
      figure: "check time: versioned / plain",
      value: `${f.versioned?.checkSeconds} s / ${f.plain?.checkSeconds} s`,
    },
  ],
  cli: (f) => {
    const pair = (key: string, figure: string): Row[] => [
      ratioRow("cli", figure, f[key]?.ratio, f[key]?.budget),
      { bench: "cli", figure: "  medians A / B", value: `${f[key]?.aMs} ms / ${f[key]?.bMs} ms` },
    ];
    const rows: Row[] = [
      ...pair("cold", `check --no-infer-returns cold / esbuild (deploy), ${f.functions} functions`),
      ...pair("warm", "check --no-infer-returns warm / esbuild (deploy)"),
      ...pair("warmEdited", "for scale: the same, lock differing from the code / esbuild (deploy)"),
      ...pair("inferCold", "check cold (inference) / the app's tsc --noEmit (typescript@7)"),
      ...pair("inferWarm", "check warm (inference) / check --no-infer-returns warm"),
      ...pair("help", "convex-versioned --help / node -e 0"),
      ...pair("probe", "for scale: bare probe (bundle, import, read args) / esbuild (deploy)"),
      ...pair("probeWorker", "for scale: the same probe importing in a worker / esbuild (deploy)"),
      ...pair("coldOverProbe", "for scale: check --no-infer-returns cold / the worker probe"),
      ...pair(
        "coldOverDeployOptions",
        "for scale: check --no-infer-returns cold / esbuild with all of the deploy's options",
      ),
      {
        bench: "cli",
        figure: "peak memory of check, whole process tree",
        value: `${f.memory?.peakRssMB} MB`,
        budget: `≤ ${f.memory?.budgetMB} MB`,
        ok: f.memory?.peakRssMB <= f.memory?.budgetMB,
      },
    ];
    if (f.size) {
      rows.push(
        {
          bench: "cli",
          figure: "installed size added (npm install <tarball>)",
          value: `${f.size.addedMB} MB`,
          budget: `≤ ${f.size.budgetMB} MB`,
          ok: f.size.addedMB <= f.size.budgetMB,
        },
        {
          bench: "cli",
          figure: "  largest added packages (MB)",
          value: (f.size.top ?? [])
            .slice(0, 3)
            .map(
              (p: { name: string; MB: number }) =>
                `${p.name.split("node_modules/").at(-1)} ${p.MB}`,
            )
            .join(", "),
        },
      );
    }
    return rows;
  },
  check: (f) => [
    ratioRow(
      "check",
      `in process: check / esbuild bundle, ${f.functions} functions (budget: see cli)`,
      f.ratio,
      undefined,
    ),
    {
      bench: "check",
      figure: "check / esbuild bundle",
      value: `${f.checkMs} ms / ${f.esbuildPlainMs} ms`,
    },
  ],
  infer: (f) => [
    {
      bench: "infer",
      figure: "in process, one tsgo, 1,000 functions inferred",
      value: `${f.oneTsgoMs} ms`,
    },
    ratioRow(
      "infer",
      "whole CLI snapshot, cold inference / validator-only",
      f.cliColdRatio,
      undefined,
    ),
    ratioRow("infer", "the same after editing one module of 200", f.cliOneModuleRatio, undefined),
    ratioRow("infer", "the same with nothing changed (cache hit)", f.cliWarmRatio, undefined),
  ],
  compat: (f) =>
    ["plain", "versioned", "renamed"]
      .filter((app) => f[app])
      .map((app) => ({
        bench: "compat",
        figure: `checkCompat + render, ${f.functions} functions (${app})`,
        value: `${f[app].compareMs} + ${f[app].renderMs} ms`,
      })),
  pending: (f) => [
    ratioRow(
      "pending",
      `check --pending (${f.jobs?.toLocaleString("en")} jobs, ${f.functions} functions) / check, warm`,
      f.ratio,
      f.budget,
    ),
    { bench: "pending", figure: "  medians A / B", value: `${f.aMs} ms / ${f.bMs} ms` },
    ratioRow("pending", "the same, cold (cache deleted before each run)", f.cold?.ratio, f.budget),
    { bench: "pending", figure: "  medians A / B", value: `${f.cold?.aMs} ms / ${f.cold?.bMs} ms` },
    {
      bench: "pending",
      figure: "peak RSS at 10k / 100k jobs (flat = 1)",
      value: `${f.memory?.peak10kMB} / ${f.memory?.peak100kMB} MB (×${f.memory?.growth100kOver10k})`,
    },
  ],
  usage: (f) => {
    const last = f.checkpoints?.at(-1);
    return [
      {
        bench: "usage",
        figure: `usage reader, ${last?.lines?.toLocaleString("en")} lines`,
        value: `${last?.linesPerSecond?.toLocaleString("en")} lines/s, peak RSS ${last?.peakRssMB} MB`,
      },
      {
        bench: "usage",
        figure: "peak RSS 1M / 250k lines (flat = 1)",
        value: String(f.peakRssGrowth1MOver250k),
      },
    ];
  },
};

function ratioRow(bench: string, figure: string, value: unknown, budget: unknown): Row {
  const ok = typeof value === "number" && typeof budget === "number" ? value <= budget : undefined;
  return {
    bench,
    figure,
    value: typeof value === "number" ? `${value}x` : "?",
    ...(typeof budget === "number" ? { budget: `≤ ${budget}x` } : {}),
    ...(ok === undefined ? {} : { ok }),
  };
}

function benchScripts(only: readonly string[]): string[] {
  const found = readdirSync(here)
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
    .map((file) => file.slice(0, -3))
    .filter((name) => !NOT_BENCHES.has(name));
  const unknownNames = only.filter((name) => !found.includes(name));
  if (unknownNames.length > 0) {
    throw new Error(
      `no bench named ${unknownNames.map((n) => `"${n}"`).join(", ")} in bench/ (found: ${found.join(", ")}).`,
    );
  }
  const rank = (name: string) => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);
  return found
    .filter((name) => only.length === 0 || only.includes(name))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Runs one bench, passing its output through; resolves to its last line parsed, or the failure. */
function runBench(name: string): Promise<{ figures?: Figures; error?: string; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsx, join(here, `${name}.ts`)], {
      cwd: repo,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      stdout += chunk;
      process.stdout.write(chunk);
    });
    child.on("close", (code) => {
      const seconds = (performance.now() - started) / 1000;
      const last = stdout.trim().split("\n").at(-1) ?? "";
      let figures: Figures | undefined;
      try {
        figures = JSON.parse(last) as Figures;
      } catch {}
      // Exit 1 with its figures printed: a bench that judges its own budgets found one missed
      // (its rows below say which); any other failure has no figures to read.
      if (code === 0 || (code === 1 && figures !== undefined)) {
        resolve(
          figures !== undefined
            ? { figures, seconds }
            : { error: `its last line is not JSON: ${last.slice(0, 80)}`, seconds },
        );
        return;
      }
      resolve({ error: `exited with code ${code}`, seconds });
    });
  });
}

const only = process.argv.slice(2);
const names = benchScripts(only);
const rows: Row[] = [];
const results: Record<string, Figures | { error: string }> = {};
let failed = false;

for (const name of names) {
  console.log(`\n━━ bench/${name}.ts ━━`);
  const result = await runBench(name);
  if (result.error !== undefined || result.figures === undefined) {
    failed = true;
    results[name] = { error: result.error ?? "no figures" };
    rows.push({ bench: name, figure: "FAILED", value: result.error ?? "no figures" });
    continue;
  }
  results[name] = result.figures;
  const reader = READERS[name];
  const known = reader ? reader(result.figures) : [];
  rows.push(
    ...(known.length > 0
      ? known
      : [{ bench: name, figure: "figures", value: JSON.stringify(result.figures).slice(0, 60) }]),
  );
  rows.push({ bench: name, figure: "time taken", value: `${result.seconds.toFixed(1)} s` });
}

const verdict = (row: Row) => (row.ok === undefined ? "" : row.ok ? "OK" : "OVER BUDGET");
const widths = {
  bench: Math.max(5, ...rows.map((r) => r.bench.length)),
  figure: Math.max(6, ...rows.map((r) => r.figure.length)),
  value: Math.max(5, ...rows.map((r) => r.value.length)),
  budget: Math.max(6, ...rows.map((r) => (r.budget ?? "").length)),
};
const line = (cells: [string, string, string, string, string]) =>
  `${cells[0].padEnd(widths.bench)}  ${cells[1].padEnd(widths.figure)}  ${cells[2].padStart(widths.value)}  ${cells[3].padEnd(widths.budget)}  ${cells[4]}`.trimEnd();

console.log("\n━━ summary ━━");
console.log(line(["bench", "figure", "value", "budget", ""]));
for (const row of rows) {
  console.log(line([row.bench, row.figure, row.value, row.budget ?? "", verdict(row)]));
}
const over = rows.filter((row) => row.ok === false);
if (over.length > 0 || failed) {
  console.log(
    `\n${over.length} figure(s) over budget${failed ? ", and at least one bench failed" : ""}.`,
  );
  process.exitCode = 1;
}
console.log(JSON.stringify({ bench: "all", withinBudget: over.length === 0 && !failed, results }));

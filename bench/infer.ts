/**
 * Cost of return-contract inference (issue 5) on a generated app of 1,000 functions in 200
 * modules, none with a `returns` validator, with a schema (so `Doc<…>` results resolve through it)
 * and the convex/tsconfig.json `npx convex dev` writes.
 *
 * Compared in one run, interleaved: esbuild bundling the same folder (one build, all entries),
 * the validator-only load (`loadConvexDir`: bundle + import + read, what `check` does today), and
 * inference. Budget: load + inference ≤ 3× load alone. Inference is timed per phase (program
 * creation, export types, conversion) so the report says what dominates.
 *
 * A full type-check of the folder with the same compiler (`getSemanticDiagnostics`) is timed
 * too, for scale: inference cannot be much cheaper than checking the handlers' bodies.
 *
 * Every inference round starts cold (declaration cache cleared), like a CLI run; only loading
 * the compiler module itself is paid once per process, and is printed separately.
 *
 * Both engines are timed: `native` (typescript@7's checker over IPC, the default) and `js`
 * (TypeScript 5.9 in process, the fallback), in process per phase, and as the whole CLI.
 *
 * Then the whole CLI, as a user runs it (`node bin/convex-versioned.js snapshot`, one process per
 * run, interleaved rounds): validator-only (`--no-infer-returns`), inference with an empty cache
 * (cold) with each engine, after editing one function module (native re-infers the folder; js
 * re-checks that module only, through its per-module cache), and with nothing changed (the
 * folder-level cache hit). The budget figure is the default (native) cold whole-CLI run over the
 * validator-only one; the in-process ratios are reported beside it.
 *
 * Run: npx tsx bench/infer.ts   (last line: one JSON object of figures)
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const MODULES = 200;
const PER_MODULE = 5;
const ROUNDS = 3;

const root = fileURLToPath(new URL("./.generated/infer1000/", import.meta.url));
const repo = fileURLToPath(new URL("../", import.meta.url));
const dir = join(root, "convex");

const SCHEMA = `import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  users: defineTable({ name: v.string(), email: v.optional(v.string()) }),
  items: defineTable({
    ownerId: v.id("users"),
    title: v.string(),
    body: v.string(),
    tags: v.array(v.string()),
    score: v.optional(v.number()),
    status: v.union(v.literal("open"), v.literal("done")),
  }).index("by_owner", ["ownerId"]),
});
`;

const DATA_MODEL = `import type { DataModelFromSchemaDefinition, DocumentByName, SystemTableNames, TableNamesInDataModel } from "convex/server";
import type { GenericId } from "convex/values";
import type schema from "../schema";
export type DataModel = DataModelFromSchemaDefinition<typeof schema>;
export type TableNames = TableNamesInDataModel<DataModel>;
export type Doc<T extends TableNames> = DocumentByName<DataModel, T>;
export type Id<T extends TableNames | SystemTableNames> = GenericId<T>;
`;

const SERVER = `import { type ActionBuilder, actionGeneric, type MutationBuilder, mutationGeneric, type QueryBuilder, queryGeneric } from "convex/server";
import type { DataModel } from "./dataModel";
export const query: QueryBuilder<DataModel, "public"> = queryGeneric;
export const mutation: MutationBuilder<DataModel, "public"> = mutationGeneric;
export const action: ActionBuilder<DataModel, "public"> = actionGeneric;
`;

/** Five functions without `returns`: whole documents, pages, a hand-built object, an id, an action result. */
function moduleSource(m: number): string {
  return `import { paginationOptsValidator } from "convex/server";
import { v } from "convex/values";
import type { Doc } from "../_generated/dataModel";
import { action, mutation, query } from "../_generated/server";

function summary${m}(item: Doc<"items">) {
  return { id: item._id, title: item.title, tags: item.tags, score: item.score ?? null, status: item.status };
}

export const list${m} = query({
  args: { limit: v.number() },
  handler: async (ctx, { limit }) => ctx.db.query("items").order("desc").take(limit),
});
export const page${m} = query({
  args: { paginationOpts: paginationOptsValidator },
  handler: async (ctx, { paginationOpts }) => ctx.db.query("items").paginate(paginationOpts),
});
export const get${m} = query({
  args: { id: v.id("items") },
  handler: async (ctx, { id }) => {
    const item = await ctx.db.get(id);
    if (!item) return null;
    const owner = await ctx.db.get(item.ownerId);
    return { ...summary${m}(item), owner: owner ? { id: owner._id, name: owner.name } : null, module: ${m} };
  },
});
export const create${m} = mutation({
  args: { ownerId: v.id("users"), title: v.string() },
  handler: async (ctx, { ownerId, title }) =>
    ctx.db.insert("items", { ownerId, title, body: "", tags: [], status: "open" }),
});
export const sync${m} = action({
  args: { since: v.number() },
  handler: async (_ctx, { since }) => ({ synced: 0, since, errors: [] as string[], at: Date.now() }),
});
`;
}

/** What `npx convex dev` writes to convex/tsconfig.json (convex/dist/esm/cli/codegen_templates). */
const TSCONFIG = `{
  "compilerOptions": {
    "allowJs": true,
    "strict": true,
    "moduleResolution": "Bundler",
    "jsx": "react-jsx",
    "skipLibCheck": true,
    "allowSyntheticDefaultImports": true,
    "target": "ESNext",
    "lib": ["ES2023", "dom"],
    "forceConsistentCasingInFileNames": true,
    "module": "ESNext",
    "isolatedModules": true,
    "noEmit": true
  },
  "include": ["./**/*"],
  "exclude": ["./_generated"]
}
`;

function generate(): void {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(dir, "_generated"), { recursive: true });
  writeFileSync(join(root, "package.json"), "{}\n");
  writeFileSync(join(dir, "tsconfig.json"), TSCONFIG);
  writeFileSync(join(dir, "schema.ts"), SCHEMA);
  writeFileSync(join(dir, "_generated/dataModel.ts"), DATA_MODEL);
  writeFileSync(join(dir, "_generated/server.ts"), SERVER);
  for (let m = 0; m < MODULES; m++) {
    const sub = join(dir, `area${m % 10}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `mod${m}.ts`), moduleSource(m));
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

generate();

// The compiler module is loaded once per CLI process: measure that load on its own.
const tImport = performance.now();
const { clearDeclarationCache } = await import("../src/contracts/infer/program.ts");
const { inferReturnContractsWithPhases } = await import("../src/contracts/infer/index.ts");
const { listEntryFiles } = await import("../src/contracts/infer/entries.ts");
const { inferNative } = await import("../src/contracts/infer/native/index.ts");
const { defaultParts, inferNativeParallel } = await import(
  "../src/contracts/infer/native/parallel.ts"
);
const { createInferProgram, loadCompilerOptions } = await import(
  "../src/contracts/infer/program.ts"
);
const compilerImportMs = performance.now() - tImport;
const esbuild = await import("esbuild");
const { loadConvexDir } = await import("../src/contracts/index.ts");

async function esbuildAlone(): Promise<number> {
  const entries = listEntryFiles(dir);
  const outdir = join(root, "node_modules/.cache/esbuild-only");
  const start = performance.now();
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: entries.map((e) => ({ in: e.path, out: e.module })),
    outdir,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    splitting: true,
    packages: "external",
    outExtension: { ".js": ".mjs" },
    logLevel: "silent",
    write: true,
  });
  const ms = performance.now() - start;
  rmSync(outdir, { recursive: true, force: true });
  return ms;
}

async function load(): Promise<{ ms: number; functions: number }> {
  const start = performance.now();
  const app = await loadConvexDir(dir);
  return { ms: performance.now() - start, functions: Object.keys(app.functions).length };
}

function infer() {
  clearDeclarationCache();
  const r = inferReturnContractsWithPhases({ convexDir: dir });
  const anyCount = Object.values(r.contracts).filter((c) => c.type === "any").length;
  return { ...r, anyCount };
}

/** The native engine: a new `tsgo` per run, so every run is cold, as in a CLI run. */
function inferWithNative() {
  const r = inferNative({ convexDir: dir });
  const anyCount = Object.values(r.contracts).filter((c) => c.type === "any").length;
  return { ...r, anyCount };
}

/** What the CLI runs: the modules split over `defaultParts` worker threads, a `tsgo` each. */
async function inferWithNativeParallel() {
  return inferNativeParallel({ convexDir: dir });
}

/** For scale: what the app's own `tsc --noEmit` costs with the same compiler (every body checked). */
function fullTypeCheck(): number {
  clearDeclarationCache();
  const start = performance.now();
  const program = createInferProgram(
    listEntryFiles(dir).map((e) => e.path),
    loadCompilerOptions(dir).options,
  );
  const errors = program.getSemanticDiagnostics().length;
  if (errors > 0) throw new Error(`the generated app has ${errors} type errors`);
  return performance.now() - start;
}

// Warm-up: esbuild's service, convex/server imports, the JIT for the checker.
await esbuildAlone();
await load();
const first = infer();
const firstNative = inferWithNative();
if (JSON.stringify(firstNative.contracts) !== JSON.stringify(first.contracts))
  throw new Error("the native and js engines disagree on the generated app");
const contracts = Object.keys(first.contracts).length;
if (contracts !== MODULES * PER_MODULE)
  throw new Error(`expected ${MODULES * PER_MODULE} contracts, got ${contracts}`);
if (first.anyCount > 0)
  throw new Error(
    `${first.anyCount} contracts degraded to any: ${first.diagnostics.slice(0, 3).join("; ")}`,
  );

const esbuildTimes: number[] = [];
const loadTimes: number[] = [];
const inferTimes: number[] = [];
const fullCheckTimes: number[] = [];
const newPhases = () => ({
  program: [] as number[],
  types: [] as number[],
  convert: [] as number[],
});
const phases = newPhases();
const nativeTimes: number[] = [];
const parallelTimes: number[] = [];
const nativePhases = newPhases();
/** One run's wall time and phases, into `times` and `into`. */
function record(
  r: { ms: number; phases: { program: number; types: number; convert: number } },
  times: number[],
  into: ReturnType<typeof newPhases>,
): void {
  times.push(r.ms);
  into.program.push(r.phases.program);
  into.types.push(r.phases.types);
  into.convert.push(r.phases.convert);
}
for (let round = 0; round < ROUNDS; round++) {
  // Interleaved, rotating order, so drift (GC, page cache, thermal) hits every side alike.
  const steps = [
    async () => esbuildTimes.push(await esbuildAlone()),
    async () => loadTimes.push((await load()).ms),
    async () => record(infer(), inferTimes, phases),
    async () => fullCheckTimes.push(fullTypeCheck()),
    async () => record(inferWithNative(), nativeTimes, nativePhases),
    async () => parallelTimes.push((await inferWithNativeParallel()).ms),
  ];
  for (let i = 0; i < steps.length; i++) await steps[(i + round) % steps.length]!();
}

// The whole CLI, one process per run.
const CLI_ROUNDS = 3;
const cliBin = join(repo, "bin/convex-versioned.js");
const cacheDir = join(root, "node_modules/.cache/convex-versioned");
function snapshot(...flags: string[]): number {
  const start = performance.now();
  execFileSync(
    process.execPath,
    [
      cliBin,
      "snapshot",
      "--convex-dir",
      "convex",
      "--out",
      join(root, "bench.lock.json"),
      ...flags,
    ],
    { cwd: root, stdio: "ignore" },
  );
  return performance.now() - start;
}
const edited = join(dir, "area0/mod0.ts");
const original = readFileSync(edited, "utf8");
const cli = {
  validatorOnly: [] as number[],
  cold: [] as number[],
  oneModule: [] as number[],
  warm: [] as number[],
  coldJs: [] as number[],
  oneModuleJs: [] as number[],
};
snapshot("--no-infer-returns"); // warm the page cache for node, tsx and esbuild
for (let round = 0; round < CLI_ROUNDS; round++) {
  const validatorOnly = () => cli.validatorOnly.push(snapshot("--no-infer-returns"));
  if (round % 2 === 0) validatorOnly();
  rmSync(cacheDir, { recursive: true, force: true });
  cli.cold.push(snapshot());
  // A changed result shape in one module of 200: that module's closure changed, no other's.
  writeFileSync(
    edited,
    original.replace("errors: [] as string[]", `errors: [] as string[], round: ${round}`),
  );
  cli.oneModule.push(snapshot());
  cli.warm.push(snapshot());
  writeFileSync(edited, original);
  // The js engine: cold, then one module edited (its per-module cache re-checks that module only).
  rmSync(cacheDir, { recursive: true, force: true });
  cli.coldJs.push(snapshot("--infer-engine", "js"));
  writeFileSync(
    edited,
    original.replace("errors: [] as string[]", `errors: [] as string[], js: ${round}`),
  );
  cli.oneModuleJs.push(snapshot("--infer-engine", "js"));
  writeFileSync(edited, original);
  if (round % 2 === 1) validatorOnly();
}
rmSync(cacheDir, { recursive: true, force: true });
const cliMs = Object.fromEntries(Object.entries(cli).map(([k, v]) => [k, median(v)])) as Record<
  keyof typeof cli,
  number
>;
const cliRatio = (k: keyof typeof cli) => cliMs[k] / cliMs.validatorOnly;

const esbuildMs = median(esbuildTimes);
const loadMs = median(loadTimes);
const inferMs = median(inferTimes);
const fullCheckMs = median(fullCheckTimes);
const phaseMs = {
  program: median(phases.program),
  types: median(phases.types),
  convert: median(phases.convert),
};
const dominant = (Object.entries(phaseMs) as [string, number][]).sort((a, b) => b[1] - a[1])[0]![0];
const inProcessRatio = (loadMs + inferMs) / loadMs;
const nativeMs = median(nativeTimes);
const nativePhaseMs = {
  program: median(nativePhases.program),
  types: median(nativePhases.types),
  convert: median(nativePhases.convert),
};
const nativeRatio = (loadMs + nativeMs) / loadMs;
const parallelMs = median(parallelTimes);
const parts = defaultParts(MODULES);
const budgetRatio = cliRatio("cold");
const sample = first.contracts["area3/mod3:get3"];

console.log(
  `return inference on ${contracts} functions in ${MODULES} modules (${relative(process.cwd(), dir)}), ${ROUNDS} interleaved rounds, medians:`,
);
console.log(`  esbuild, one build of all entries:       ${esbuildMs.toFixed(0)} ms`);
console.log(`  validator-only load (bundle+import+read): ${loadMs.toFixed(0)} ms`);
console.log(`  native engine (typescript@7, new tsgo):    ${nativeMs.toFixed(0)} ms`);
console.log(`    spawn tsgo + open the project:         ${nativePhaseMs.program.toFixed(0)} ms`);
console.log(`    exports and their types (checker):     ${nativePhaseMs.types.toFixed(0)} ms`);
console.log(
  `    conversion (one IPC round trip a question): ${nativePhaseMs.convert.toFixed(0)} ms`,
);
console.log(`  in-process ratio (load + native) / load: ${nativeRatio.toFixed(2)}x`);
console.log(
  `  native engine in ${parts} parts (worker threads, a tsgo each; what the CLI runs): ${parallelMs.toFixed(0)} ms`,
);
console.log(`  js engine (TypeScript 5.9, cold declaration cache): ${inferMs.toFixed(0)} ms`);
console.log(`    program creation (parse + resolve):    ${phaseMs.program.toFixed(0)} ms`);
console.log(`    export types (bind + check exports):   ${phaseMs.types.toFixed(0)} ms`);
console.log(`    conversion to validators:              ${phaseMs.convert.toFixed(0)} ms`);
console.log(`    dominated by: ${dominant}`);
console.log(`  full type-check, same compiler (for scale):  ${fullCheckMs.toFixed(0)} ms`);
console.log(
  `  first inference in the process (JIT cold, what one CLI run pays): ${first.ms.toFixed(0)} ms`,
);
console.log(`  compiler API module load (once per process): ${compilerImportMs.toFixed(0)} ms`);
console.log(`  ratio inference / esbuild: ${(inferMs / esbuildMs).toFixed(2)}x`);
console.log(`  in-process ratio (load + inference) / load, cold: ${inProcessRatio.toFixed(2)}x`);
console.log(`whole CLI \`snapshot\`, ${CLI_ROUNDS} interleaved rounds, medians:`);
console.log(`  validator-only (--no-infer-returns):      ${cliMs.validatorOnly.toFixed(0)} ms`);
console.log(
  `  native, empty cache (cold):                ${cliMs.cold.toFixed(0)} ms  ${cliRatio("cold").toFixed(2)}x`,
);
console.log(
  `  native, one module of ${MODULES} edited:        ${cliMs.oneModule.toFixed(0)} ms  ${cliRatio("oneModule").toFixed(2)}x`,
);
console.log(
  `  js, empty cache (cold):                    ${cliMs.coldJs.toFixed(0)} ms  ${cliRatio("coldJs").toFixed(2)}x`,
);
console.log(
  `  js, one module of ${MODULES} edited:            ${cliMs.oneModuleJs.toFixed(0)} ms  ${cliRatio("oneModuleJs").toFixed(2)}x`,
);
console.log(
  `  inference, nothing changed (cache hit):    ${cliMs.warm.toFixed(0)} ms  ${cliRatio("warm").toFixed(2)}x`,
);
console.log(
  `  budget (cold run / validator-only run ≤ 3x): ${budgetRatio.toFixed(2)}x ${budgetRatio <= 3 ? "OK" : "OVER BUDGET"}`,
);
console.log(`  sample contract area3/mod3:get3: ${JSON.stringify(sample).slice(0, 160)}…`);
console.log(
  JSON.stringify({
    bench: "infer",
    functions: contracts,
    modules: MODULES,
    rounds: ROUNDS,
    esbuildMs: Math.round(esbuildMs),
    loadMs: Math.round(loadMs),
    inferMs: Math.round(inferMs),
    phasesMs: Object.fromEntries(Object.entries(phaseMs).map(([k, v]) => [k, Math.round(v)])),
    dominantPhase: dominant,
    compilerImportMs: Math.round(compilerImportMs),
    firstInferMs: Math.round(first.ms),
    fullTypeCheckMs: Math.round(fullCheckMs),
    inferOverFullTypeCheck: Number((inferMs / fullCheckMs).toFixed(3)),
    inferOverEsbuild: Number((inferMs / esbuildMs).toFixed(3)),
    loadPlusInferOverLoad: Number(inProcessRatio.toFixed(3)),
    nativeInferMs: Math.round(nativeMs),
    nativePhasesMs: Object.fromEntries(
      Object.entries(nativePhaseMs).map(([k, v]) => [k, Math.round(v)]),
    ),
    loadPlusNativeOverLoad: Number(nativeRatio.toFixed(3)),
    nativeParts: parts,
    nativeParallelMs: Math.round(parallelMs),
    cliMs: Object.fromEntries(Object.entries(cliMs).map(([k, v]) => [k, Math.round(v)])),
    cliColdRatio: Number(cliRatio("cold").toFixed(3)),
    cliOneModuleRatio: Number(cliRatio("oneModule").toFixed(3)),
    cliWarmRatio: Number(cliRatio("warm").toFixed(3)),
    cliColdJsRatio: Number(cliRatio("coldJs").toFixed(3)),
    cliOneModuleJsRatio: Number(cliRatio("oneModuleJs").toFixed(3)),
    budget: 3,
    withinBudget: budgetRatio <= 3,
  }),
);

/**
 * Return-contract inference on a generated app of 1,000 functions in 200 modules, none with a
 * `returns` validator, with a schema (so `Doc<…>` results resolve through it) and the
 * convex/tsconfig.json `npx convex dev` writes.
 *
 * In process: typescript@7's checker, cold each round (a new `tsgo`), per phase. (Splitting the
 * modules over worker threads, a `tsgo` each, measured 0.94x of one `tsgo` here and was removed:
 * issue 10 kept it only at 20% faster.)
 *
 * Then the whole CLI (`node bin/convex-versioned.js snapshot`, one process per run): validator-only
 * (`--no-infer-returns`) against inference with an empty cache, after editing one module, and with
 * nothing changed. The budgets against the app's own `tsc` are judged in bench/cli.ts.
 *
 * Run: npx tsx bench/infer.ts   (last line: one JSON object of figures)
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { CONVEX_TSCONFIG } from "./app.ts";

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

function generate(): void {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(dir, "_generated"), { recursive: true });
  writeFileSync(join(root, "package.json"), "{}\n");
  writeFileSync(join(dir, "tsconfig.json"), CONVEX_TSCONFIG);
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

const { inferNative } = await import("../src/contracts/infer/native/index.ts");

const countAny = (contracts: Record<string, { type: string }>) =>
  Object.values(contracts).filter((c) => c.type === "any").length;

// Warm-up, and the app must infer whole: 1,000 contracts, none `any`.
const first = inferNative({ convexDir: dir });
if (Object.keys(first.contracts).length !== MODULES * PER_MODULE)
  throw new Error(
    `expected ${MODULES * PER_MODULE} contracts, got ${Object.keys(first.contracts).length}`,
  );
if (countAny(first.contracts) > 0)
  throw new Error(`contracts degraded to any: ${first.diagnostics.slice(0, 3).join("; ")}`);

const one: number[] = [];
const phases = { program: [] as number[], types: [] as number[], convert: [] as number[] };
for (let round = 0; round < ROUNDS + 2; round++) {
  const a = inferNative({ convexDir: dir });
  one.push(a.ms);
  for (const k of ["program", "types", "convert"] as const) phases[k].push(a.phases[k]);
}

const cliBin = join(repo, "bin/convex-versioned.js");
function snapshot(...flags: string[]): number {
  const start = performance.now();
  execFileSync(
    process.execPath,
    [cliBin, "snapshot", "--convex-dir", relative(root, dir), ...flags],
    {
      cwd: root,
      stdio: "ignore",
    },
  );
  return performance.now() - start;
}
const cache = join(root, "node_modules/.cache/convex-versioned");
const edited = join(dir, "area0/mod0.ts");
const original = readFileSync(edited, "utf8");
const cli = {
  validatorOnly: [] as number[],
  cold: [] as number[],
  oneModule: [] as number[],
  warm: [] as number[],
};
snapshot("--no-infer-returns");
for (let round = 0; round < ROUNDS; round++) {
  rmSync(cache, { recursive: true, force: true });
  cli.validatorOnly.push(snapshot("--no-infer-returns"));
  rmSync(cache, { recursive: true, force: true });
  cli.cold.push(snapshot());
  writeFileSync(edited, `${original}\n// edit ${round}\n`);
  cli.oneModule.push(snapshot());
  cli.warm.push(snapshot());
}
writeFileSync(edited, original);
const cliMs = Object.fromEntries(Object.entries(cli).map(([k, v]) => [k, median(v)])) as Record<
  keyof typeof cli,
  number
>;
const cliRatio = (k: keyof typeof cli) => cliMs[k] / cliMs.validatorOnly;

console.log(`inference in process, ${ROUNDS + 2} cold rounds, medians:`);
console.log(
  `  one tsgo:                    ${median(one).toFixed(0)} ms (program ${median(phases.program).toFixed(0)}, types ${median(phases.types).toFixed(0)}, convert ${median(phases.convert).toFixed(0)})`,
);
console.log(`whole CLI \`snapshot\`, ${ROUNDS} rounds, medians:`);
console.log(`  validator-only:              ${cliMs.validatorOnly.toFixed(0)} ms`);
console.log(
  `  inference, empty cache:      ${cliMs.cold.toFixed(0)} ms  ${cliRatio("cold").toFixed(2)}x`,
);
console.log(
  `  one module of ${MODULES} edited:    ${cliMs.oneModule.toFixed(0)} ms  ${cliRatio("oneModule").toFixed(2)}x`,
);
console.log(
  `  nothing changed (cache hit): ${cliMs.warm.toFixed(0)} ms  ${cliRatio("warm").toFixed(2)}x`,
);
console.log(
  JSON.stringify({
    oneTsgoMs: Math.round(median(one)),
    cliValidatorOnlyMs: Math.round(cliMs.validatorOnly),
    cliColdRatio: Number(cliRatio("cold").toFixed(2)),
    cliOneModuleRatio: Number(cliRatio("oneModule").toFixed(2)),
    cliWarmRatio: Number(cliRatio("warm").toFixed(2)),
  }),
);

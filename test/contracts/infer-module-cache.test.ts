/**
 * The per-module level of the inferred-contract cache: after an edit only the function modules
 * whose local import closure changed are type-checked again, and the merged answer is exactly what
 * a fresh, uncached inference of the whole folder gives.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { functionModuleClosures, inferReturnContracts } from "../../src/contracts/infer/index.ts";
import { type CacheOutcome, inferCached } from "../../src/contracts/infer-cache.ts";

const fixtures = join(process.cwd(), "test/fixtures/infer/doc-field-removed");
const scratch = join(process.cwd(), "test/.tmp", `infer-module-cache-${process.pid}`);
const dir = join(scratch, "convex");
const WANTED = ["cards:all", "notes:latest", "posts:recent"];

const NOTES = `import { query } from "./_generated/server";
export const latest = query({ args: {}, handler: async () => ({ text: "hi", pinned: false }) });
`;
const FORMAT = `export function label(name: string) {
  return { label: name, initials: name.slice(0, 2) };
}
`;
const CARDS = `import { query } from "./_generated/server";
import { label } from "./lib/format";
export const all = query({
  args: {},
  handler: async (ctx) => (await ctx.db.query("users").collect()).map((u) => label(u.name)),
});
`;

function edit(file: string, from: string, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, "utf8");
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
}

async function load(): Promise<{ outcome: CacheOutcome; contracts: Record<string, unknown> }> {
  let outcome: CacheOutcome | undefined;
  // The per-module level belongs to the js engine; the native one re-infers a missed folder whole.
  const { contracts } = await inferCached(dir, WANTED, {
    engine: "js",
    outcome: (o) => {
      outcome = o;
    },
  });
  return { outcome: outcome!, contracts };
}

const fieldsOf = (contract: any): string[] =>
  Object.keys(contract.type === "array" ? contract.value.value : contract.value).sort();

beforeAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  writeFileSync(join(scratch, "package.json"), "{}\n");
  cpSync(join(fixtures, "before/convex"), dir, { recursive: true });
  writeFileSync(join(dir, "notes.ts"), NOTES);
  mkdirSync(join(dir, "lib"));
  writeFileSync(join(dir, "lib/format.ts"), FORMAT);
  writeFileSync(join(dir, "cards.ts"), CARDS);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("per-module inference cache", () => {
  test("closures: type-only imports, _generated → schema, helpers; no installed packages", () => {
    const byModule = Object.fromEntries(
      functionModuleClosures(dir).map((m) => [
        m.module,
        m.files.map((f) => f.slice(dir.length + 1)),
      ]),
    );
    expect(byModule.cards).toEqual([
      "_generated/dataModel.ts",
      "_generated/server.ts",
      "cards.ts",
      "lib/format.ts",
      "schema.ts",
    ]);
    expect(byModule.notes).toEqual([
      "_generated/dataModel.ts",
      "_generated/server.ts",
      "notes.ts",
      "schema.ts",
    ]);
  });

  test("only the modules whose closure changed are type-checked again", async () => {
    const first = await load();
    expect(first.outcome).toEqual({ level: "modules", inferredModules: 3, cachedModules: 0 });
    expect((await load()).outcome.level).toBe("folder");

    edit("notes.ts", "pinned: false", "pinned: false, color: null");
    const notes = await load();
    expect(notes.outcome).toEqual({ level: "modules", inferredModules: 1, cachedModules: 2 });
    expect(fieldsOf(notes.contracts["notes:latest"])).toEqual(["color", "pinned", "text"]);

    edit("lib/format.ts", "initials: name.slice(0, 2)", "short: name.slice(0, 2)");
    const helper = await load();
    expect(helper.outcome).toEqual({ level: "modules", inferredModules: 1, cachedModules: 2 });
    expect(fieldsOf(helper.contracts["cards:all"])).toEqual(["label", "short"]);

    // A schema change reaches every module through _generated/server → dataModel → schema.
    cpSync(join(fixtures, "after/convex/schema.ts"), join(dir, "schema.ts"));
    const schema = await load();
    expect(schema.outcome).toEqual({ level: "modules", inferredModules: 3, cachedModules: 0 });
    expect(fieldsOf(schema.contracts["posts:recent"])).not.toContain("body");

    // A helper outside the functions folder (a shared lib/): the folder-level entry checks it too.
    mkdirSync(join(scratch, "shared"), { recursive: true });
    writeFileSync(join(scratch, "shared/stamp.ts"), "export const stamp = () => ({ at: 1 });\n");
    edit(
      "notes.ts",
      'import { query } from "./_generated/server";',
      'import { query } from "./_generated/server";\nimport { stamp } from "../shared/stamp";',
    );
    edit("notes.ts", 'text: "hi",', 'text: "hi", ...stamp(),');
    expect(fieldsOf((await load()).contracts["notes:latest"])).toContain("at");
    expect((await load()).outcome.level).toBe("folder");
    writeFileSync(join(scratch, "shared/stamp.ts"), "export const stamp = () => ({ when: 1 });\n");
    const outside = await load();
    expect(outside.outcome).toEqual({ level: "modules", inferredModules: 1, cachedModules: 2 });
    expect(fieldsOf(outside.contracts["notes:latest"])).toContain("when");
    expect(fieldsOf(outside.contracts["notes:latest"])).not.toContain("at");

    // The merged answer is what an uncached inference of the whole folder says.
    const fresh = await inferReturnContracts({ convexDir: dir, functions: WANTED });
    expect(outside.contracts).toEqual(fresh.contracts);
  }, 60_000);
});

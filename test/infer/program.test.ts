/**
 * Compiler options: which tsconfig is used, what is forced whatever it says, and what a broken
 * one does. Apps are written to test/.tmp (inside the repo, so `convex` resolves from node_modules).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { inferReturnContracts } from "../../src/contracts/infer/index.ts";
import { findTsconfig } from "../../src/contracts/infer/inputs.ts";
import { BASE_APP, V } from "./virtual.ts";

/** A cold program (libs parsed, convex types checked) takes seconds on a busy 2-core runner. */
const TIMEOUT = 60_000;

const TMP = join(fileURLToPath(new URL("../../", import.meta.url)), "test", ".tmp");
mkdirSync(TMP, { recursive: true });
const base = mkdtempSync(join(TMP, "infer-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** Writes an app (BASE_APP + `files`) under a fresh folder; returns its convex/ path. */
function app(files: Record<string, string>): string {
  const root = mkdtempSync(join(base, "app-"));
  for (const [rel, text] of Object.entries({ ...BASE_APP, ...files })) {
    const path = join(root, rel.startsWith("../") ? rel.slice(3) : join("convex", rel));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return join(root, "convex");
}

const NULLABLE = `import { query } from "./_generated/server";
export const get = query({ args: {}, handler: async () => (Math.random() > 0.5 ? { a: "x" } : null) });`;

describe("compiler options", { timeout: TIMEOUT }, () => {
  it("prefers convex/tsconfig.json, then an explicit one wins over it", () => {
    const dir = app({ "tsconfig.json": "{}", "../tsconfig.json": "{}", "q.ts": NULLABLE });
    expect(findTsconfig(dir)).toBe(join(dir, "tsconfig.json"));
    expect(findTsconfig(dir, join(dir, "..", "tsconfig.json"))).toBe(
      join(dir, "..", "tsconfig.json"),
    );
  });

  it("falls back to the nearest tsconfig above the convex folder", () => {
    const dir = app({ "../tsconfig.json": "{}", "q.ts": NULLABLE });
    expect(findTsconfig(dir)).toBe(join(dir, "..", "tsconfig.json"));
  });
});

// What inference does with the options, and the words for what goes wrong.
describe("compiler options in inference", { timeout: TIMEOUT }, () => {
  it("forces strictNullChecks: a nullable result stays nullable under `strict: false`", async () => {
    const dir = app({
      "tsconfig.json": '{ "compilerOptions": { "strict": false } }',
      "q.ts": NULLABLE,
    });
    const { contracts } = await inferReturnContracts({ convexDir: dir });
    expect(contracts["q:get"]).toEqual(V.union(V.null, V.object({ a: V.string })));
  });

  it("a malformed tsconfig is a diagnostic naming it, and defaults are used", async () => {
    const dir = app({ "tsconfig.json": "{ not json", "q.ts": NULLABLE });
    const { contracts, diagnostics } = await inferReturnContracts({ convexDir: dir });
    expect(contracts["q:get"]).toEqual(V.union(V.null, V.object({ a: V.string })));
    expect(
      diagnostics.some((d) => d.includes(join(dir, "tsconfig.json")) && d.includes("default")),
    ).toBe(true);
  });

  it("a missing explicit tsconfig is an input error naming it", async () => {
    const dir = app({ "q.ts": NULLABLE });
    await expect(
      inferReturnContracts({ convexDir: dir, tsconfig: join(dir, "nope.json") }),
    ).rejects.toThrow(/tsconfig ".*nope\.json" does not exist/);
  });

  it("skips what the bundler skips: tests, _generated, schema, non-modules", async () => {
    const dir = app({
      "q.ts": NULLABLE,
      "q.test.ts": `import { query } from "./_generated/server";\nexport const t = query(async () => 1);`,
      "script.ts": "const x = 1;\n",
    });
    const { contracts } = await inferReturnContracts({ convexDir: dir });
    expect(Object.keys(contracts)).toEqual(["q:get"]);
  });

  it("reads JSDoc types in .js modules (JSDoc in .ts files is skipped when parsing)", async () => {
    const dir = app({
      "legacy.js": `import { query } from "./_generated/server";
/**
 * @param {string} text
 * @returns {{ name: string, size: number }}
 */
function describeIt(text) {
  return JSON.parse(text);
}
export const info = query({ args: {}, handler: async () => describeIt("{}") });
`,
    });
    const { contracts } = await inferReturnContracts({ convexDir: dir });
    // Without the JSDoc, JSON.parse's `any` would be the whole contract.
    expect(contracts["legacy:info"]).toEqual(V.object({ name: V.string, size: V.number }));
  });
});

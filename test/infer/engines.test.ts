/**
 * The two inference engines agree, contract for contract and diagnostic for diagnostic, on the
 * real apps in this repo: the project's own `convex/` (versioned exports, custom and zod builders,
 * internal functions, actions) and the chat fixture's two sides. (The evolution example declares
 * `returns` everywhere: nothing to infer.) The fixture apps and
 * every conversion case are held to exact contracts per engine in `fixtures.test.ts`,
 * `convert.test.ts` and `walk.test.ts`; this adds the apps nobody wrote expectations for.
 */
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConvexDir } from "../../src/contracts/index.ts";
import { inferNative } from "../../src/contracts/infer/native/index.ts";
import { defaultParts, inferNativeParallel } from "../../src/contracts/infer/native/parallel.ts";
import { functionsWithoutReturns } from "../../src/contracts/with-inferred.ts";
import { inferDir } from "./virtual.ts";

const TIMEOUT = 60_000;
const repo = process.cwd();

const APPS = ["convex", "test/fixtures/chat/before/convex", "test/fixtures/chat/after/convex"];

describe("js and native engines infer the same contracts", { timeout: TIMEOUT }, () => {
  for (const app of APPS) {
    it(app, async () => {
      const convexDir = join(repo, app);
      // As the CLI asks (the functions the loader found without `returns`, versioned exports
      // included), then as the API does by default (what the source shows without `returns`).
      const asked = functionsWithoutReturns(await loadConvexDir(convexDir));
      let contracts = 0;
      for (const functions of [[...asked, "gone:missing"], undefined]) {
        const opts = { convexDir, ...(functions ? { functions } : {}) };
        const js = await inferDir("js", opts);
        const native = await inferDir("native", opts);
        // Same JSON text: the lock file must not change when the engine does.
        expect(JSON.stringify(native.contracts)).toBe(JSON.stringify(js.contracts));
        expect([...native.diagnostics].sort()).toEqual([...js.diagnostics].sort());
        contracts += Object.keys(js.contracts).length;
        if (functions) {
          expect(Object.keys(js.contracts).sort()).toEqual([...asked].sort());
          expect(native.diagnostics.some((d) => d.startsWith("gone:missing:"))).toBe(true);
        }
      }
      expect(contracts).toBeGreaterThan(0);
    });
  }
});

describe("the native engine split across worker threads", { timeout: TIMEOUT }, () => {
  for (const app of APPS) {
    it(`${app}: 2 and 3 parts give what one tsgo gives (as the CLI asks)`, async () => {
      const convexDir = join(repo, app);
      const asked = functionsWithoutReturns(await loadConvexDir(convexDir));
      {
        const opts = { convexDir, functions: [...asked, "gone:missing"] };
        const one = inferNative(opts);
        for (const parts of [2, 3]) {
          const split = await inferNativeParallel(opts, parts);
          expect(JSON.stringify(sortKeys(split.contracts))).toBe(
            JSON.stringify(sortKeys(one.contracts)),
          );
          expect([...split.diagnostics].sort()).toEqual([...one.diagnostics].sort());
          // The program holds the modules with something to infer (and what they import).
          for (const id of asked) {
            const module = join(convexDir, id.slice(0, id.lastIndexOf(":")));
            expect(split.files.some((f) => f.startsWith(`${module}.`))).toBe(true);
          }
          expect(split.files.every((f) => one.files.includes(f))).toBe(true);
        }
      }
    });
  }

  it("type-checks only the modules with a function to infer", async () => {
    const convexDir = join(repo, "test/fixtures/chat/before/convex");
    const stats = await inferNativeParallel({ convexDir, functions: ["stats:default"] });
    expect(Object.keys(stats.contracts)).toEqual(["stats:default"]);
    const modules = stats.files.filter(
      (f) => f.startsWith(convexDir) && !f.includes("/_generated/") && !f.endsWith("/schema.ts"),
    );
    expect(modules).toEqual([join(convexDir, "stats.ts")]);
  });

  it("splits only when each part has enough modules to pay for its own tsgo", () => {
    expect(defaultParts(10)).toBe(1);
    expect(defaultParts(49)).toBe(1);
    expect(defaultParts(1000)).toBeGreaterThanOrEqual(Math.min(2, availableParallelism()));
    expect(defaultParts(1000)).toBeLessThanOrEqual(4);
  });
});

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * Choosing the inference engine: `auto` uses typescript@7's native checker and falls back to
 * TypeScript 5.9 (with a warning) when `tsgo` cannot start; `native` fails instead; `js` never
 * tries. Each case runs in its own copy of a fixture so the folder cache cannot answer for it.
 */
import { cpSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadAppWithContracts } from "../../src/contracts/index.ts";
import { tsgoExecutable } from "../../src/contracts/infer/native/tsgo.ts";
import { inferCached } from "../../src/contracts/infer-cache.ts";
import { InputError } from "../../src/input-error.ts";
import { cli } from "../cli/helpers.ts";

const TIMEOUT = 60_000;
const scratch = join(process.cwd(), "test/.tmp", `infer-engine-${process.pid}`);
const FIXTURE = join(process.cwd(), "test/fixtures/infer/field-renamed/before/convex");
const WANTED = ["users:profile"];
const NO_TSGO = join(scratch, "no-such-tsgo");
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let copies = 0;
/** A fresh app folder (with its own cache) holding the fixture. */
function copy(): string {
  const root = join(scratch, `app${copies++}`);
  mkdirSync(root, { recursive: true });
  cpSync(FIXTURE, join(root, "convex"), { recursive: true });
  return join(root, "convex");
}

describe("inference engines", { timeout: TIMEOUT }, () => {
  it("auto runs the native checker when typescript@7 has a tsgo binary here", async () => {
    expect(tsgoExecutable()).toMatch(/@typescript[/\\]typescript-[^/\\]+[/\\]lib[/\\]tsc/);
    const r = await inferCached(copy(), WANTED);
    expect(r.engine).toBe("native");
    expect(r.fallback).toBeUndefined();
  });

  it("auto falls back to TypeScript 5.9 when tsgo cannot start, says why, and infers the same", async () => {
    const native = await inferCached(copy(), WANTED, { engine: "native" });
    const fallback = await inferCached(copy(), WANTED, { tsgo: NO_TSGO });
    expect(fallback.engine).toBe("js");
    expect(fallback.fallback).toContain(`no tsgo binary at ${NO_TSGO}`);
    expect(fallback.fallback).toContain("--infer-engine js");
    expect(fallback.contracts).toEqual(native.contracts);
  });

  it("native fails instead of falling back: an input error (exit 2) naming the flag and the way out", async () => {
    const failure = inferCached(copy(), WANTED, { engine: "native", tsgo: NO_TSGO });
    await expect(failure).rejects.toBeInstanceOf(InputError);
    await expect(failure).rejects.toThrow(
      `--infer-engine native: typescript@7's checker could not run (no tsgo binary at ${NO_TSGO}). Use --infer-engine js`,
    );
  });

  it("js never starts tsgo (a missing binary does not matter)", async () => {
    const r = await inferCached(copy(), WANTED, { engine: "js", tsgo: NO_TSGO });
    expect(r.engine).toBe("js");
    expect(r.fallback).toBeUndefined();
  });

  it("the loader shows the fallback as a warning", async () => {
    const app = await loadAppWithContracts(copy(), { tsgo: NO_TSGO });
    expect(app.warnings.some((w) => w.includes("inferred with TypeScript 5.9 instead"))).toBe(true);
    expect(app.functions["users:profile"]?.returnsInferred).toBeDefined();
  });
});

describe("--infer-engine", { timeout: TIMEOUT }, () => {
  it("native and js write the same lock file", async () => {
    const locks = [];
    for (const engine of ["native", "js"]) {
      const dir = copy();
      const out = join(dir, "..", "lock.json");
      const run = await cli(
        ["snapshot", "--convex-dir", dir, "--out", out, "--infer-engine", engine],
        scratch,
      );
      expect(run.code, run.stderr).toBe(0);
      locks.push(readFileSync(out, "utf8"));
    }
    expect(locks[0]).toContain('"returnsInferred"');
    expect(locks[1]).toBe(locks[0]);
  });

  it("an unknown engine exits 2 naming the choices", async () => {
    const run = await cli(["snapshot", "--convex-dir", copy(), "--infer-engine", "fast"], scratch);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/auto, native, js/);
  });
});

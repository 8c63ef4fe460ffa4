/**
 * What happens when a contract cannot be inferred: the checker cannot start (no tsgo binary for
 * this platform), a function's contract is missing or partly `any`, or the app's convex is too old.
 * Each is said, one line per function; `--require-contracts` turns them into failures.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadAppWithContracts } from "../../src/contracts/index.ts";
import { tsgoExecutable } from "../../src/contracts/infer/native/tsgo.ts";
import { InputError } from "../../src/input-error.ts";
import { cli } from "../cli/helpers.ts";

const TIMEOUT = 120_000;
const scratch = join(process.cwd(), "test/.tmp", `infer-engine-${process.pid}`);
const FIXTURE = join(process.cwd(), "test/fixtures/infer/field-renamed/before/convex");
const NO_TSGO = join(scratch, "no-such-tsgo");
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let copies = 0;
/** A fresh app folder (with its own cache) holding the fixture, plus `extra` modules. */
function copy(extra: Record<string, string> = {}): string {
  const root = join(scratch, `app${copies++}`);
  mkdirSync(root, { recursive: true });
  cpSync(FIXTURE, join(root, "convex"), { recursive: true });
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(root, "convex", name), text);
  return join(root, "convex");
}

const PARTLY_ANY = `import { query } from "./_generated/server";
export const loose = query({ args: {}, handler: async () => ({ ok: true, data: JSON.parse("{}") }) });
`;

describe("contracts that cannot be inferred", { timeout: TIMEOUT }, () => {
  it("typescript@7 ships a tsgo binary for this platform", () => {
    expect(tsgoExecutable()).toMatch(/@typescript[/\\]typescript-[^/\\]+[/\\]lib[/\\]tsc/);
  });

  it("a checker that cannot start leaves the run validator-only, with one warning naming the way out", async () => {
    const app = await loadAppWithContracts(copy(), { tsgo: NO_TSGO });
    expect(app.functions["users:profile"]?.returnsInferred).toBeUndefined();
    const lines = app.warnings.filter((w) => w.includes("checker could not run"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`no tsgo binary at ${NO_TSGO}`);
    expect(lines[0]).toContain("--no-infer-returns");
  });

  it("--require-contracts makes a checker that cannot start an input error (exit 2)", async () => {
    const run = loadAppWithContracts(copy(), { tsgo: NO_TSGO, requireContracts: true });
    await expect(run).rejects.toBeInstanceOf(InputError);
    await expect(run).rejects.toThrow(/--require-contracts: .*checker could not run/);
  });

  it("a partly-any contract is listed with its function and reason", async () => {
    const app = await loadAppWithContracts(copy({ "loose.ts": PARTLY_ANY }), {});
    expect(app.degraded).toEqual([expect.stringMatching(/^loose:loose: .*any/)]);
    expect(app.functions["users:profile"]?.returnsInferred).toBeDefined();
  });

  it("snapshot prints each degraded function on stderr; check lists them in JSON `warnings`", async () => {
    const dir = copy({ "loose.ts": PARTLY_ANY });
    const out = join(dir, "..", "lock.json");
    const snap = await cli(["snapshot", "--convex-dir", dir, "--out", out], scratch);
    expect(snap.code, snap.stderr).toBe(0);
    expect(snap.stderr).toMatch(/^warning: loose:loose: .*any/m);
    const check = await cli(
      ["check", "--convex-dir", dir, "--baseline", out, "--format", "json"],
      scratch,
    );
    expect(check.code, check.stderr).toBe(0);
    expect(JSON.parse(check.stdout).warnings).toEqual([expect.stringMatching(/^loose:loose: /)]);
  });

  it("--require-contracts fails snapshot (exit 1, nothing written) and check (exit 1) on a degraded contract", async () => {
    const dir = copy({ "loose.ts": PARTLY_ANY });
    const out = join(dir, "..", "strict-lock.json");
    const snap = await cli(
      ["snapshot", "--convex-dir", dir, "--out", out, "--require-contracts"],
      scratch,
    );
    expect(snap.code).toBe(1);
    expect(snap.stderr).toContain("--require-contracts: 1 function has no exact return contract");
    expect(() => readFileSync(out)).toThrow();
    await cli(["snapshot", "--convex-dir", dir, "--out", out], scratch);
    const check = await cli(
      ["check", "--convex-dir", dir, "--baseline", out, "--require-contracts"],
      scratch,
    );
    expect(check.code).toBe(1);
    expect(check.stderr).toContain("loose:loose");
  });

  it("an app on convex before 0.13 gets one line saying contracts cannot be inferred", async () => {
    const dir = copy();
    const root = join(dir, "..");
    writeFileSync(join(root, "package.json"), "{}\n");
    mkdirSync(join(root, "node_modules/convex"), { recursive: true });
    writeFileSync(
      join(root, "node_modules/convex/package.json"),
      JSON.stringify({ name: "convex", version: "0.12.2" }),
    );
    // Loading needs the real convex; inference is what the old version rules out.
    const real = await loadAppWithContracts(copy(), { inferReturns: false });
    const { addInferredReturns } = await import("../../src/contracts/with-inferred.ts");
    const app = await addInferredReturns({ ...real, warnings: [] }, dir, {});
    expect(app.warnings).toEqual([
      expect.stringContaining("return contracts cannot be inferred for convex 0.12.2"),
    ]);
    expect(app.functions["users:profile"]?.returnsInferred).toBeUndefined();
  });
});

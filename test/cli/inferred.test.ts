/**
 * Issue 5 end to end: `snapshot` records inferred return contracts for functions without `returns`,
 * and `check` judges them with the same rules, saying the contract was inferred.
 * Fixture pairs: test/fixtures/infer/<case>/{before,after}/convex (no returns validators).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { cli } from "./helpers.ts";

const root = process.cwd();
const scratch = mkdtempSync(join(tmpdir(), "cv-inferred-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const fixture = (name: string, side: "before" | "after") =>
  join(root, "test/fixtures/infer", name, side, "convex");

async function snapshotBefore(name: string): Promise<string> {
  const lock = join(scratch, `${name}.lock.json`);
  const run = await cli(["snapshot", "--convex-dir", fixture(name, "before"), "--out", lock], root);
  expect(run.code, run.stderr).toBe(0);
  return lock;
}

describe("inferred return contracts through snapshot and check", () => {
  test("snapshot stores returnsInferred apart from returns", async () => {
    const lock = JSON.parse(readFileSync(await snapshotBefore("field-removed"), "utf8"));
    const profile = lock.functions["users:profile"];
    expect(profile.returns).toBeNull();
    expect(Object.keys(profile.returnsInferred.value).sort()).toEqual(["hasEmail", "id", "name"]);
  });

  test("a field dropped in handler code fails check, marked as inferred, with the fix", async () => {
    const lock = await snapshotBefore("field-removed");
    const run = await cli(
      [
        "check",
        "--baseline",
        lock,
        "--convex-dir",
        fixture("field-removed", "after"),
        "--format",
        "json",
      ],
      root,
    );
    expect(run.code, run.stderr).toBe(1);
    const { ok, changes } = JSON.parse(run.stdout);
    expect(ok).toBe(false);
    expect(changes).toEqual([
      expect.objectContaining({
        rule: "RETURNS_FIELD_NO_DELETE",
        level: "breaking",
        function: "users:profile",
        inferred: true,
      }),
    ]);
    expect(changes[0].message).toMatch(/inferred/i);
    expect(changes[0].fix).toMatch(/returns/);
  });

  test("--no-infer-returns: a validator-only check cannot see it (what issue 5 closes)", async () => {
    const lock = join(scratch, "no-infer.lock.json");
    const before = await cli(
      [
        "snapshot",
        "--no-infer-returns",
        "--convex-dir",
        fixture("field-removed", "before"),
        "--out",
        lock,
      ],
      root,
    );
    expect(before.code).toBe(0);
    const run = await cli(
      [
        "check",
        "--no-infer-returns",
        "--baseline",
        lock,
        "--convex-dir",
        fixture("field-removed", "after"),
      ],
      root,
    );
    expect(run.code).toBe(0);
  });

  test("a control (local refactor, same shape) passes", async () => {
    const lock = await snapshotBefore("control-local-refactor");
    const run = await cli(
      ["check", "--baseline", lock, "--convex-dir", fixture("control-local-refactor", "after")],
      root,
    );
    expect(run.code, run.stdout).toBe(0);
  });
});

/**
 * The project's own app is guarded by its own lock file: `convex-versioned.lock.json` is exactly what
 * `snapshot` writes for convex/ today, and `check` finds nothing an old client would notice.
 * After an intended API change, run `npx convex-versioned snapshot` and commit the lock.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { cli } from "./helpers.ts";

test("convex/ matches its committed lock file, and check passes against it", async () => {
  const root = process.cwd();
  const run = await cli(["check", "--format", "json"], root);
  expect(JSON.parse(run.stdout)).toEqual({ ok: true, changes: [] });
  expect(run.code).toBe(0);
  const dir = mkdtempSync(join(tmpdir(), "cv-dogfood-"));
  try {
    const out = join(dir, "lock.json");
    expect((await cli(["snapshot", "--out", out], root)).code).toBe(0);
    expect(readFileSync(out, "utf8"), "convex/ changed: run `npx convex-versioned snapshot`").toBe(
      readFileSync(join(root, "convex-versioned.lock.json"), "utf8"),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 30_000);

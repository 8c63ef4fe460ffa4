/**
 * `report` flags as the CLI declares them (the logic is src/report's): the app comes from the
 * functions folder (with the env flags) or from --lock, and bad inputs exit 2.
 */
import { describe, expect, it } from "vitest";
import { chatBefore, envApp, tempDir } from "../contracts/helpers.ts";
import { cli } from "./helpers.ts";

describe("report", () => {
  it("lists each version of the fixture's versioned definition with its status", async () => {
    const run = await cli(
      ["report", "--convex-dir", chatBefore, "--now", "2026-11-01", "--format", "json"],
      tempDir(),
    );
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(JSON.stringify(report)).toContain("messages:send");
    expect(report.counts).toMatchObject({ removed: 1, deprecated: 1 });
  });

  it("reads the app from --lock, and loads modules with env flags", async () => {
    const cwd = tempDir();
    await cli(["snapshot", "--convex-dir", chatBefore], cwd);
    const fromLock = await cli(
      ["report", "--lock", "convex-versioned.lock.json", "--now", "2027-01-01"],
      cwd,
    );
    expect(fromLock.code).toBe(0);
    expect(fromLock.stdout).toContain("messages:send");
    const env = await cli(
      ["report", "--convex-dir", envApp, "--env", "CV_FIXTURE_STRIPE_KEY=k"],
      cwd,
    );
    expect(env.code).toBe(0);
  });

  it("exits 2 on a missing usage file and a bad --quiet-days", async () => {
    const cwd = tempDir();
    const missing = await cli(["report", "--convex-dir", chatBefore, "--usage", "nope.jsonl"], cwd);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nope.jsonl");
    const days = await cli(["report", "--quiet-days", "soon"], cwd);
    expect(days.code).toBe(2);
    expect(days.stderr).toContain("--quiet-days soon: expected a whole number of days.");
  });
});

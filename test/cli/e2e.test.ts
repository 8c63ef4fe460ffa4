/**
 * The installed command as users run it: `bin/convex-versioned.js` in a child process (tsx loader,
 * real exit codes, real stdout/stderr). Kept to a few runs: each costs a Node start.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { chatAfter, chatBefore, tempDir } from "../contracts/helpers.ts";
import { CHAT_DEGRADED, spawnCli } from "./helpers.ts";

describe("bin/convex-versioned.js", () => {
  it("snapshot then check: 0 on the same code, 1 on breaking code, lock untouched by check", async () => {
    const cwd = tempDir();
    const snap = await spawnCli(["snapshot", "--convex-dir", chatBefore], cwd);
    expect(snap).toMatchObject({ code: 0, stderr: CHAT_DEGRADED });
    const lock = readFileSync(join(cwd, "convex-versioned.lock.json"), "utf8");
    const same = await spawnCli(["check", "--convex-dir", chatBefore, "--now", "2026-11-01"], cwd);
    expect(same.code).toBe(0);
    const after = await spawnCli(
      ["check", "--convex-dir", chatAfter, "--now", "2026-11-01", "--format", "json"],
      cwd,
    );
    expect(after.code).toBe(1);
    expect(JSON.parse(after.stdout).ok).toBe(false);
    expect(readFileSync(join(cwd, "convex-versioned.lock.json"), "utf8")).toBe(lock);
  }, 60_000);

  it("exit 2 with the message on stderr for a bad flag; help exits 0", async () => {
    const cwd = tempDir();
    const bad = await spawnCli(["check", "--format", "xml"], cwd);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toContain("argument 'xml' is invalid");
    const help = await spawnCli(["--help"], cwd);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("check");
    expect(help.stdout).toContain("snapshot");
  }, 60_000);
});

describe("bin/convex-versioned.js on a stray error", () => {
  it("an uncaught exception is exit 2 (internal error), never 1", () => {
    const bin = join(process.cwd(), "bin/convex-versioned.js");
    // A module that takes a while to import, and a stray throw while it does.
    const root = join(process.cwd(), "test/.tmp", `stray-${process.pid}`);
    mkdirSync(join(root, "convex"), { recursive: true });
    writeFileSync(join(root, "package.json"), "{}\n");
    writeFileSync(
      join(root, "convex/slow.ts"),
      "export {};\nawait new Promise((r) => setTimeout(r, 20_000));\n",
    );
    const thrower = `data:text/javascript,${encodeURIComponent('setTimeout(() => { throw new Error("stray"); }, 1_000);')}`;
    try {
      const run = spawnSync(
        process.execPath,
        ["--import", thrower, bin, "snapshot", "--no-infer-returns"],
        {
          cwd: root,
          encoding: "utf8",
        },
      );
      expect(run.status).toBe(2);
      expect(run.stderr).toContain("internal error (please report it)");
      expect(run.stderr).toContain("stray");
      expect(existsSync(join(root, "convex-versioned.lock.json"))).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("an app using v.commitTs() (convex ≥ 1.43)", () => {
  const commitTs = fileURLToPath(new URL("../fixtures/commit-ts/", import.meta.url));

  it("check accepts the lock snapshot wrote, passes unchanged code, judges a changed commitTs", async () => {
    const cwd = tempDir();
    const snap = await spawnCli(
      ["snapshot", "--convex-dir", join(commitTs, "before/convex"), "--no-infer-returns"],
      cwd,
    );
    expect(snap).toMatchObject({ code: 0, stderr: "" });
    expect(readFileSync(join(cwd, "convex-versioned.lock.json"), "utf8")).toContain(
      '"type": "commitTs"',
    );
    const same = await spawnCli(
      ["check", "--convex-dir", join(commitTs, "before/convex"), "--no-infer-returns"],
      cwd,
    );
    expect(same).toMatchObject({ code: 0, stderr: "" });
    const after = await spawnCli(
      [
        "check",
        "--convex-dir",
        join(commitTs, "after/convex"),
        "--no-infer-returns",
        "--format",
        "json",
      ],
      cwd,
    );
    expect(after.stderr).toBe("");
    expect(after.code).toBe(1);
    expect(
      JSON.parse(after.stdout).changes.map((c: { rule: string; function: string }) => [
        c.function,
        c.rule,
      ]),
    ).toEqual([["events:latest", "RETURNS_TYPE_SAME"]]);
  }, 60_000);
});

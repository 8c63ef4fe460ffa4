/**
 * The installed command as users run it: `bin/convex-versioned.js` in a child process (tsx loader,
 * real exit codes, real stdout/stderr). Kept to a few runs: each costs a Node start.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { v } from "convex/values";
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

/**
 * `v.function()` exists from convex 1.49, which needs Node 22: this suite runs in the compatibility
 * run (`npm run compat`), and is skipped, saying so, on the convex this repository pins.
 */
const hasFunctionHandles = "function" in v;

describe.skipIf(!hasFunctionHandles)(
  "an app using v.function() handles (convex ≥ 1.49; skipped on older convex)",
  () => {
    const functions = (label: string, callback: string) => `
import { internalMutationGeneric, mutationGeneric } from "convex/server";
import { v } from "convex/values";

export const start = mutationGeneric({
  args: {
    onComplete: v.function({ fnType: "mutation", args: { jobId: v.string() }, returns: v.null() }),
    label: ${label},
  },
  returns: v.null(),
  handler: async () => null,
});

export const finish = internalMutationGeneric({
  args: { callback: ${callback} },
  handler: async () => null,
});
`;
    it("snapshot writes convex's own handle JSON; check judges handles as strings that are handles", async () => {
      const app = join(process.cwd(), "test/.tmp", `handles-${process.pid}`);
      rmSync(app, { recursive: true, force: true });
      mkdirSync(join(app, "before"), { recursive: true });
      mkdirSync(join(app, "after"), { recursive: true });
      writeFileSync(join(app, "before/jobs.ts"), functions("v.string()", "v.function()"));
      // `label` now takes only a handle (breaking); `callback` any string (a handle is one).
      writeFileSync(join(app, "after/jobs.ts"), functions("v.function()", "v.string()"));
      try {
        const cwd = tempDir();
        const before = ["--convex-dir", join(app, "before"), "--no-infer-returns"];
        expect(await spawnCli(["snapshot", ...before], cwd)).toMatchObject({ code: 0, stderr: "" });
        const lock = JSON.parse(readFileSync(join(cwd, "convex-versioned.lock.json"), "utf8"));
        expect(lock.functions["jobs:start"].args.value.onComplete.fieldType).toEqual({
          type: "function",
          fnType: "mutation",
          args: {
            type: "object",
            value: { jobId: { fieldType: { type: "string" }, optional: false } },
          },
          returns: { type: "null" },
        });
        expect(await spawnCli(["check", ...before], cwd)).toMatchObject({ code: 0, stderr: "" });
        const after = await spawnCli(
          ["check", "--convex-dir", join(app, "after"), "--no-infer-returns", "--format", "json"],
          cwd,
        );
        expect(after.stderr).toBe("");
        expect(after.code).toBe(1);
        const changes = JSON.parse(after.stdout).changes as {
          function: string;
          rule: string;
          level: string;
        }[];
        expect(changes.filter((c) => c.level === "breaking").map((c) => c.function)).toEqual([
          "jobs:start",
        ]);
      } finally {
        rmSync(app, { recursive: true, force: true });
      }
    }, 60_000);
  },
);

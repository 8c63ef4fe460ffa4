/**
 * `check` end to end over the chat fixture: baseline from a lock file, a function-spec file, git
 * and the deployment; every output format; waivers; the date the deprecation windows are judged at.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { chatAfter, chatBefore, fixtures, tempDir } from "../contracts/helpers.ts";
import { cli, otherThanChatWarning } from "./helpers.ts";

interface Finding {
  rule: string;
  level: "breaking" | "dangerous" | "info";
  function: string;
  path?: string;
  message: string;
}

let cwd: string;
beforeAll(async () => {
  cwd = tempDir();
  expect((await cli(["snapshot", "--convex-dir", chatBefore], cwd)).code).toBe(0);
});

async function json(argv: string[]): Promise<{ code: number; ok: boolean; changes: Finding[] }> {
  const run = await cli([...argv, "--format", "json"], cwd);
  expect(otherThanChatWarning(run.stderr)).toBe("");
  const parsed = JSON.parse(run.stdout);
  return { code: run.code, ...parsed };
}

const breaking = (changes: Finding[]) =>
  changes.filter((c) => c.level === "breaking").map((c) => c.function);

describe("check against the lock file", () => {
  it("passes when nothing changed", async () => {
    const result = await json(["check", "--convex-dir", chatBefore, "--now", "2026-11-01"]);
    expect(result).toMatchObject({ code: 0, ok: true });
    expect(breaking(result.changes)).toEqual([]);
  });

  it("fails on the breaking changes of the after app, and only on them", async () => {
    const { code, ok, changes } = await json([
      "check",
      "--convex-dir",
      chatAfter,
      "--now",
      "2026-11-01",
    ]);
    expect(code).toBe(1);
    expect(ok).toBe(false);
    expect(changes).toContainEqual(
      expect.objectContaining({
        rule: "FUNCTION_NO_DELETE",
        level: "breaking",
        function: "channels:rename",
      }),
    );
    expect(changes).toContainEqual(
      expect.objectContaining({
        rule: "ARG_NO_ADD_REQUIRED",
        level: "breaking",
        function: "channels:create",
        path: "args.topic",
      }),
    );
    // `displayName` dropped from the result: old readers rely on it.
    expect(breaking(changes)).toContain("profiles:get");
    // The deprecated `send` version was deleted before its removeAfter (2026-12-01).
    expect(breaking(changes)).toContain("messages:send");
    // Expanding sendMessage with a new version and adding an optional arg break nobody.
    expect(breaking(changes)).not.toContain("messages:sendMessage");
    expect(changes.filter((c) => c.function === "admin/users:list" && c.level !== "info")).toEqual(
      [],
    );
    // An internal function's new required arg is dangerous (scheduled jobs), not breaking.
    expect(changes).toContainEqual(
      expect.objectContaining({ level: "dangerous", function: "admin/audit:record" }),
    );
    // A new field in a result is information only.
    expect(changes).toContainEqual(
      expect.objectContaining({ level: "info", function: "channels:list" }),
    );
  });

  it("allows deleting the deprecated version once its removeAfter has passed", async () => {
    const { changes } = await json(["check", "--convex-dir", chatAfter, "--now", "2027-01-01"]);
    expect(breaking(changes)).not.toContain("messages:send");
    expect(breaking(changes)).toContain("channels:rename");
  });
});

describe("other baselines", () => {
  it("a function-spec file of the same app passes; against the after app it fails", async () => {
    const spec = join(fixtures, "function-spec/chat-before.json");
    const same = await json([
      "check",
      "--baseline",
      spec,
      "--convex-dir",
      chatBefore,
      "--now",
      "2026-11-01",
    ]);
    expect(breaking(same.changes)).toEqual([]);
    expect(same.code).toBe(0);
    const after = await json([
      "check",
      "--baseline",
      spec,
      "--convex-dir",
      chatAfter,
      "--now",
      "2026-11-01",
    ]);
    expect(after.code).toBe(1);
    expect(breaking(after.changes)).toEqual(
      expect.arrayContaining(["channels:rename", "channels:create"]),
    );
  });

  it("--current compares two files without loading any folder", async () => {
    const afterCwd = tempDir();
    await cli(["snapshot", "--convex-dir", chatAfter], afterCwd);
    const current = join(afterCwd, "convex-versioned.lock.json");
    const result = await json([
      "check",
      "--current",
      current,
      "--now",
      "2026-11-01",
      "--convex-dir",
      "does-not-exist",
    ]);
    expect(result.code).toBe(1);
    expect(breaking(result.changes)).toContain("channels:rename");
  });

  it("git:REF reads the lock file as committed at REF, not the working copy", async () => {
    const repo = tempDir();
    const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, stdio: "pipe" });
    git("init", "-q");
    copyFileSync(join(cwd, "convex-versioned.lock.json"), join(repo, "convex-versioned.lock.json"));
    git("add", ".");
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "lock");
    // The pull request rewrote its own lock to match the breaking code: the committed one still judges.
    await cli(["snapshot", "--convex-dir", chatAfter], repo);
    const run = await cli(
      ["check", "--baseline", "git:HEAD", "--convex-dir", chatAfter, "--now", "2026-11-01"],
      repo,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("channels:rename");
    const missing = await cli(
      ["check", "--baseline", "git:no-such-ref", "--convex-dir", chatAfter],
      repo,
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      "--baseline git:no-such-ref: `git show no-such-ref:./convex-versioned.lock.json` failed",
    );
  });

  /**
   * A project whose `node_modules/.bin/convex` is a stand-in for the Convex CLI: it prints
   * function-spec output when its arguments are exactly `expectedArgs`, else fails naming them.
   */
  function projectWithFakeConvex(expectedArgs: string): { project: string; fake: string } {
    const project = tempDir();
    mkdirSync(join(project, "node_modules/.bin"), { recursive: true });
    const fake = join(project, "node_modules/.bin/convex");
    const spec = join(fixtures, "function-spec/chat-before.json");
    writeFileSync(
      fake,
      `#!/bin/sh\nif [ "$*" = "${expectedArgs}" ]; then cat ${JSON.stringify(spec)}; else echo "asked for: $*" >&2; exit 3; fi\n`,
    );
    chmodSync(fake, 0o755);
    return { project, fake };
  }

  it("deployment runs the project's convex CLI function-spec and reads its output", async () => {
    const { project, fake } = projectWithFakeConvex("function-spec");
    const run = await cli(
      ["check", "--baseline", "deployment", "--convex-dir", chatAfter, "--now", "2026-11-01"],
      project,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("channels:rename");

    writeFileSync(fake, "#!/bin/sh\necho 'No CONVEX_DEPLOYMENT set' >&2\nexit 1\n");
    const failed = await cli(
      ["check", "--baseline", "deployment", "--convex-dir", chatAfter],
      project,
    );
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain("`npx convex function-spec` failed: No CONVEX_DEPLOYMENT set");
  });

  it("deployment:NAME passes --deployment NAME to function-spec", async () => {
    // Answers only for the production deployment; anything else fails like a wrong target would.
    const { project } = projectWithFakeConvex("function-spec --deployment prod");
    const run = await cli(
      ["check", "--baseline", "deployment:prod", "--convex-dir", chatAfter, "--now", "2026-11-01"],
      project,
    );
    expect(otherThanChatWarning(run.stderr)).toBe("");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("channels:rename");

    const staging = await cli(
      ["check", "--baseline", "deployment:staging", "--convex-dir", chatAfter],
      project,
    );
    expect(staging.code).toBe(2);
    expect(staging.stderr).toContain(
      "--baseline deployment:staging: `npx convex function-spec --deployment staging` failed: asked for: function-spec --deployment staging",
    );
    const empty = await cli(
      ["check", "--baseline", "deployment:", "--convex-dir", chatAfter],
      project,
    );
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("--baseline deployment:NAME needs a deployment");
  });
});

describe("output formats", () => {
  const argv = ["check", "--convex-dir", chatAfter, "--now", "2026-11-01"];

  it("text names each rule and function", async () => {
    const run = await cli(argv, cwd);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("FUNCTION_NO_DELETE");
    expect(run.stdout).toContain("channels:rename");
    expect(run.stdout).toContain("ARG_NO_ADD_REQUIRED");
    // Not a terminal: no colour codes.
    expect(run.stdout).not.toContain("\u001b[");
  });

  it("markdown and github carry the same findings", async () => {
    const markdown = await cli([...argv, "--format", "markdown"], cwd);
    expect(markdown.code).toBe(1);
    expect(markdown.stdout).toContain("FUNCTION_NO_DELETE");
    expect(markdown.stdout).toContain("channels:rename");
    const github = await cli([...argv, "--format", "github"], cwd);
    expect(github.code).toBe(1);
    expect(github.stdout).toMatch(/^::error.*FUNCTION_NO_DELETE/m);
  });
});

describe("waivers", () => {
  const argv = ["check", "--convex-dir", chatAfter, "--now", "2026-11-01"];

  /** One waiver per breaking finding of the after app, expiring on `expires`. */
  async function waiversFile(expires: string): Promise<string> {
    const { changes } = await json(argv);
    const waivers = changes
      .filter((c) => c.level === "breaking")
      .map((c) => ({
        rule: c.rule,
        function: c.function,
        reason: "clients pinned to v2",
        expires,
      }));
    expect(waivers.length).toBeGreaterThanOrEqual(4);
    const file = join(cwd, `waivers-${expires}.json`);
    writeFileSync(file, JSON.stringify({ waivers }));
    return file;
  }

  it("waived breaking changes stay listed but pass", async () => {
    const result = await json([...argv, "--waivers", await waiversFile("2026-12-31")]);
    expect(result).toMatchObject({ code: 0, ok: true });
    const listed = result.changes.filter((c) => c.level === "breaking");
    expect(listed.length).toBeGreaterThanOrEqual(4);
    for (const c of listed) expect(c).toMatchObject({ waived: { reason: "clients pinned to v2" } });
  });

  it("an expired waiver stops waiving", async () => {
    const result = await json([...argv, "--waivers", await waiversFile("2026-10-31")]);
    expect(result).toMatchObject({ code: 1, ok: false });
    expect(result.changes.map((c) => c.rule)).toContain("WAIVER_EXPIRED");
  });

  it("a malformed waiver file exits 2 naming the field", async () => {
    writeFileSync(
      join(cwd, "bad-waivers.json"),
      JSON.stringify([{ rule: "X", function: "a:b", reason: "r", expires: "soon" }]),
    );
    const run = await cli([...argv, "--waivers", "bad-waivers.json"], cwd);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("bad-waivers.json: [0].expires must be a YYYY-MM-DD date");
  });
});

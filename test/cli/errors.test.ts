/**
 * Usage and input errors: exit 2, a message naming the file and the field, and nothing written
 * (the lock file keeps its exact bytes).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { chatBefore, tempDir } from "../contracts/helpers.ts";
import { cli } from "./helpers.ts";

let cwd: string;
let lockBytes: string;

beforeAll(async () => {
  cwd = tempDir();
  expect((await cli(["snapshot", "--convex-dir", chatBefore], cwd)).code).toBe(0);
  lockBytes = readFileSync(join(cwd, "convex-versioned.lock.json"), "utf8");
});

/** Runs the CLI and asserts the exit code 2 contract: message on stderr, nothing on stdout, lock untouched. */
async function fails(argv: string[]): Promise<string> {
  const run = await cli(argv, cwd);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe("");
  expect(readFileSync(join(cwd, "convex-versioned.lock.json"), "utf8")).toBe(lockBytes);
  return run.stderr;
}

function file(name: string, text: string): string {
  writeFileSync(join(cwd, name), text);
  return name;
}

describe("bad flags", () => {
  it("an unknown option, an unknown command, a bad --format choice", async () => {
    expect(await fails(["check", "--basline", "x.json"])).toContain("unknown option '--basline'");
    expect(await fails(["chek"])).toContain("unknown command 'chek'");
    expect(await fails(["check", "--format", "yaml"])).toContain(
      "Allowed choices are text, json, markdown, github",
    );
    expect(await fails(["snapshot", "--convex-dir"])).toContain(
      "option '--convex-dir <dir>' argument missing",
    );
  });

  it("a bad --now date or --env pair", async () => {
    expect(await fails(["check", "--now", "2026-02-30", "--convex-dir", chatBefore])).toContain(
      "--now 2026-02-30: expected a date as YYYY-MM-DD",
    );
    expect(await fails(["snapshot", "--convex-dir", chatBefore, "--env", "oops"])).toContain(
      "--env oops: expected KEY=VALUE",
    );
  });
});

describe("malformed inputs to check", () => {
  it("a truncated baseline", async () => {
    const name = file("truncated.json", lockBytes.slice(0, lockBytes.length / 2));
    const stderr = await fails(["check", "--baseline", name, "--convex-dir", chatBefore]);
    expect(stderr).toMatch(/^error: truncated\.json: not valid JSON .*looks truncated/);
  });

  it("a baseline of the wrong shape names the field", async () => {
    const lock = JSON.parse(lockBytes);
    lock.functions["channels:get"].visibility = "private";
    const name = file("wrong.json", JSON.stringify(lock));
    const stderr = await fails(["check", "--baseline", name, "--convex-dir", chatBefore]);
    expect(stderr).toContain(
      'wrong.json: functions["channels:get"].visibility must be "public" | "internal" (got string "private")',
    );
  });

  it("a missing baseline, a missing --current, a missing lock file", async () => {
    expect(await fails(["check", "--baseline", "nope.json", "--convex-dir", chatBefore])).toContain(
      "nope.json: cannot read it (no such file)",
    );
    expect(await fails(["check", "--current", "gone.json"])).toContain(
      "gone.json: cannot read it (no such file)",
    );
    const empty = tempDir();
    const run = await cli(["check", "--convex-dir", chatBefore], empty);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("convex-versioned.lock.json: not found in");
    expect(run.stderr).toContain("npx convex-versioned snapshot");
  });

  it("a function-spec file with a bad entry", async () => {
    const name = file(
      "spec.json",
      JSON.stringify({ functions: [{ functionType: "Query", identifier: "a.js:b" }] }),
    );
    expect(await fails(["check", "--baseline", name, "--convex-dir", chatBefore])).toContain(
      "spec.json: functions[0].visibility is missing",
    );
  });

  it("a missing functions folder", async () => {
    expect(await fails(["check", "--convex-dir", "no-such-dir"])).toContain(
      "no-such-dir: no such folder. Pass --convex-dir DIR",
    );
  });
});

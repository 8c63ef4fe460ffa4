/**
 * `check` and `ls-rules` with rule levels from convex-versioned.config.json and `--rule`, and
 * input errors (bad config, unknown rule IDs in waivers) as exit 2 naming the file and field.
 * In-process, on lock files written for the test (no app to load).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { v } from "convex/values";
import { beforeAll, describe, expect, it } from "vitest";
import { serializeLockFile } from "../../src/contracts/canonical.ts";
import { app, args, fn, j } from "../compat/helpers.ts";
import { tempDir } from "../contracts/helpers.ts";
import { cli } from "./helpers.ts";

const status = (...s: string[]) => j(v.union(...s.map((x) => v.literal(x))));
let cwd: string;
const base = ["check", "--baseline", "base.lock.json", "--current", "cur.lock.json"];
const now = ["--now", "2026-11-20"];

beforeAll(() => {
  cwd = tempDir();
  const write = (name: string, returns: ReturnType<typeof status>) =>
    writeFileSync(
      join(cwd, name),
      serializeLockFile(app({ "posts:state": fn(args({}), returns, { kind: "query" }) })),
    );
  write("base.lock.json", status("draft", "live"));
  write("cur.lock.json", status("draft", "live", "archived"));
});

function inDir(files: Record<string, unknown>): string {
  const dir = tempDir();
  for (const name of ["base.lock.json", "cur.lock.json"])
    writeFileSync(join(dir, name), readFileSync(join(cwd, name)));
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(dir, name), typeof content === "string" ? content : JSON.stringify(content));
  return dir;
}

describe("rule levels on the command line", () => {
  it("default: a new enum value is dangerous, exit 0", async () => {
    const run = await cli([...base, ...now, "--format", "json"], inDir({}));
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).changes[0]).toMatchObject({
      rule: "RETURNS_UNION_MEMBER_ADDED",
      level: "dangerous",
    });
  });

  it("convex-versioned.config.json at the project root makes it breaking; --rule wins over it", async () => {
    const dir = inDir({
      "convex-versioned.config.json": { rules: { RETURNS_UNION_MEMBER_ADDED: "breaking" } },
    });
    const run = await cli([...base, ...now, "--format", "json"], dir);
    expect(run).toMatchObject({ code: 1, stderr: "" });
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: false,
      levels: { RETURNS_UNION_MEMBER_ADDED: "breaking" },
      changes: [{ level: "breaking", defaultLevel: "dangerous" }],
    });
    const flag = await cli([...base, ...now, "--rule", "RETURNS_UNION_MEMBER_ADDED=off"], dir);
    expect(flag.code).toBe(0);
    expect(flag.stdout).toContain("No changes an old client would notice.");
    expect(flag.stdout).toContain("Rule levels set: RETURNS_UNION_MEMBER_ADDED=off.");
    const ls = await cli(["ls-rules"], dir);
    expect(ls.stdout).toContain(
      "RETURNS_UNION_MEMBER_ADDED (breaking; set, rule default dangerous)",
    );
  });

  it("--config names another file; a bad config or --rule exits 2 naming the file and field", async () => {
    const dir = inDir({
      "levels.json": { rules: { RETURNS_UNION_MEMBER_ADDED: "info" } },
      "bad.json": { rules: { RETURNS_UNION_MEMBER_ADDED: "fatal" } },
      "typo.json": { rules: { RETURNS_UNION_MEMBER_ADED: "off" } },
      "broken.json": "{ rules: ",
    });
    const info = await cli([...base, ...now, "--config", "levels.json", "--format", "json"], dir);
    expect(JSON.parse(info.stdout).changes[0].level).toBe("info");
    const bad = await cli([...base, ...now, "--config", "bad.json"], dir);
    expect(bad).toMatchObject({ code: 2, stdout: "" });
    expect(bad.stderr).toContain(
      'error: bad.json: rules.RETURNS_UNION_MEMBER_ADDED must be one of "breaking", "dangerous", "info", "off" (got "fatal").',
    );
    const typo = await cli([...base, ...now, "--config", "typo.json"], dir);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('Did you mean "RETURNS_UNION_MEMBER_ADDED"?');
    const broken = await cli([...base, ...now, "--config", "broken.json"], dir);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain("broken.json: not valid JSON");
    const missing = await cli([...base, ...now, "--config", "nope.json"], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nope.json");
    const flag = await cli([...base, ...now, "--rule", "RETURNS=off"], dir);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--rule RETURNS=off: unknown rule ID "RETURNS"');
    for (const run of [bad, typo, broken, missing, flag])
      expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("a waiver naming an unknown rule exits 2 with the closest rule; a fingerprint waiver waives", async () => {
    const dir = inDir({
      "typo-waivers.json": [
        {
          rule: "RETURNS_UNION_MEMBER",
          function: "posts:state",
          reason: "r",
          expires: "2026-12-31",
        },
      ],
    });
    const typo = await cli([...base, ...now, "--waivers", "typo-waivers.json"], dir);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain(
      'typo-waivers.json: [0].rule: unknown rule ID "RETURNS_UNION_MEMBER". Did you mean "RETURNS_UNION_MEMBER_ADDED"?',
    );
    const first = JSON.parse(
      (
        await cli(
          [...base, ...now, "--format", "json", "--rule", "RETURNS_UNION_MEMBER_ADDED=breaking"],
          dir,
        )
      ).stdout,
    );
    writeFileSync(
      join(dir, "waivers.json"),
      JSON.stringify([
        {
          fingerprint: first.changes[0].fingerprint,
          reason: "clients have a default branch",
          expires: "2026-12-31",
        },
      ]),
    );
    const waived = await cli(
      [
        ...base,
        ...now,
        "--rule",
        "RETURNS_UNION_MEMBER_ADDED=breaking",
        "--waivers",
        "waivers.json",
      ],
      dir,
    );
    expect(waived.code).toBe(0);
  });
});

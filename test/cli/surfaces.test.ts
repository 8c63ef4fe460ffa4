/**
 * `surfaces record|id|ls|retire` in process, over one lock file (the project's own): labels,
 * expiry, kinds, superseded web builds, `--lock git:REF`, and input errors (exit 2, the file named,
 * nothing written).
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { tempDir } from "../contracts/helpers.ts";
import { cli } from "./helpers.ts";

const lock = join(process.cwd(), "convex-versioned.lock.json");
const DIR = "convex-versioned.surfaces";
let cwd: string;
let id: string;

const files = () => readdirSync(join(cwd, DIR)).sort();
const fileOf = (label: string) => join(cwd, DIR, `${label}.json`);

/** Sets a surface's recording time (not part of its id), to order web builds. */
function recordedAt(label: string, at: string) {
  const json = JSON.parse(readFileSync(fileOf(label), "utf8"));
  writeFileSync(fileOf(label), JSON.stringify({ ...json, recordedAt: at }, null, 2));
}

beforeAll(async () => {
  cwd = tempDir("cv-surfaces-");
  copyFileSync(lock, join(cwd, "convex-versioned.lock.json"));
  id = (await cli(["surfaces", "id"], cwd)).stdout.trim();
});

describe("record", () => {
  test("writes one small file named for the label, with public shapes only, and prints the id", async () => {
    const run = await cli(["surfaces", "record", "--label", "web@a1"], cwd);
    expect(run).toMatchObject({ code: 0, stdout: `${id}\n` });
    expect(id).toMatch(/^s1-[0-9a-f]{16}$/);
    const file = JSON.parse(readFileSync(fileOf("web@a1"), "utf8"));
    expect(Object.keys(file)).toEqual([
      "surfaceVersion",
      "label",
      "kind",
      "id",
      "recordedAt",
      "functions",
    ]);
    expect(file).toMatchObject({ surfaceVersion: 1, label: "web@a1", kind: "web", id });
    const lockJson = JSON.parse(readFileSync(lock, "utf8"));
    const internal = Object.keys(lockJson.functions).filter(
      (f) => lockJson.functions[f].visibility === "internal",
    );
    expect(internal.length).toBeGreaterThan(0);
    for (const f of internal) expect(file.functions).not.toHaveProperty([f]);
    expect(JSON.stringify(file)).not.toContain('"deprecated"');
  });

  test("recording the same build again changes nothing", async () => {
    const before = readFileSync(fileOf("web@a1"), "utf8");
    const again = await cli(["surfaces", "record", "--label", "web@a1"], cwd);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("Already recorded web@a1");
    expect(readFileSync(fileOf("web@a1"), "utf8")).toBe(before);
    const expiring = await cli(
      ["surfaces", "record", "--label", "web@a1", "--expires", "2027-01-31"],
      cwd,
    );
    expect(expiring.stderr).toContain("Replaced web@a1");
    expect(JSON.parse(readFileSync(fileOf("web@a1"), "utf8")).expires).toBe("2027-01-31");
    await cli(["surfaces", "record", "--label", "web@a1"], cwd);
  });

  test("from the lock as committed at a git ref", async () => {
    const repo = tempDir("cv-surfaces-git-");
    const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, stdio: "pipe" });
    git("init", "-q");
    copyFileSync(lock, join(repo, "convex-versioned.lock.json"));
    git("add", ".");
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "lock");
    writeFileSync(join(repo, "convex-versioned.lock.json"), '{"lockfileVersion":1,"functions":{}}');
    const run = await cli(["surfaces", "record", "--label", "web@b2", "--lock", "git:HEAD"], repo);
    expect(run).toMatchObject({ code: 0, stdout: `${id}\n` });
    const bad = await cli(["surfaces", "id", "--lock", "git:nope"], repo);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      "--lock git:nope: `git show nope:./convex-versioned.lock.json` failed",
    );
  });
});

describe("ls and retire", () => {
  beforeAll(async () => {
    for (const argv of [
      ["--label", "web@b2"],
      ["--label", "web@c3", "--expires", "2026-11-30"],
      ["--label", "mobile@2.1.0", "--kind", "mobile"],
    ])
      expect((await cli(["surfaces", "record", ...argv], cwd)).code).toBe(0);
    recordedAt("web@a1", "2026-11-01T00:00:00.000Z");
    recordedAt("web@b2", "2026-11-02T00:00:00.000Z");
    recordedAt("web@c3", "2026-11-03T00:00:00.000Z");
    recordedAt("mobile@2.1.0", "2026-10-01T00:00:00.000Z");
  });

  test("ls lists label, kind, id, recorded, expiry and status", async () => {
    const json = await cli(["surfaces", "ls", "--format", "json", "--now", "2026-12-01"], cwd);
    expect(JSON.parse(json.stdout)).toEqual([
      {
        label: "mobile@2.1.0",
        kind: "mobile",
        id,
        recorded: "2026-10-01",
        expires: null,
        status: "live",
      },
      {
        label: "web@a1",
        kind: "web",
        id,
        recorded: "2026-11-01",
        expires: null,
        status: "superseded",
      },
      {
        label: "web@b2",
        kind: "web",
        id,
        recorded: "2026-11-02",
        expires: null,
        status: "superseded",
      },
      {
        label: "web@c3",
        kind: "web",
        id,
        recorded: "2026-11-03",
        expires: "2026-11-30",
        status: "expired",
      },
    ]);
    const text = await cli(["surfaces", "ls", "--now", "2026-12-01"], cwd);
    expect(text.stdout.split("\n")[0]).toMatch(/^LABEL\s+KIND\s+ID\s+RECORDED\s+EXPIRES\s+STATUS$/);
    expect(text.stdout).toMatch(/^web@c3\s+web\s+s1-\S+\s+2026-11-03\s+2026-11-30\s+expired$/m);
  });

  test("retire --expired, then --superseded (mobile releases stay), then by label", async () => {
    const expired = await cli(["surfaces", "retire", "--expired", "--now", "2026-12-01"], cwd);
    expect(expired.stdout).toBe("Retired web@c3.\n");
    const superseded = await cli(["surfaces", "retire", "--superseded"], cwd);
    expect(superseded.stdout).toBe("Retired web@a1.\n");
    expect(files()).toEqual(["mobile@2.1.0.json", "web@b2.json"]);
    const unknown = await cli(["surfaces", "retire", "web@zz"], cwd);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no surface labelled web@zz");
    expect((await cli(["surfaces", "retire", "mobile@2.1.0"], cwd)).stdout).toBe(
      "Retired mobile@2.1.0.\n",
    );
    expect(files()).toEqual(["web@b2.json"]);
  });
});

test("check with every recorded surface expired judges the baseline alone, and says none is live", async () => {
  const dir = tempDir("cv-surfaces-expired-");
  copyFileSync(lock, join(dir, "convex-versioned.lock.json"));
  await cli(["surfaces", "record", "--label", "web@old", "--expires", "2026-01-31"], dir);
  const run = await cli(
    ["check", "--current", "convex-versioned.lock.json", "--now", "2026-12-01"],
    dir,
  );
  expect(run).toMatchObject({
    code: 0,
    stdout: "No changes an old client would notice.\nClient surfaces: none live.\n",
  });
});

describe("input errors exit 2 naming the cause, and write nothing", () => {
  test.each([
    [["record", "--label", "web/a1"], '--label: label "web/a1" must start with a letter or digit'],
    [["record", "--label", "web@x", "--expires", "soon"], "--expires soon: expected a date"],
    [
      ["record", "--label", "web@x", "--lock", "missing.json"],
      "missing.json: cannot read it (no such file)",
    ],
    [
      ["record", "--label", "web@x", "--lock", "deployment"],
      "--lock deployment: a surface is recorded from a lock file",
    ],
    [["record", "--label", "web@x", "--kind", "tv"], "argument 'tv' is invalid"],
    [["retire"], "name the labels to retire, or pass --expired and/or --superseded"],
  ])("surfaces %j", async (argv, message) => {
    const before = files();
    const run = await cli(["surfaces", ...argv], cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(files()).toEqual(before);
  });

  test("a surface file edited by hand or renamed fails check and ls, naming the file", async () => {
    const dir = tempDir("cv-surfaces-bad-");
    copyFileSync(lock, join(dir, "convex-versioned.lock.json"));
    await cli(["surfaces", "record", "--label", "web@a1"], dir);
    const file = join(dir, DIR, "web@a1.json");
    const json = JSON.parse(readFileSync(file, "utf8"));
    const [first] = Object.keys(json.functions);
    json.functions[first!].kind = json.functions[first!].kind === "query" ? "mutation" : "query";
    writeFileSync(file, JSON.stringify(json));
    const edited = await cli(["check", "--current", "convex-versioned.lock.json"], dir);
    expect(edited.code).toBe(2);
    expect(edited.stderr).toMatch(
      new RegExp(
        `^error: ${DIR}/web@a1\\.json: id is s1-\\w+ but its functions hash to s1-\\w+: the file was edited by hand`,
      ),
    );
    renameSync(file, join(dir, DIR, "web@b2.json"));
    const renamed = await cli(["surfaces", "ls"], dir);
    expect(renamed.code).toBe(2);
    expect(renamed.stderr).toContain(
      `${DIR}/web@b2.json: label is "web@a1" but the file is named web@b2.json`,
    );
  });

  test("check --beacon in a folder that does not exist", async () => {
    const run = await cli(
      ["check", "--current", "convex-versioned.lock.json", "--beacon", "nope/b.ts"],
      cwd,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("error: --beacon nope/b.ts: its folder does not exist.\n");
  });

  test("check --surfaces with a folder that does not exist", async () => {
    const run = await cli(
      ["check", "--current", "convex-versioned.lock.json", "--surfaces", "nope"],
      cwd,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--surfaces nope: no such folder.");
  });
});

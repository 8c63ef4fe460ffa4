/**
 * The seed story of issue #15, end to end through the CLI (in process) on real app versions:
 * a web build made from v1 is recorded; a deploy that keeps v1 served (defineVersioned) passes and
 * its beacon lists v1; a deploy that removes what v1 calls fails naming web@v1; waived, it passes
 * and its beacon drops v1 and lists the new code's own id — the id a build made from the new
 * lock computes. The beacons written here are the ones committed in the fixtures, which
 * test/runtime/skew-beacon.test.ts serves through convex-test.
 */
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { servedInBeacon } from "../../src/surfaces/beacon.ts";
import { chatBefore, fixtures, tempDir } from "../contracts/helpers.ts";
import { cli } from "./helpers.ts";

const v1App = join(fixtures, "../../examples/evolution/v1/convex");
const keepsV1 = join(fixtures, "skew/keeps-v1/convex");
const dropsV1 = join(fixtures, "skew/drops-v1/convex");
/** The ids the runtime test expects the committed beacons to serve. */
const ids = JSON.parse(readFileSync(join(fixtures, "skew/ids.json"), "utf8")) as Record<
  "web@v1" | "keeps-v1" | "drops-v1",
  string
>;
const NOW = ["--now", "2026-12-01"];

/** The ids a beacon file serves (the committed ones are formatted by biome; ids are what count). */
const served = (file: string) => servedInBeacon(readFileSync(file, "utf8"));

let cwd: string;
const at = (file: string) => join(cwd, file);

async function run(argv: string[]) {
  const result = await cli(argv, cwd);
  if (result.code === 2) throw new Error(`exit 2: ${result.stderr}`);
  return result;
}

beforeAll(async () => {
  cwd = tempDir("cv-skew-");
  await run(["snapshot", "--convex-dir", v1App, "--out", "v1.lock.json"]);
  await run(["snapshot", "--convex-dir", keepsV1, "--out", "keeps-v1.lock.json"]);
  await run(["snapshot", "--convex-dir", dropsV1, "--out", "drops-v1.lock.json"]);
  writeFileSync(
    at("waivers.json"),
    JSON.stringify([
      {
        rule: "REMOVED_BEFORE_SUNSET",
        function: "messages:send",
        reason: "web v1 builds get the reload prompt",
        expires: "2026-12-31",
      },
    ]),
  );
}, 120_000);

test("a web build made from v1 is recorded; its id is the one `surfaces id` prints for its lock", async () => {
  const recorded = await run(["surfaces", "record", "--label", "web@v1", "--lock", "v1.lock.json"]);
  expect(recorded).toMatchObject({ code: 0, stdout: `${ids["web@v1"]}\n` });
  expect(recorded.stderr).toContain("convex-versioned.surfaces/web@v1.json");
  const id = await run(["surfaces", "id", "--lock", "v1.lock.json"]);
  expect(id.stdout).toBe(`${ids["web@v1"]}\n`);
});

describe("a deploy that keeps v1 served through defineVersioned", () => {
  test("passes, says web@v1 is served, and writes the committed beacon", async () => {
    copyFileSync(at("v1.lock.json"), at("convex-versioned.lock.json"));
    const { code, stdout, stderr } = await run([
      "check",
      "--convex-dir",
      keepsV1,
      ...NOW,
      "--beacon",
      "keeps.ts",
      "--format",
      "json",
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).surfaces).toEqual([
      { label: "web@v1", kind: "web", id: ids["web@v1"], served: true, breaking: 0 },
    ]);
    expect(stderr).toContain("Wrote keeps.ts (serves 2 surface ids)");
    // The committed lock (v1's) is still served: a build made from it is current.
    expect(stderr).not.toContain("warning");
    expect(JSON.parse(stdout).warnings).toBeUndefined();
    expect(served(at("keeps.ts"))).toEqual([ids["keeps-v1"], ids["web@v1"]].sort());
    expect(served(join(keepsV1, "skewBeacon.ts"))).toEqual(served(at("keeps.ts")));
  });

  test("a beacon serving the same ids is not rewritten, even reformatted", async () => {
    // As a formatter run over convex/ would leave it.
    const kept = served(at("keeps.ts"))!;
    const oneLine = readFileSync(at("keeps.ts"), "utf8").replace(
      /= \[[^\]]*\]/,
      `= ${JSON.stringify(kept)}`,
    );
    expect(oneLine).toContain(`= ${JSON.stringify(kept)};`);
    writeFileSync(at("keeps.ts"), oneLine);
    const before = statSync(at("keeps.ts")).mtimeMs;
    const again = await run(["check", "--convex-dir", keepsV1, ...NOW, "--beacon", "keeps.ts"]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("Unchanged: keeps.ts");
    expect(statSync(at("keeps.ts")).mtimeMs).toBe(before);
  });
});

describe("a deploy that removes the version v1 calls", () => {
  beforeAll(() => copyFileSync(at("keeps-v1.lock.json"), at("convex-versioned.lock.json")));

  test("fails, naming web@v1 in every format, and writes no beacon", async () => {
    const argv = ["check", "--convex-dir", dropsV1, ...NOW, "--beacon", "drops.ts"];
    const json = await run([...argv, "--format", "json"]);
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.ok).toBe(false);
    expect(parsed.changes).toEqual([
      expect.objectContaining({
        level: "breaking",
        function: "messages:send",
        surfaces: ["web@v1"],
        // Its own shape: v1 sends { body, author } (names sorted, as in the surface).
        calls: [{ surface: "web@v1", function: "messages:send", args: ["author", "body"] }],
      }),
    ]);
    expect(parsed.surfaces).toEqual([
      { label: "web@v1", kind: "web", id: ids["web@v1"], served: false, breaking: 1 },
    ]);
    const call = "Breaks: web@v1 calls `messages:send({ author, body })`.";
    const text = await run(argv);
    expect(text.stdout).toContain(`\n    ${call}\n`);
    expect(text.stdout).toContain("Client surfaces: web@v1 broken (1 breaking).");
    const markdown = await run([...argv, "--format", "markdown"]);
    const row = markdown.stdout.split("\n").find((l) => l.startsWith("| `messages:send` |"));
    // The row's last cell ends with it.
    expect(row?.slice(-call.length - 3)).toBe(` ${call} |`);
    const github = await run([...argv, "--format", "github"]);
    const error = github.stdout.split("\n").find((l) => l.startsWith("::error "));
    expect(error?.slice(-call.length - 15)).toBe(`still call it. ${call}`);
    expect(existsSync(at("drops.ts"))).toBe(false);
  });

  test("waived, it passes; the beacon drops v1 and serves the new code, whose id a build from its lock shares", async () => {
    const { code, stdout, stderr } = await run([
      "check",
      "--convex-dir",
      dropsV1,
      ...NOW,
      "--waivers",
      "waivers.json",
      "--beacon",
      "drops.ts",
      "--format",
      "json",
    ]);
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout);
    expect(parsed.changes).toEqual([
      expect.objectContaining({ surfaces: ["web@v1"], waived: expect.anything() }),
    ]);
    expect(served(at("drops.ts"))).toEqual([ids["drops-v1"]]);
    // The committed lock still describes the previous code, which is no longer served: said on
    // stderr and, for a CI step reading the JSON, in its warnings.
    const stale =
      "convex-versioned.lock.json does not describe the code being deployed, and its surface is not served";
    expect(stderr).toContain(`warning: ${stale}`);
    expect(parsed.warnings).toEqual([expect.stringMatching(new RegExp(`^${stale}: `))]);
    expect(served(join(dropsV1, "skewBeacon.ts"))).toEqual(served(at("drops.ts")));
    // A web build made from the lock of this very code knows itself as served.
    const built = await run(["surfaces", "id", "--lock", "drops-v1.lock.json"]);
    expect(built.stdout).toBe(`${ids["drops-v1"]}\n`);
  });
});

test("with return contracts inferred from TypeScript, the checked code and a build from its lock share an id", async () => {
  // The chat fixture declares no `returns` on several functions: both sides infer them, and
  // `check` infers more (declared ones its baseline only had inferred) without changing the id.
  const dir = tempDir("cv-skew-inferred-");
  const inDir = (argv: string[]) => cli(argv, dir);
  const snap = await inDir(["snapshot", "--convex-dir", chatBefore]);
  expect(snap.stdout).toMatch(/[1-9]\d* return contracts inferred/);
  const id = (await inDir(["surfaces", "id"])).stdout.trim();
  const check = await inDir(["check", "--convex-dir", chatBefore, "--beacon", "b.ts", ...NOW]);
  expect(check.code).toBe(0);
  expect(servedInBeacon(readFileSync(join(dir, "b.ts"), "utf8"))).toEqual([id]);
});

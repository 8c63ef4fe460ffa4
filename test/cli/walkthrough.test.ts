/**
 * docs/report.md's walkthrough, end to end on a copy of the project's own convex/ app:
 * report says a version is removable → delete it → `check` allows it because the lock file
 * remembers its removeAfter date (and refuses the same deletion before that date).
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { cli } from "./helpers.ts";

const root = process.cwd();
const app = join(root, "test/.tmp", `walkthrough-${process.pid}`);
afterAll(() => rmSync(app, { recursive: true, force: true }));

const OLD_CHAIN = /export const \{ setName, updateProfile \} = defineVersioned[\s\S]*?\.handler\(/;
const WITHOUT_V1 = `export const { updateProfile } = defineVersioned(authedMutation, { name: "updateProfile" })
  .version("2026-09-01", {
    args: { displayName: v.string() },
    returns: v.object({ user: v.string(), displayName: v.string() }),
  })
  .handler(`;

test("removable in the report → deleted → check allows it after removeAfter, refuses it before", async () => {
  mkdirSync(app, { recursive: true });
  cpSync(join(root, "convex"), join(app, "convex"), { recursive: true });
  const lock = join(app, "convex-versioned.lock.json");
  const dir = ["--convex-dir", join(app, "convex")];
  expect((await cli(["snapshot", ...dir, "--out", lock, "--no-infer-returns"], root)).code).toBe(0);

  // 1. the report: profiles:setName (removeAfter 2026-12-01) is removable by date at 2026-12-15
  const report = await cli(["report", ...dir, "--now", "2026-12-15", "--format", "json"], root);
  expect(report.code, report.stderr).toBe(0);
  const versions = JSON.stringify(JSON.parse(report.stdout));
  expect(versions).toMatch(/"function":"profiles:setName"[^}]*"status":"removable"/);

  // 2. delete the old version from the code
  const file = join(app, "convex/profiles.ts");
  const source = readFileSync(file, "utf8");
  expect(source).toMatch(OLD_CHAIN);
  writeFileSync(file, source.replace(OLD_CHAIN, WITHOUT_V1));

  // 3. check against the lock: allowed after the date, with the lifecycle finding as info
  const after = await cli(
    [
      "check",
      ...dir,
      "--baseline",
      lock,
      "--now",
      "2026-12-15",
      "--format",
      "json",
      "--no-infer-returns",
    ],
    root,
  );
  expect(after.code, after.stdout).toBe(0);
  expect(JSON.parse(after.stdout).changes).toEqual([
    expect.objectContaining({
      rule: "VERSION_REMOVED_AFTER_SUNSET",
      level: "info",
      function: "profiles:setName",
    }),
  ]);

  // …and refused before it
  const before = await cli(
    [
      "check",
      ...dir,
      "--baseline",
      lock,
      "--now",
      "2026-10-15",
      "--format",
      "json",
      "--no-infer-returns",
    ],
    root,
  );
  expect(before.code).toBe(1);
  expect(JSON.parse(before.stdout).changes).toContainEqual(
    expect.objectContaining({ rule: "REMOVED_BEFORE_SUNSET", function: "profiles:setName" }),
  );
}, 60_000);

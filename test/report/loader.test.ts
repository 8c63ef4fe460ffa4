/**
 * The report on the real app through the spec loaders (src/contracts/): the convex/ folder bundled with
 * esbuild, and the lock file written from it. Also checks that the captured app fixture
 * (test/fixtures/usage/app.json, written by scripts/capture-usage.ts) says what the loader says.
 */
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { loadConvexDir, writeLockFile } from "../../src/contracts/index.ts";
import type { AppSpec } from "../../src/model.ts";
import { runReport } from "../../src/report/command.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const convexDir = join(root, "convex");
const usage = [join(root, "test/fixtures/usage/captured.convex-logs.jsonl")];
const base = { usage, now: "2026-12-20", format: "json" as const, color: false, cwd: tmpdir() };

type Json = { definitions: { id: string; versions: { function: string; status: string }[] }[] };
const verdicts = (j: Json, ids?: Set<string>) =>
  j.definitions
    .filter((d) => !ids || ids.has(d.id))
    .map((d) => [d.id, d.versions.map((v) => `${v.function} ${v.status}`)]);

test("convex/ folder and the lock file written from it give the same report", {
  timeout: 60_000,
}, async () => {
  const fromDir = await runReport({ ...base, convexDir });
  expect(fromDir.exitCode).toBe(1);
  const dir = await mkdtemp(join(tmpdir(), "cv-lock-"));
  const lock = join(dir, "convex-versioned.lock.json");
  const { warnings: _w, ...app } = await loadConvexDir(convexDir);
  await writeLockFile(lock, app);
  const fromLock = await runReport({ ...base, convexDir, lock });
  expect(fromLock.exitCode).toBe(1);
  expect(JSON.parse(fromLock.output).definitions).toEqual(JSON.parse(fromDir.output).definitions);
});

test("the captured app fixture agrees with the loader on every definition it holds", {
  timeout: 60_000,
}, async () => {
  const fixture = JSON.parse(
    await readFile(join(root, "test/fixtures/usage/app.json"), "utf8"),
  ) as AppSpec;
  const fromDir = JSON.parse((await runReport({ ...base, convexDir })).output) as Json;
  const fromFixture = JSON.parse(
    (await runReport({ ...base, convexDir }, async () => ({ app: fixture, warnings: [] }))).output,
  ) as Json;
  const ids = new Set(fromFixture.definitions.map((d) => d.id));
  expect(verdicts(fromDir, ids)).toEqual(verdicts(fromFixture));
});

test("a lock file that is not JSON is an input error naming it", async () => {
  const res = await runReport({
    ...base,
    convexDir,
    lock: join(root, "test/fixtures/usage/handmade/README.md"),
  });
  expect(res.exitCode).toBe(2);
  expect(res.output).toContain("README.md");
});

/**
 * The report end to end on usage captured from real calls (scripts/capture-usage.ts): the project's
 * convex/ app called through convex-test along a timeline; "now" is 2026-12-20, quiet window 14 days.
 */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import type { AppSpec } from "../../src/model.ts";
import { type AppLoader, type RunReportOptions, runReport } from "../../src/report/command.ts";
import { DEFAULT_POLICY } from "../../src/report/policy.ts";
import { buildRegistry, type Registry } from "../../src/report/registry.ts";
import { readUsageFiles } from "../../src/report/usage/read.ts";

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/usage/${name}`, import.meta.url));
const JSONL = fixture("captured.convex-logs.jsonl");
const STREAM = fixture("captured.log-stream.jsonl");
const app = JSON.parse(await readFile(fixture("app.json"), "utf8")) as AppSpec;
const loader: AppLoader = async () => ({ app, warnings: [] });
const NOW = "2026-12-20";

const version = (r: Registry, id: string, label: string) => {
  const v = r.definitions.find((d) => d.id === id)?.versions.find((x) => x.label === label);
  if (!v) throw new Error(`no ${id} ${label} in the registry`);
  return v;
};

const report = (o: Partial<RunReportOptions> = {}) =>
  runReport(
    {
      convexDir: "convex",
      usage: [JSONL],
      now: NOW,
      format: "json",
      color: false,
      cwd: tmpdir(),
      ...o,
    },
    loader,
  );

describe("registry from captured calls", async () => {
  const policy = {
    quietDays: DEFAULT_POLICY.quietDays,
    defaultWindowDays: DEFAULT_POLICY.defaultWindowDays,
  };
  const usage = await readUsageFiles([JSONL]);
  const r = buildRegistry(app, { now: NOW, policy, usage });

  test("groups exports into definitions with their versions, exports and current label", () => {
    const d = r.definitions.find((x) => x.id === "messages:sendMessage");
    expect(d?.current).toBe("2026-11-15");
    expect(d?.exports).toEqual(["post", "send", "sendMessage"]);
    expect(d?.versions.map((v) => [v.label, v.function, v.status])).toEqual([
      ["2025-12-01", "messages:post", "removed"],
      ["2026-06-01", "messages:send", "still-called"],
      ["2026-10-01", "messages:sendMessage", "deprecated"],
      ["2026-11-15", "messages:sendMessage", "current"],
    ]);
  });

  test("a version past removeAfter and called inside the quiet window is still-called", () => {
    const send = version(r, "messages:sendMessage", "2026-06-01");
    expect(send).toMatchObject({
      status: "still-called",
      basis: "logs",
      removeAfter: "2026-12-01",
    });
    expect(send.usage).toEqual({
      calls: 2,
      firstSeen: "2026-11-12T14:00:00.000Z",
      lastSeen: "2026-12-15T09:15:00.000Z",
    });
  });

  test("an arg-shape version quiet for the window is removable; sampled lines are summed", () => {
    const list = version(r, "messages:list", "2026-06-01");
    expect(list).toMatchObject({ status: "removable", basis: "logs", quietFrom: "2026-12-06" });
    // Six calls: one line for the first, one line with calls: 5 for the rest of the burst.
    expect(list.usage).toMatchObject({ calls: 6, lastSeen: "2026-11-25T10:02:40.000Z" });
    expect(version(r, "messages:list", "2026-10-01")).toMatchObject({
      status: "deprecated",
      removeAfter: "2027-02-13",
      removeAfterSource: "default-window",
      usage: { calls: 1 },
    });
  });

  test("a renamed export counts every call of its path, also those the sampling left without a line", () => {
    // Three calls within a minute leave one library line; the path ran three times.
    expect(usage.byVersion.get(`profiles:setName\u00002026-06-01`)?.calls).toBe(1);
    expect(version(r, "profiles:updateProfile", "2026-06-01")).toMatchObject({
      status: "removable",
      basis: "logs",
      usage: { calls: 3, lastSeen: "2026-11-28T18:00:30.000Z" },
    });
  });

  test("a tombstone stays removed and shows that stale clients still hit it", () => {
    expect(version(r, "messages:sendMessage", "2025-12-01")).toMatchObject({
      status: "removed",
      removedSince: "2026-05-01",
      usage: { calls: 1, lastSeen: "2026-12-10T16:45:00.000Z" },
    });
  });

  test("internal functions and versions without a deprecated block are judged too", () => {
    expect(version(r, "summaries:wordCount", "2026-06-01")).toMatchObject({
      status: "removable",
      basis: "logs",
    });
    expect(version(r, "summaries:purgeChannel", "2026-06-01")).toMatchObject({
      status: "deprecated",
      deprecationSource: "next-label",
      deprecatedSince: "2026-10-01",
      removeAfter: "2026-12-30",
      usage: { calls: 0 },
    });
  });

  test("the current version of a shared export gets the calls the older versions' lines do not explain", () => {
    // messages:sendMessage ran 3 times; one was the 2026-10-01 shape.
    expect(usage.byPath.get("messages:sendMessage")?.calls).toBe(3);
    expect(version(r, "messages:sendMessage", "2026-11-15").usage).toEqual({ calls: 2 });
  });

  test("both log formats of the same calls give the same verdicts", async () => {
    const fromStream = buildRegistry(app, {
      now: NOW,
      policy,
      usage: await readUsageFiles([STREAM]),
    });
    const strip = (x: Registry) =>
      x.definitions.map((d) => d.versions.map((v) => [v.function, v.status, v.usage?.calls]));
    expect(strip(fromStream)).toEqual(strip(r));
    expect(fromStream.counts).toEqual(r.counts);
  });

  test("without usage files, overdue versions are removable by date only", () => {
    const dateOnly = buildRegistry(app, { now: NOW, policy });
    expect(version(dateOnly, "messages:sendMessage", "2026-06-01")).toMatchObject({
      status: "removable",
      basis: "date-only",
    });
    expect(version(dateOnly, "messages:sendMessage", "2026-06-01").usage).toBeUndefined();
    expect(dateOnly.hasUsage).toBe(false);
  });

  test("logs without library lines (logging off): renamed exports still judged by their paths", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cv-report-"));
    const file = join(dir, "no-lines.jsonl");
    const text = await readFile(JSONL, "utf8");
    const stripped = text
      .trim()
      .split("\n")
      .map((l) => JSON.stringify({ ...JSON.parse(l), logLines: [] }));
    await writeFile(file, `${stripped.join("\n")}\n`);
    const noLines = buildRegistry(app, { now: NOW, policy, usage: await readUsageFiles([file]) });
    // `send` is its own path: its calls are still seen.
    expect(version(noLines, "messages:sendMessage", "2026-06-01")).toMatchObject({
      status: "still-called",
      usage: { calls: 2 },
    });
    // `list` 2026-06-01 shares its path with newer shapes: without its line nothing attributes calls to it.
    expect(version(noLines, "messages:list", "2026-06-01")).toMatchObject({
      status: "removable",
      usage: { calls: 0 },
    });
  });

  test("the statuses move with --now", () => {
    const at = (now: string) => buildRegistry(app, { now, policy, usage });
    expect(version(at("2026-11-30"), "messages:sendMessage", "2026-06-01").status).toBe(
      "deprecated",
    );
    expect(version(at("2026-12-29"), "messages:sendMessage", "2026-06-01").status).toBe(
      "still-called",
    );
    expect(version(at("2026-12-30"), "messages:sendMessage", "2026-06-01").status).toBe(
      "removable",
    );
  });
});

describe("fail-on policy and exit codes", () => {
  test("default still-called: exit 1 because messages:send is overdue and called", async () => {
    const res = await report();
    expect(res.exitCode).toBe(1);
    const json = JSON.parse(res.output);
    expect(json.policy).toEqual({ quietDays: 14, failOn: "still-called", defaultWindowDays: 90 });
    const failing = json.definitions.flatMap((d: any) =>
      d.versions.filter((v: any) => v.fails).map((v: any) => v.function),
    );
    expect(failing).toEqual(["messages:send"]);
  });

  test("never: exit 0 with the same findings", async () => {
    const res = await report({ failOn: "never" });
    expect(res.exitCode).toBe(0);
    expect(JSON.parse(res.output).counts["still-called"]).toBe(1);
  });

  test("removable: every overdue version fails, called or not", async () => {
    const json = JSON.parse((await report({ failOn: "removable" })).output);
    expect(json.exitCode).toBe(1);
    const failing = json.definitions.flatMap((d: any) =>
      d.versions.filter((v: any) => v.fails).map((v: any) => v.status),
    );
    expect(failing.length).toBe(json.counts.removable + json.counts["still-called"]);
  });

  test("no usage files: nothing can be still-called, so the default passes", async () => {
    const res = await report({ usage: [] });
    expect(res.exitCode).toBe(0);
    expect(JSON.parse(res.output).usage).toBeNull();
  });

  test("a quiet window shorter than the gap since the last call makes it removable", async () => {
    const json = JSON.parse((await report({ quietDays: 4 })).output);
    expect(json.exitCode).toBe(0);
    expect(json.counts["still-called"]).toBe(0);
  });

  test("the config file sets the policy; flags win over it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cv-config-"));
    await writeFile(
      join(dir, "convex-versioned.config.json"),
      JSON.stringify({ report: { failOn: "never", quietDays: 30 }, check: {} }),
    );
    const fromFile = JSON.parse((await report({ cwd: dir })).output);
    expect(fromFile.policy).toEqual({ quietDays: 30, failOn: "never", defaultWindowDays: 90 });
    const flagged = JSON.parse((await report({ cwd: dir, failOn: "removable" })).output);
    expect(flagged.policy.failOn).toBe("removable");
  });

  test("usage and input errors exit 2 with a message naming the culprit", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cv-config-"));
    const bad = join(dir, "bad.json");
    await writeFile(bad, JSON.stringify({ report: { failOn: "sometimes" } }));
    const cases: [Partial<RunReportOptions>, RegExp][] = [
      [{ usage: [join(dir, "missing.jsonl")] }, /missing\.jsonl: cannot read the file \(ENOENT\)/],
      [{ now: "2026-13-01" }, /--now 2026-13-01/],
      [{ failOn: "always" }, /--fail-on always: expected one of still-called, removable, never/],
      [{ quietDays: 0 }, /--quiet-days 0/],
      [{ config: bad }, /bad\.json at report\.failOn/],
      [{ config: join(dir, "nope.json") }, /nope\.json: cannot read/],
      [{ format: "yaml" as never }, /--format yaml/],
    ];
    for (const [o, message] of cases) {
      const res = await report(o);
      expect(res.exitCode, JSON.stringify(o)).toBe(2);
      expect(res.output).toMatch(message);
      expect(res.error?.name).toBe("InputError");
    }
  });

  test("an unknown field in the config file is named", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cv-config-"));
    await writeFile(
      join(dir, "convex-versioned.config.json"),
      JSON.stringify({ report: { quietdays: 3 } }),
    );
    const res = await report({ cwd: dir });
    expect(res.exitCode).toBe(2);
    expect(res.output).toMatch(/convex-versioned\.config\.json at report: unknown field quietdays/);
  });
});

/**
 * Every output format of the report on the captured usage (now 2026-12-20, default policy).
 * Text and Markdown are compared with golden files; when a change is intended, regenerate them with
 * `UPDATE_GOLDEN=1 npx vitest run --project node test/report/render.test.ts` and review the diff.
 */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { sourceLocator } from "../../src/cli/source-locations.ts";
import type { AppSpec } from "../../src/model.ts";
import { type AppLoader, type RunReportOptions, runReport } from "../../src/report/command.ts";
import { MARKDOWN_MARKER } from "../../src/report/render/markdown.ts";

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/usage/${name}`, import.meta.url));
const app = JSON.parse(await readFile(fixture("app.json"), "utf8")) as AppSpec;
const loader: AppLoader = async () => ({ app, warnings: [] });
// Relative paths (vitest runs from the repository root) keep the golden files machine-independent.
const USAGE = "test/fixtures/usage/captured.convex-logs.jsonl";
const ESC = String.fromCharCode(27);
const ANSI = new RegExp(`${ESC}\\[[0-9;]*m`, "g");

const run = (format: RunReportOptions["format"], o: Partial<RunReportOptions> = {}) =>
  runReport(
    {
      convexDir: "convex",
      usage: [USAGE],
      now: "2026-12-20",
      format,
      color: false,
      cwd: tmpdir(),
      ...o,
    },
    loader,
  );

async function golden(name: string, actual: string): Promise<void> {
  const file = fixture(`golden/${name}`);
  if (process.env.UPDATE_GOLDEN === "1") await writeFile(file, actual);
  expect(
    existsSync(file),
    `${name} is missing: UPDATE_GOLDEN=1 npx vitest run --project node test/report/render.test.ts`,
  ).toBe(true);
  const expected = await readFile(file, "utf8");
  expect(
    actual,
    `${name} differs from the golden file; if intended: UPDATE_GOLDEN=1 npx vitest run --project node test/report/render.test.ts`,
  ).toBe(expected);
}

describe("text", () => {
  test("matches the golden output and has no colour when color is false", async () => {
    const { output } = await run("text");
    expect(output).not.toContain(ESC);
    await golden("report.txt.golden", output);
  });

  test("colours statuses when asked, without changing the text", async () => {
    const plain = (await run("text")).output;
    const coloured = (await run("text", { color: true })).output;
    expect(coloured).toContain(`${ESC}[31m`); // the failing version in red
    expect(coloured.replace(ANSI, "")).toBe(plain);
  });

  test("says when no usage logs were given and marks date-only verdicts", async () => {
    const { output } = await run("text", { usage: [] });
    expect(output).toContain("no usage logs");
    expect(output).toContain("removable (by date only)");
    expect(output).toContain("run with --usage");
  });

  test("reports malformed lines with their file and line numbers", async () => {
    const { output } = await run("text", {
      usage: ["test/fixtures/usage/handmade/mixed-malformed.jsonl"],
    });
    expect(output).toContain(
      "7 malformed usage lines skipped, e.g. test/fixtures/usage/handmade/mixed-malformed.jsonl:5 (not JSON)",
    );
  });
});

describe("json", () => {
  test("has the documented shape", async () => {
    const json = JSON.parse((await run("json")).output);
    expect(Object.keys(json)).toEqual([
      "reportVersion",
      "now",
      "policy",
      "ok",
      "exitCode",
      "counts",
      "usage",
      "definitions",
      "unmatched",
      "warnings",
    ]);
    expect(json).toMatchObject({ reportVersion: 1, now: "2026-12-20", ok: false, exitCode: 1 });
    // Counts cover every version of every definition (the app fixture grows with convex/).
    const versions = json.definitions.flatMap((d: { versions: unknown[] }) => d.versions);
    const total = Object.values(json.counts as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(total).toBe(versions.length);
    expect(json.counts.current).toBe(json.definitions.length);
    expect(json.counts).toMatchObject({ "still-called": 1, removed: 1, removable: 3 });
    expect(json.usage).toMatchObject({
      files: [USAGE],
      lines: 22,
      ignored: 0,
      malformed: { count: 0, examples: [] },
      from: "2026-11-10T09:00:00.000Z",
      to: "2026-12-19T21:00:00.000Z",
    });
    const send = json.definitions
      .find((d: { id: string }) => d.id === "messages:sendMessage")
      .versions.find((v: { label: string }) => v.label === "2026-06-01");
    expect(send).toEqual({
      label: "2026-06-01",
      export: "send",
      function: "messages:send",
      status: "still-called",
      basis: "logs",
      deprecatedSince: "2026-10-01",
      deprecationSource: "declared",
      removeAfter: "2026-12-01",
      removeAfterSource: "declared",
      quietFrom: "2026-12-06",
      reason: "Use sendMessage.",
      usage: {
        calls: 2,
        firstSeen: "2026-11-12T14:00:00.000Z",
        lastSeen: "2026-12-15T09:15:00.000Z",
      },
      fails: true,
    });
  });

  test("is byte-for-byte stable across runs", async () => {
    expect((await run("json")).output).toBe((await run("json")).output);
  });

  test("lists calls to functions and versions the app does not declare", async () => {
    const json = JSON.parse(
      (await run("json", { usage: ["test/fixtures/usage/handmade/log-stream.jsonl"] })).output,
    );
    expect(json.unmatched).toContainEqual({
      function: "messages:remove",
      calls: 1,
      lastSeen: "2026-12-12T10:00:00.700Z",
    });
  });
});

describe("markdown", () => {
  test("matches the golden PR comment", async () => {
    await golden("report.md.golden", (await run("markdown")).output);
  });

  test("starts with the sticky-comment marker and has a table and a gantt per multi-version definition", async () => {
    const md = (await run("markdown")).output;
    expect(md.startsWith(MARKDOWN_MARKER)).toBe(true);
    expect(md).toContain("❌ **1 version(s) fail** under `failOn: still-called`.");
    expect(md).toContain(
      "| 2026-06-01 | `messages:send` | 🔴 **still-called** | 2026-10-01 | 2026-12-01 | 2 | 2026-12-15 |",
    );
    const charts = md.match(/```mermaid\ngantt\n/g) ?? [];
    const multiVersion = new Set(
      Object.values(app.functions).flatMap((f) =>
        f.versioned && f.versioned.versions.length > 1 ? [f.versioned.definition] : [],
      ),
    );
    expect(charts.length).toBe(multiVersion.size); // a lone current version gets no chart
    expect(md).not.toContain("title get (profiles)");
    // The still-called version: a critical deprecated bar, its removal date and last call as milestones.
    expect(md).toContain("deprecated :crit, v1d, 2026-10-01, 2026-12-01");
    expect(md).toContain("remove after 2026-12-01 :milestone, v1r, 2026-12-01, 0d");
    expect(md).toContain("last call 2026-12-15 :crit, milestone, v1l, 2026-12-15, 0d");
  });

  test("passes with a green line under failOn never", async () => {
    const res = await run("markdown", { failOn: "never" });
    expect(res.exitCode).toBe(0);
    expect(res.output).toContain("✅ Nothing fails under `failOn: never`.");
  });
});

describe("github annotations", () => {
  test("::error for versions that fail the run, ::warning for other overdue ones, file= and line= point at the .version( call", async () => {
    const locate = sourceLocator("convex", process.cwd());
    const out = (await run("github", { locate })).output.trim().split("\n");
    const send = out.find((l) => l.includes("messages:send (2026-06-01)"));
    // convex/messages.ts:19 is `.version("2026-06-01", {` of sendMessage (line 52 is list's).
    expect(send).toBe(
      "::error file=convex/messages.ts,line=19,title=messages%3AsendMessage 2026-06-01%3A still-called::messages:send (2026-06-01): past 2026-12-01 but called 2× (last 2026-12-15): extend removeAfter or get clients to update",
    );
    expect(out.filter((l) => l.startsWith("::warning")).length).toBe(3);
    expect(out.find((l) => l.includes("profiles:setName"))).toMatch(
      /^::warning file=convex\/profiles\.ts,line=27,/,
    );
    // Without a lookup (a tool calling runReport), annotations carry no place rather than a wrong one.
    expect((await run("github")).output).not.toContain("file=");
    expect(out.find((l) => l.includes("messages:post"))).toMatch(/^::notice /);
    expect(out.at(-1)).toMatch(
      /^convex-versioned report 2026-12-20: \d+ current, \d+ deprecated, 3 removable, 1 still-called, 1 removed; 1 fail under failOn still-called$/,
    );
  });

  test("under failOn removable, removable versions become errors", async () => {
    const out = (await run("github", { failOn: "removable" })).output;
    expect(out.match(/^::error /gm)?.length).toBe(4);
  });

  test("under failOn never, a still-called version is only a warning", async () => {
    const out = (await run("github", { failOn: "never" })).output;
    expect(out).not.toMatch(/^::error /m);
    expect(out).toMatch(/^::warning .*messages:send \(2026-06-01\)/m);
  });
});

/** Registry and renderers on small hand-built apps: odd labels, missing dates, empty apps. */
import { describe, expect, test } from "vitest";
import type { AppSpec, VersionMeta } from "../../src/model.ts";
import { DEFAULT_POLICY } from "../../src/report/policy.ts";
import { buildRegistry } from "../../src/report/registry.ts";
import { ganttFor } from "../../src/report/render/gantt.ts";
import { renderMarkdown } from "../../src/report/render/markdown.ts";
import { renderText } from "../../src/report/render/text.ts";
import { reportData } from "../../src/report/report-data.ts";

const policy = { quietDays: 14, defaultWindowDays: 90 };
const obj = { type: "object", value: {} } as const;
const version = (
  label: string,
  exportName: string,
  extra: Partial<VersionMeta> = {},
): VersionMeta => ({
  label,
  exportName,
  args: obj,
  returns: null,
  ...extra,
});

function app(module: string, definition: string, versions: VersionMeta[]): AppSpec {
  const functions: AppSpec["functions"] = {};
  for (const v of versions) {
    const path = `${module}:${v.exportName}`;
    const serves = versions.filter((x) => x.exportName === v.exportName).map((x) => x.label);
    const current = versions.at(-1)?.label ?? "";
    functions[path] = {
      kind: "query",
      visibility: "public",
      args: obj,
      returns: null,
      versioned: { definition, current, serves, versions },
    };
  }
  return { functions };
}

describe("labels that are not dates", () => {
  const spec = app("admin/users", "list", [
    version("v1", "listUsers"),
    version("v2: beta", "list"),
  ]);
  const r = buildRegistry(spec, { now: "2026-12-20", policy });

  test("a superseded version without dates stays deprecated with a note, in a nested module", () => {
    expect(r.definitions[0]?.id).toBe("admin/users:list");
    expect(r.definitions[0]?.versions[0]).toMatchObject({
      function: "admin/users:listUsers",
      status: "deprecated",
      deprecationSource: "none",
    });
  });

  test("nothing datable means no gantt chart; the table still says why", () => {
    expect(ganttFor(r.definitions[0]!, r)).toBeUndefined();
    const md = renderMarkdown(reportData(r, { ...DEFAULT_POLICY }, undefined));
    expect(md).not.toContain("```mermaid");
    expect(md).toContain("no deprecation date: declare deprecated");
  });
});

test("gantt text is safe for Mermaid: colons and hashes in labels are replaced", () => {
  const spec = app("m", "f", [
    version("2026-01-01", "old", {
      deprecated: { since: "2026-02-01", removeAfter: "2026-03-01" },
    }),
    version("2026-02-01", "f#1:x"),
  ]);
  const r = buildRegistry(spec, { now: "2026-04-01", policy });
  const chart = ganttFor(r.definitions[0]!, r) ?? "";
  expect(chart).toContain("section 2026-02-01 · f 1 x");
  expect(chart).toContain("deprecated :done, v0d, 2026-02-01, 2026-03-01");
  // Every task line has exactly one ":" separating the name from its metadata.
  for (const line of chart.split("\n").filter((l) => l.startsWith("    "))) {
    expect(line.split(":").length, line).toBe(2);
  }
});

test("an app without versioned functions renders a clear empty report", () => {
  const r = buildRegistry({ functions: {} }, { now: "2026-12-20", policy });
  const text = renderText(reportData(r, { ...DEFAULT_POLICY }, undefined), false);
  expect(text).toContain("No versioned functions found.");
  expect(text).toContain("✓ nothing fails under --fail-on still-called");
});

test("exports of one definition whose version lists disagree produce a warning", () => {
  const a = version("2026-01-01", "a", { deprecated: { since: "2026-02-01" } });
  const b = version("2026-02-01", "b");
  const spec = app("m", "f", [a, b]);
  const drifted = spec.functions["m:b"]!;
  drifted.versioned = { ...drifted.versioned!, versions: [b] };
  const r = buildRegistry(spec, { now: "2026-12-20", policy });
  expect(r.warnings).toEqual([
    "m:b: its version list differs from the other exports of m:f; using the first one read",
  ]);
});

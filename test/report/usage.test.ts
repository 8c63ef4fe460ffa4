/**
 * Usage evidence from both log formats (src/report/usage/): hand-made lines that follow the real
 * formats (`npx convex logs --jsonl` FunctionExecution records, log-stream events current and legacy).
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { InputError } from "../../src/input-error.ts";
import { versionKey } from "../../src/report/usage/aggregate.ts";
import { normalizePath } from "../../src/report/usage/formats.ts";
import { inspectString, parseLibraryLine } from "../../src/report/usage/library-line.ts";
import { readUsageFiles } from "../../src/report/usage/read.ts";

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/usage/handmade/${name}`, import.meta.url));
const day = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

const line = {
  "convex-versioned": "call",
  definition: "sendMessage",
  export: "send",
  version: "2026-06-01",
  current: "2026-11-15",
  status: "deprecated",
  calls: 2,
} as const;

describe("parseLibraryLine", () => {
  test("reads the object-inspect form Convex gives a logged string", () => {
    expect(parseLibraryLine(inspectString(JSON.stringify(line)))).toEqual(line);
  });

  test("reads the legacy `[LOG] '...'` form and bare JSON", () => {
    expect(parseLibraryLine(`[LOG] ${inspectString(JSON.stringify(line))}`)).toEqual(line);
    expect(parseLibraryLine(JSON.stringify(line))).toEqual(line);
  });

  test("round-trips labels with quotes and backslashes through the escaping", () => {
    const odd = { ...line, version: `it's a \\ "label"` };
    expect(parseLibraryLine(inspectString(JSON.stringify(odd)))?.version).toBe(odd.version);
  });

  test("ignores other console output, including look-alikes", () => {
    expect(parseLibraryLine("'saved'")).toBeUndefined();
    expect(parseLibraryLine(`'{"convex-versioned":"other"}'`)).toBeUndefined();
    expect(parseLibraryLine(inspectString(JSON.stringify({ ...line, calls: 0 })))).toBeUndefined();
    expect(parseLibraryLine(`'{"convex-versioned":"call",`)).toBeUndefined();
  });
});

test("normalizePath drops the .js of older identifiers", () => {
  expect(normalizePath("messages.js:send")).toBe("messages:send");
  expect(normalizePath("admin/users.js:list")).toBe("admin/users:list");
  expect(normalizePath("messages:send")).toBe("messages:send");
});

describe("npx convex logs --jsonl", async () => {
  const e = await readUsageFiles([fixture("convex-logs.jsonl")]);

  test("each Completion is one call of its path; Progress entries are not calls", () => {
    expect(e.byPath.get("messages:send")?.calls).toBe(2); // one of them as messages.js:send
    expect(e.byPath.get("messages:sendMessage")?.calls).toBe(2);
    expect(e.byPath.get("profiles:setName")?.calls).toBe(1);
    expect(e.byPath.get("messages:post")?.calls).toBe(1); // failed calls are calls too
    expect(e.byPath.get("summaries:summarize")?.calls).toBe(1);
  });

  test("library lines attribute calls to versions, summing sampled counts", () => {
    expect(e.byVersion.get(versionKey("messages:send", "2026-06-01"))?.calls).toBe(2);
    expect(e.byVersion.get(versionKey("messages:sendMessage", "2026-10-01"))?.calls).toBe(3);
    // The action's line arrived in a Progress entry.
    expect(e.byVersion.get(versionKey("summaries:summarize", "2026-06-01"))?.calls).toBe(1);
    expect(e.byVersion.size).toBe(3);
  });

  test("timestamps are seconds in this format; first and last seen are tracked", () => {
    const send = e.byPath.get("messages:send");
    expect(day(send?.firstMs)).toBe("2026-12-05T10:00:00.000Z");
    expect(day(send?.lastMs)).toBe("2026-12-10T10:01:10.000Z");
    expect(e.malformed.count).toBe(0);
    expect(e.lines).toBe(8);
  });
});

describe("log-stream exports", async () => {
  const e = await readUsageFiles([fixture("log-stream.jsonl")]);

  test("function_execution events are calls; console events carry the library line", () => {
    // plain event, two inside a webhook array body, one legacy _execution_record
    expect(e.byPath.get("messages:send")?.calls).toBe(4);
    // 1 + 2 (array body, sampled line) + 1 legacy _console
    expect(e.byVersion.get(versionKey("messages:send", "2026-06-01"))?.calls).toBe(4);
  });

  test("cached query executions count as calls of the path even without a console line", () => {
    expect(e.byPath.get("messages:list")?.calls).toBe(2);
    expect(e.byVersion.get(versionKey("messages:list", "2026-06-01"))?.calls).toBe(1);
  });

  test("the { data: event } wrapper is unwrapped; verification, audit and HTTP events are ignored", () => {
    expect(e.byPath.get("messages:sendMessage")?.calls).toBe(1);
    expect([...e.byPath.keys()].some((p) => p.startsWith("POST"))).toBe(false);
    expect(e.ignored).toBe(3);
    expect(e.malformed.count).toBe(0);
  });

  test("calls to functions the app may not declare are still counted (for the unmatched list)", () => {
    expect(e.byPath.get("messages:remove")?.calls).toBe(1);
  });
});

describe("malformed and mixed files", () => {
  test("bad lines are skipped, counted and located; good lines of both formats still count", async () => {
    const e = await readUsageFiles([fixture("mixed-malformed.jsonl")]);
    expect(e.malformed.count).toBe(7);
    expect(e.malformed.examples.map((m) => m.line)).toEqual([5, 6, 7, 9, 11]);
    expect(e.malformed.examples[0]).toMatchObject({
      file: fixture("mixed-malformed.jsonl"),
      reason: "not JSON",
    });
    expect(e.malformed.examples[3]?.reason).toMatch(/not a Convex log record/);
    expect(e.lines).toBe(12); // blank lines are not counted
    expect(e.byPath.get("messages:send")?.calls).toBe(2); // one jsonl Completion, one stream execution
    expect(e.byVersion.get(versionKey("messages:send", "2026-06-01"))?.calls).toBe(2);
    expect(e.byPath.get("profiles:setName")?.calls).toBe(1);
  });

  test("several files add up", async () => {
    const e = await readUsageFiles([fixture("convex-logs.jsonl"), fixture("log-stream.jsonl")]);
    expect(e.files).toHaveLength(2);
    expect(e.byPath.get("messages:send")?.calls).toBe(6);
    expect(day(e.fromMs)).toBe("2026-12-05T10:00:00.000Z");
  });

  test("a missing file is an InputError naming it", async () => {
    const missing = join(tmpdir(), "convex-versioned-no-such-file.jsonl");
    const err = await readUsageFiles([missing]).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).file).toBe(missing);
    expect((err as InputError).message).toContain(missing);
    expect((err as InputError).message).toContain("ENOENT");
  });

  test("a directory is an InputError, not an empty file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cv-usage-"));
    await expect(readUsageFiles([dir])).rejects.toThrow(/not a file/);
  });

  test("CRLF line endings and a missing final newline are fine", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cv-usage-"));
    const file = join(dir, "crlf.jsonl");
    const exec = (ms: number) =>
      JSON.stringify({
        topic: "function_execution",
        timestamp: ms,
        function: { path: "a:b", type: "query" },
        status: "success",
      });
    await writeFile(file, `${exec(1)}\r\n${exec(2)}`);
    const e = await readUsageFiles([file]);
    expect(e.byPath.get("a:b")?.calls).toBe(2);
    expect(e.malformed.count).toBe(0);
  });
});

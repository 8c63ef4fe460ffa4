/**
 * Records whose numbers cannot be evidence (timestamps no date can hold, negative ones, counts that
 * are not whole numbers ≥ 1) are skipped and counted as malformed, and count for nothing, not even
 * the part of the record read before the bad field.
 */
import { Readable } from "node:stream";
import { describe, expect, test } from "vitest";
import { versionKey } from "../../src/report/usage/aggregate.ts";
import { inspectString } from "../../src/report/usage/library-line.ts";
import { readUsageFiles, shownPath } from "../../src/report/usage/read.ts";

const DAY = 1_797_069_600_000; // 2026-12-14T10:00:00Z

const exec = (timestamp: unknown, path = "messages:send") =>
  JSON.stringify({ topic: "function_execution", timestamp, function: { path, type: "mutation" } });
const usageLine = (calls: unknown) =>
  inspectString(
    JSON.stringify({
      "convex-versioned": "call",
      definition: "sendMessage",
      export: "send",
      version: "2026-06-01",
      calls,
    }),
  );
const consoleEvent = (calls: unknown, timestamp: unknown = DAY) =>
  JSON.stringify({
    topic: "console",
    timestamp,
    function: { path: "messages:send", type: "mutation" },
    message: usageLine(calls),
  });
const completion = (timestamp: unknown, logLines: unknown[] = []) =>
  JSON.stringify({
    kind: "Completion",
    udfType: "Mutation",
    identifier: "messages:send",
    timestamp,
    logLines,
  });
const legacy = (timestamp: unknown) =>
  JSON.stringify({ _topic: "_execution_record", _timestamp: timestamp, _functionPath: "a:b" });

const read = (text: string) => readUsageFiles(["-"], { stdin: Readable.from([text]) });

describe("timestamps", () => {
  test.each([
    ["1e30 ms, past any date", exec(1e30)],
    ["negative ms", exec(-1)],
    ["a Completion at 1e30 seconds", completion(1e30)],
    ["a Completion before 1970", completion(-100)],
    ["a legacy event at -1", legacy(-1)],
    [
      "a log line at 1e30 inside a good Completion",
      completion(DAY / 1000, [{ messages: [usageLine(1)], timestamp: 1e30 }]),
    ],
  ])("%s is malformed", async (_, line) => {
    const e = await read(`${line}\n${exec(DAY)}\n`);
    expect(e.malformed.count).toBe(1);
    expect(e.malformed.examples[0]?.reason).toMatch(/is not a time between 1970 and 9999/);
    expect(e.malformed.examples[0]).toMatchObject({ file: "<stdin>", line: 1 });
    // The good line after it still counts; the bad one widened nothing.
    expect(e.byPath.get("messages:send")?.calls).toBe(1);
    expect(e.fromMs).toBe(DAY);
    expect(e.toMs).toBe(DAY);
  });

  test("the edges of the range are accepted: 1970 and the last millisecond of 9999", async () => {
    const e = await read(
      `${exec(0)}\n${exec(253_402_300_799_999)}\n${exec(253_402_300_800_000)}\n`,
    );
    expect(e.byPath.get("messages:send")?.calls).toBe(2);
    expect(e.malformed.count).toBe(1);
    expect(e.malformed.examples[0]?.line).toBe(3);
  });
});

describe("usage-line counts", () => {
  test.each([
    ["-100", -100],
    ["0", 0],
    ["1.5", 1.5],
    ["past 2^53", 2 ** 60],
    ["a string", "3"],
    ["missing", undefined],
    ["an array", [1]],
  ])("calls %s is malformed, not counted", async (_, calls) => {
    const e = await read(`${consoleEvent(calls)}\n${consoleEvent(2)}\n`);
    expect(e.malformed.count).toBe(1);
    expect(e.malformed.examples[0]?.reason).toMatch(
      /^usage line with calls .*: expected a whole number/,
    );
    expect(e.byVersion.get(versionKey("messages:send", "2026-06-01"))?.calls).toBe(2);
  });

  test("1e400 in the JSON text (Infinity once parsed) is malformed", async () => {
    const line = consoleEvent(1).replace('\\"calls\\":1', '\\"calls\\":1e400');
    expect(line).toContain("1e400");
    const e = await read(`${line}\n`);
    expect(e.malformed.count).toBe(1);
    expect(e.byVersion.size).toBe(0);
  });

  test("a usage line without its version is malformed; other console output is not", async () => {
    const noVersion = consoleEvent(1).replace('\\"version\\":\\"2026-06-01\\",', "");
    const chatter = JSON.stringify({
      topic: "console",
      timestamp: DAY,
      function: { path: "messages:send" },
      message: "'saved'",
    });
    const e = await read(`${noVersion}\n${chatter}\n`);
    expect(e.malformed.count).toBe(1);
    expect(e.malformed.examples[0]?.reason).toBe("usage line without version");
  });
});

test("a webhook body with one bad event counts none of its events", async () => {
  const body = `[${exec(DAY)},${consoleEvent(1)},${exec(-5)}]`;
  const e = await read(`${body}\n`);
  expect(e.malformed.count).toBe(1);
  expect(e.byPath.size).toBe(0);
  expect(e.byVersion.size).toBe(0);
  expect(e.fromMs).toBeUndefined();
});

test("arrays nested a million deep are one malformed line, not a stack overflow", async () => {
  const deep = `${"[".repeat(1_000_000)}${"]".repeat(1_000_000)}`;
  const e = await read(`${deep}\n[${exec(DAY)},[]]\n${exec(DAY)}\n`);
  expect(e.malformed.count).toBe(2);
  expect(e.malformed.examples.map((m) => m.reason)).toEqual([
    "an array inside an array of events",
    "an array inside an array of events",
  ]);
  expect(e.byPath.get("messages:send")?.calls).toBe(1);
});

test("a byte-order mark before the first line is not a malformed line", async () => {
  const e = await read(`\uFEFF${exec(DAY)}\n`);
  expect(e.malformed.count).toBe(0);
  expect(e.byPath.get("messages:send")?.calls).toBe(1);
});

test("standard input can be read once per report", async () => {
  await expect(readUsageFiles(["-", "-"], { stdin: Readable.from([""]) })).rejects.toThrow(
    "--usage -: standard input can be read only once",
  );
});

describe("how usage files are named in the evidence", () => {
  test("relative to the working directory, with forward slashes", () => {
    expect(shownPath("/repo/logs/usage.jsonl", "/repo")).toBe("logs/usage.jsonl");
    expect(shownPath("/elsewhere/usage.jsonl", "/repo")).toBe("../elsewhere/usage.jsonl");
  });

  test("a path given relative stays as given; no cwd keeps it whole", () => {
    expect(shownPath("usage.jsonl", "/repo")).toBe("usage.jsonl");
    expect(shownPath("/repo/usage.jsonl", undefined)).toBe("/repo/usage.jsonl");
  });
});

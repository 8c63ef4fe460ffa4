/**
 * Reading `_scheduled_functions` documents as `npx convex data … --format jsonl` prints them: the
 * Convex CLI's own syntax (bigints as `5n`, `Bytes("…")`, `NaN`), Convex's JSON encoding
 * (`$integer`, `$bytes`, `$float`), name normalisation, which states count, and bad lines.
 */
import { Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { normaliseFunctionName } from "../../src/pending/function-name.ts";
import { readJobs, type ScheduledJob, unknownStatesWarning } from "../../src/pending/jobs.ts";
import { decodeConvexJson, parseDataLine } from "../../src/pending/value.ts";
import { argsArb, valuesOf } from "../compat/arbitraries.ts";
import { convexDataStringify } from "./printer.ts";

const sameValue = (a: unknown, b: unknown): boolean => {
  if (a instanceof ArrayBuffer && b instanceof ArrayBuffer)
    return Buffer.from(a).equals(Buffer.from(b));
  if (typeof a === "number" && typeof b === "number")
    return Object.is(a, b) || (a === 0 && b === 0);
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (a && b && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a);
    return (
      ka.length === Object.keys(b).length &&
      ka.every((k) => sameValue((a as never)[k], (b as never)[k]))
    );
  }
  return a === b;
};

describe("values as the Convex CLI prints them", () => {
  test("its own syntax: bigints, Bytes, NaN and ±Infinity", () => {
    const v = decodeConvexJson(
      parseDataLine(
        '{ "a": 5n, "b": -12n, "c": Bytes("AQID"), "d": [NaN, Infinity, -Infinity, 1.5e+21], "e": "x\\"y" }',
      ),
    ) as Record<string, unknown>;
    expect(v.a).toBe(5n);
    expect(v.b).toBe(-12n);
    expect([...new Uint8Array(v.c as ArrayBuffer)]).toEqual([1, 2, 3]);
    expect(v.d).toEqual([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1.5e21]);
    expect(v.e).toBe('x"y');
  });

  test("Convex's JSON encoding: $integer, $bytes, $float", () => {
    const raw = parseDataLine(
      '{"n":{"$integer":"BQAAAAAAAAA="},"b":{"$bytes":"AQID"},"f":{"$float":"AAAAAAAA8H8="},"plain":[1]}',
    );
    const v = decodeConvexJson(raw) as Record<string, unknown>;
    expect(v.n).toBe(5n);
    expect([...new Uint8Array(v.b as ArrayBuffer)]).toEqual([1, 2, 3]);
    expect(v.f).toBe(Number.POSITIVE_INFINITY);
    expect(v.plain).toBe((raw as { plain: unknown }).plain);
    expect(() => decodeConvexJson({ $weird: "x" })).toThrow(/not a Convex encoding/);
  });

  test("bad syntax is reported as not JSON, with JSON.parse's reason", () => {
    expect(() => parseDataLine('{ "a": 5x }')).toThrow(/^not JSON: /);
    expect(() => parseDataLine('{ "a": Bytes("AQ" }')).toThrow(/^not JSON: /);
    expect(() => parseDataLine('{ "a": 1 } trailing')).toThrow(/^not JSON: /);
  });

  test("tokens inside strings stay text", () => {
    expect(parseDataLine('{ "a": "5n, Bytes(\\"x\\"), NaN", "b": 5n }')).toEqual({
      a: '5n, Bytes("x"), NaN',
      b: { $bigintDecimal: "5" },
    });
  });

  test("property: what the Convex CLI prints reads back as the same value", () => {
    fc.assert(
      fc.property(
        argsArb.chain((a) => valuesOf(a)),
        (value) => {
          const line = convexDataStringify({ _id: "k1", args: [value] });
          const read = decodeConvexJson(parseDataLine(line)) as { args: unknown[] };
          expect(sameValue(read.args[0], value), line).toBe(true);
        },
      ),
      { numRuns: 200, seed: 77 },
    );
  });
});

test("function names: .js dropped, a bare module is its default export", () => {
  expect(normaliseFunctionName("jobs.js:sendEmail")).toBe("jobs:sendEmail");
  expect(normaliseFunctionName("admin/old.js:purge")).toBe("admin/old:purge");
  expect(normaliseFunctionName("jobs.js")).toBe("jobs:default");
  expect(normaliseFunctionName("jobs:sendEmail")).toBe("jobs:sendEmail");
});

const doc = (fields: Record<string, unknown>) =>
  JSON.stringify({
    _id: "k1",
    _creationTime: 1,
    name: "jobs.js:send",
    args: [{ to: "a" }],
    scheduledTime: 10,
    state: { kind: "pending" },
    ...fields,
  });

async function read(lines: string[]): Promise<ScheduledJob[]> {
  const jobs: ScheduledJob[] = [];
  await readJobs(Readable.from([`${lines.join("\n")}\n`]), "pending.jsonl", {
    add: (j) => jobs.push(j),
  });
  return jobs;
}

describe("readJobs", () => {
  test("pending and inProgress jobs are handed on; success, failed and canceled are ignored", async () => {
    const jobs = await read([
      doc({ _id: "p" }),
      doc({ _id: "i", state: { kind: "inProgress" } }),
      doc({ _id: "s", state: { kind: "success" } }),
      doc({ _id: "f", state: { kind: "failed", error: "boom" } }),
      doc({ _id: "c", state: { kind: "canceled" } }),
      "",
    ]);
    expect(jobs).toEqual([
      { id: "p", function: "jobs:send", args: { to: "a" }, scheduledTime: 10 },
      { id: "i", function: "jobs:send", args: { to: "a" }, scheduledTime: 10 },
    ]);
  });

  test("finished jobs as the Convex CLI prints them are counted without being parsed; a `kind` in the args is parsed", async () => {
    const printed = (kind: string, args = '{ "to": "a" }') =>
      `{ "_creationTime": 1, "_id": "k${kind}", "args": [${args}], "name": "jobs.js:send", "scheduledTime": 10, "state": { "kind": "${kind}" } }`;
    const jobs: ScheduledJob[] = [];
    const stats = await readJobs(
      Readable.from([
        [
          printed("success"),
          printed("canceled"),
          // Args with a finished-looking `kind`: two "kind" keys, so the line is parsed, and it is pending.
          printed("pending", '{ "state": { "kind": "success" } }'),
          `{ "_creationTime": 1, "_id": "kf", "args": [{}], "name": "jobs.js:send", "scheduledTime": 10, "state": { "error": "boom", "kind": "failed" } }`,
          "",
        ].join("\n"),
      ]),
      "pending.jsonl",
      { add: (j) => jobs.push(j) },
    );
    expect(stats.documents).toBe(4);
    expect(jobs.map((j) => j.id)).toEqual(["kpending"]);
    expect(jobs[0]!.args).toEqual({ state: { kind: "success" } });
  });

  test("an unknown state is counted and reported, not guessed", async () => {
    const jobs: ScheduledJob[] = [];
    const stats = await readJobs(
      Readable.from([
        `${doc({ state: { kind: "paused" } })}\n${doc({ state: { kind: "paused" } })}\n`,
      ]),
      "pending.jsonl",
      { add: (j) => jobs.push(j) },
    );
    expect(jobs).toEqual([]);
    expect(unknownStatesWarning("pending.jsonl", stats)).toContain(
      '"paused" (2 jobs, first on line 1)',
    );
  });

  test("a line that is not a scheduled-function document is an error naming source and line", async () => {
    await expect(read([doc({}), "{ not json"])).rejects.toThrow(
      /^pending\.jsonl:2: not a _scheduled_functions document \(not JSON: /,
    );
    await expect(read([doc({}), doc({}), JSON.stringify({ _id: "x", name: "a" })])).rejects.toThrow(
      /^pending\.jsonl:3: not a _scheduled_functions document \(`args` is not an array\)/,
    );
    await expect(read([doc({ state: {} })])).rejects.toThrow(
      /pending\.jsonl:1: .*no `state\.kind`/,
    );
    await expect(read(["[1, 2]"])).rejects.toThrow(/pending\.jsonl:1: .*not an object/);
  });
});

/**
 * Most lines of a queue are read from their bytes and only counted (src/pending/jobs.ts with
 * printed-job.ts and quick-args.ts); the rest are parsed whole. Which way a line goes must never
 * change what `check` says: the same counts, findings, witnesses and errors as parsing every line
 * (a sink without a quick test), over random queues with bad lines mixed in.
 */
import { Readable } from "node:stream";
import { v } from "convex/values";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { AppSpec } from "../../src/model.ts";
import { versionCounter } from "../../src/pending/attribute.ts";
import { type JobSink, type ReadStats, readJobs } from "../../src/pending/jobs.ts";
import { PendingJudge } from "../../src/pending/judge.ts";
import { app, args, fn, version } from "../compat/helpers.ts";
import { documentId } from "./ids.ts";
import { convexDataStringify } from "./printer.ts";

const current: AppSpec = app({
  "jobs:send": fn(args({ to: v.string(), n: v.optional(v.number()) })),
  "jobs:tags": fn(args({ tags: v.array(v.string()), meta: v.record(v.string(), v.any()) })),
  "jobs:list": fn(args({}), null, { kind: "query" }),
  "jobs:free": fn({ type: "any" }),
  "jobs:charge": fn(
    args({ orderId: v.id("orders"), by: v.optional(v.record(v.id("users"), v.number())) }),
  ),
  "jobs:alias": {
    ...fn(args({ to: v.string() })),
    versioned: {
      definition: "notify",
      current: "2026-11-01",
      serves: ["2026-01-01"],
      versions: [version("2026-01-01", args({ to: v.string() }), null, { exportName: "alias" })],
    },
  },
  "jobs:notify": {
    ...fn(args({ recipient: v.string() })),
    versioned: {
      definition: "notify",
      current: "2026-11-01",
      serves: ["2026-01-01", "2026-11-01"],
      versions: [
        version("2026-01-01", args({ to: v.string() }), null, { exportName: "notify" }),
        version("2026-11-01", args({ recipient: v.string() }), null, { exportName: "notify" }),
      ],
    },
  },
});

const NAMES = [
  "jobs.js:send",
  "jobs:send",
  "jobs.js:tags",
  "jobs.js:list",
  "jobs.js:free",
  "jobs.js:charge",
  "jobs.js:notify",
  "jobs.js:alias",
  "jobs.js:gone",
  "jobs.js",
  "jobs.js:se\\u006ed",
];
const STATES = ["pending", "inProgress", "success", "failed", "canceled", "paused"];

const sendArgs = fc.record(
  { to: fc.constantFrom("a", 'q"uote', "é"), n: fc.constantFrom(1, 2.5, Number.NaN) },
  { requiredKeys: ["to"] },
);
const tagsArgs = fc.record({
  tags: fc.array(fc.constantFrom("x", "y"), { maxLength: 3 }),
  meta: fc.dictionary(fc.constantFrom("a", "b", "a b"), fc.constantFrom(1, 2n, "s", null), {
    maxKeys: 2,
  }),
});
const argsValue = fc.oneof(
  sendArgs,
  fc.record({
    tags: fc.array(fc.constantFrom("x", "y", 5), { maxLength: 3 }),
    meta: fc.dictionary(fc.constantFrom("a", "$c"), fc.constantFrom(1, 2n, "s", null), {
      maxKeys: 2,
    }),
  }),
  fc.record({ recipient: fc.constantFrom("r", "s") }),
  fc.record({ to: fc.constant(7) }),
  fc.constant({}),
);

/** Document IDs, strings that are not (one character changed, too short) and a number. */
const orderId = fc.oneof(
  fc.nat(5).map((seed) => documentId(10_012, seed)),
  fc.constantFrom(
    documentId(10_012).slice(0, -1),
    `${documentId(10_012).slice(0, -1)}0`,
    "order-1234",
    5,
  ),
);
const chargeArgs = fc.record(
  {
    orderId,
    by: fc.dictionary(
      fc.oneof(fc.constant(documentId(10_020, 3)), fc.constant("u1")),
      fc.constantFrom(1, "x"),
      { maxKeys: 2 },
    ),
  },
  { requiredKeys: ["orderId"] },
);

/** A job its function accepts, or any name with any args (most of those are rejected). */
const job = fc.oneof(
  fc.record({ name: fc.constant("jobs.js:charge"), args: chargeArgs }),
  fc.record({ name: fc.constantFrom("jobs.js:send", "jobs:send"), args: sendArgs }),
  fc.record({ name: fc.constant("jobs.js:tags"), args: tagsArgs }),
  fc.record({
    name: fc.constantFrom("jobs.js:notify", "jobs.js:alias"),
    args: fc.oneof(sendArgs, fc.record({ recipient: fc.constant("r") })),
  }),
  fc.record({ name: fc.constant("jobs.js:free"), args: argsValue }),
  fc.record({ name: fc.constantFrom(...NAMES), args: argsValue }),
  fc.record({ name: fc.constantFrom(...NAMES), args: argsValue }),
);

/** A document as the Convex CLI prints it, or with one of the things real files hold. */
const line = fc
  .record({
    id: fc.nat(50),
    job,
    state: fc.constantFrom(...STATES),
    time: fc.integer({ min: 0, max: 1e6 }),
    extra: fc.constantFrom("", ', "completedTime": 5', ', "state": { "kind": "pending" }'),
    // Where the backend's sorted fields put a finished job's `completedTime`, and a failed job's
    // `error` (the printer's layout, read from both ends: layout.wat).
    completed: fc.constantFrom("", '"completedTime": 1.5e12, ', '"completedTime": 7n, '),
    error: fc.boolean(),
    spacing: fc.constantFrom("printer", "compact", "crlf"),
    // A byte of garbage inside the args (after its opening brace, or anywhere): the line is not
    // JSON whatever its state, unless the byte landed in a string.
    garble: fc.oneof(
      { arbitrary: fc.constant(null), weight: 12 },
      { arbitrary: fc.constant(1), weight: 1 },
      { arbitrary: fc.nat(30), weight: 1 },
    ),
    // A line cut short (a file truncated, a copy gone wrong).
    cut: fc.oneof(
      { arbitrary: fc.constant(null), weight: 40 },
      { arbitrary: fc.nat(200), weight: 1 },
    ),
  })
  .map(
    ({ id, job: { name, args }, state, time, extra, completed, error, spacing, cut, garble }) => {
      let printed = convexDataStringify(args);
      if (garble !== null) {
        const at = garble % printed.length;
        printed = `${printed.slice(0, at)}@${printed.slice(at)}`;
      }
      const stateFields = `${error ? '"error": "boom", ' : ""}"kind": "${state}"`;
      let text = `{ "_creationTime": 1, "_id": "k${id}", "args": [${printed}], ${completed}"name": "${name}", "scheduledTime": ${time}, "state": { ${stateFields} }${extra} }`;
      if (spacing === "compact") text = text.replace(/": /g, '":').replace(/, "/g, ',"');
      if (spacing === "crlf") text += "\r";
      if (cut !== null) text = text.slice(0, cut);
      return text;
    },
  );

interface Outcome {
  error?: string;
  stats?: ReadStats;
  findings?: unknown;
  targets?: unknown;
  judged?: number;
  added: number;
}

async function readAll(text: string, quick: boolean): Promise<Outcome> {
  const judge = new PendingJudge(current, undefined, "2026-12-01");
  let added = 0;
  const sink: JobSink = quick
    ? {
        add: (job) => {
          added++;
          judge.add(job);
        },
        quick: (f) => judge.quick(f),
      }
    : {
        add: (job) => {
          added++;
          judge.add(job);
        },
      };
  // Chunks cut at odd places: lines also arrive in pieces.
  const bytes = Buffer.from(text);
  const chunks = [];
  for (let i = 0; i < bytes.length; i += 97) chunks.push(bytes.subarray(i, i + 97));
  try {
    const stats = await readJobs(Readable.from(chunks), "q.jsonl", sink);
    return {
      stats,
      findings: judge.findings(),
      targets: judge.targets,
      judged: judge.judged,
      added,
    };
  } catch (error) {
    return { error: (error as Error).message, added };
  }
}

describe("reading from bytes changes nothing that is reported", () => {
  test("property: random queues, bad lines included", async () => {
    let quickLines = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { minLength: 1, maxLength: 30 }),
        fc.boolean(),
        async (lines, bom) => {
          const text = `${bom ? "\uFEFF" : ""}${lines.join("\n")}\n`;
          const fast = await readAll(text, true);
          const slow = await readAll(text, false);
          const { added: _a, ...f } = fast;
          const { added: _b, ...s } = slow;
          expect(f, text).toEqual(s);
          quickLines += slow.added - fast.added;
        },
      ),
      { numRuns: 300, seed: 3 },
    );
    // The fast path did take most lines (not a path in name only).
    expect(quickLines).toBeGreaterThan(150);
  });

  test("only jobs whose args may be rejected are built: accepted ones are counted from bytes", async () => {
    const lines = [];
    for (let i = 0; i < 1000; i++) {
      const args = i % 100 === 0 ? '{ "to": 5 }' : `{ "to": "u${i}" }`;
      lines.push(
        `{ "_creationTime": 1, "_id": "k${i}", "args": [${args}], "name": "jobs.js:send", "scheduledTime": ${i}, "state": { "kind": "pending" } }`,
      );
    }
    const fast = await readAll(`${lines.join("\n")}\n`, true);
    expect(fast.added).toBe(10);
    expect(fast.judged).toBe(1000);
    expect(fast.findings).toMatchObject([
      {
        rule: "PENDING_ARGS_REJECTED",
        pending: { jobs: 10, witnesses: [{ job: "k0" }, { job: "k100" }, { job: "k200" }] },
      },
    ]);
  });

  test("ids too: a document ID is counted from bytes, anything else is built and judged", async () => {
    const lines = [];
    for (let i = 0; i < 200; i++) {
      const id = i % 20 === 0 ? `order-${i}` : documentId(10_012, i);
      lines.push(
        `{ "_creationTime": 1, "_id": "k${i}", "args": [{ "orderId": "${id}" }], "name": "jobs.js:charge", "scheduledTime": ${i}, "state": { "kind": "pending" } }`,
      );
    }
    const fast = await readAll(`${lines.join("\n")}\n`, true);
    expect(fast.added).toBe(10);
    expect(fast.judged).toBe(200);
    expect(fast.findings).toMatchObject([
      {
        rule: "PENDING_ARGS_REJECTED",
        pending: {
          jobs: 10,
          witnesses: [
            { job: "k0", path: "args.orderId", got: "non-ID string" },
            { job: "k20" },
            { job: "k40" },
          ],
        },
      },
    ]);
  });

  test("a finished job's args are read to the end too: malformed ones are the same error as when parsed", async () => {
    for (const args of ['{@ "to": "a" }', '{ "n": Na@N }', '{ "a": 1, }', '{ "a": 01 }']) {
      const text = `${[
        `{ "_creationTime": 1, "_id": "k1", "args": [{ "to": "a" }], "name": "jobs.js:send", "scheduledTime": 1, "state": { "kind": "success" } }`,
        `{ "_creationTime": 1, "_id": "k2", "args": [${args}], "name": "jobs.js:send", "scheduledTime": 1, "state": { "kind": "success" } }`,
      ].join("\n")}\n`;
      const fast = await readAll(text, true);
      expect(fast.error, args).toMatch(
        /^q\.jsonl:2: not a _scheduled_functions document \(not JSON/,
      );
      expect(fast).toEqual(await readAll(text, false));
    }
  });

  test("a repeated field: the last one counts, as JSON.parse has it", async () => {
    const text = `{ "_creationTime": 1, "_id": "k1", "args": [{ "to": 5 }], "name": "jobs.js:gone", "state": { "kind": "pending" }, "args": [{ "to": "a" }], "name": "jobs.js:send", "scheduledTime": 1, "state": { "kind": "success" } }\n{ "_creationTime": 1, "_id": "k2", "args": [{ "to": "a" }], "name": "jobs.js:send", "scheduledTime": 1, "state": { "kind": "success" }, "state": { "kind": "pending" } }\n`;
    const fast = await readAll(text, true);
    expect(fast).toMatchObject({ judged: 1, added: 0, findings: [] });
    expect(fast.stats).toMatchObject({ documents: 2, waiting: 1 });
    expect(fast).toMatchObject({ ...(await readAll(text, false)), added: 0 });
  });

  test("property: report --pending counts each job under the same version either way", async () => {
    const count = async (text: string, quick: boolean) => {
      const counts: string[] = [];
      const counter = versionCounter(current, (f, label, jobs) => {
        for (let k = 0; k < jobs; k++) counts.push(`${f}@${label}`);
      });
      const sink: JobSink = quick ? counter : { add: (job) => counter.add(job) };
      try {
        const stats = await readJobs(Readable.from([text]), "q.jsonl", sink);
        return { stats, counts: counts.sort() };
      } catch (error) {
        return { error: (error as Error).message };
      }
    };
    let counted = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 30 }), async (lines) => {
        const text = `${lines.join("\n")}\n`;
        const fast = await count(text, true);
        expect(fast, text).toEqual(await count(text, false));
        counted += fast.counts?.length ?? 0;
      }),
      { numRuns: 400, seed: 8 },
    );
    expect(counted).toBeGreaterThan(40);
  });
});

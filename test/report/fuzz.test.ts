/**
 * Whatever the usage input, the report answers with 0 or 1 (or 2 for an input error), in every
 * format, and never throws: random bytes, near-miss Convex records with odd numbers in every numeric
 * field, lines past the (lowered) length cap. The app is the captured fixture, so versions exist for
 * the odd records to land on.
 */
import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { expect, test } from "vitest";
import type { AppSpec } from "../../src/model.ts";
import { type AppLoader, REPORT_FORMATS, runReport } from "../../src/report/command.ts";
import { inspectString } from "../../src/report/usage/library-line.ts";

const app = JSON.parse(
  await readFile(fileURLToPath(new URL("../fixtures/usage/app.json", import.meta.url)), "utf8"),
) as AppSpec;
const loader: AppLoader = async () => ({ app, warnings: [] });
const PATHS = Object.keys(app.functions);

/** Numbers as JSON text, including ones JSON.parse turns into ±Infinity or -0. */
const oddNumber = fc.oneof(
  fc.double().map((n) => (Number.isFinite(n) ? String(n) : "1e400")),
  fc.integer().map(String),
  fc.constantFrom(
    "1e30",
    "-1e30",
    "1e400",
    "-1e400",
    "-0",
    "0",
    "5e-324",
    "9007199254740993",
    "253402300800000",
    "1797069600",
    "1797069600000",
    "-100",
  ),
);
const text = fc.oneof(fc.string(), fc.constantFrom(...PATHS, "messages.js:send", "", "2026-06-01"));

const usageMessage = fc
  .record({ version: text, export: text, definition: text, calls: oddNumber })
  .map(({ version, export: e, definition, calls }) =>
    inspectString(
      `{"convex-versioned":"call","definition":${JSON.stringify(definition)},"export":${JSON.stringify(e)},"version":${JSON.stringify(version)},"calls":${calls}}`,
    ),
  );

/** Records shaped like each supported format, with odd values where numbers go. */
const record = fc.oneof(
  fc
    .record({
      ts: oddNumber,
      path: text,
      msg: usageMessage,
      kind: fc.constantFrom("Completion", "Progress"),
    })
    .map(
      ({ ts, path, msg, kind }) =>
        `{"kind":"${kind}","identifier":${JSON.stringify(path)},"udfType":"Mutation","timestamp":${ts},"logLines":[${JSON.stringify(msg)},{"messages":[${JSON.stringify(msg)}],"timestamp":${ts}}]}`,
    ),
  fc
    .record({
      ts: oddNumber,
      path: text,
      msg: usageMessage,
      topic: fc.constantFrom("console", "function_execution"),
    })
    .map(
      ({ ts, path, msg, topic }) =>
        `{"topic":"${topic}","timestamp":${ts},"function":{"path":${JSON.stringify(path)}},"message":${JSON.stringify(msg)}}`,
    ),
  fc
    .record({ ts: oddNumber, path: text, msg: usageMessage })
    .map(
      ({ ts, path, msg }) =>
        `{"_topic":"_console","_timestamp":${ts},"_functionPath":${JSON.stringify(path)},"message":${JSON.stringify(msg)}}`,
    ),
  fc.json(),
);

const line = fc.oneof(
  { weight: 6, arbitrary: record },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)) },
  { weight: 1, arbitrary: fc.array(record, { maxLength: 4 }).map((rs) => `[${rs.join(",")}]`) },
);

const input = fc
  .array(line, { maxLength: 30 })
  .map((lines) =>
    Buffer.concat(
      lines.flatMap((l) => [typeof l === "string" ? Buffer.from(l) : l, Buffer.from("\n")]),
    ),
  );

test("any usage input gives a report with exit 0 or 1 in every format", async () => {
  await fc.assert(
    fc.asyncProperty(input, fc.constantFrom(...REPORT_FORMATS), async (bytes, format) => {
      const result = await runReport(
        {
          convexDir: "convex",
          usage: ["-"],
          stdin: Readable.from([bytes]),
          // Low enough that some generated lines are too long.
          maxLineLength: 256,
          now: "2026-12-20",
          format,
          color: false,
        },
        loader,
      );
      expect([0, 1]).toContain(result.exitCode);
      if (format === "json") {
        const usage = JSON.parse(result.output).usage;
        expect(usage.lines).toBeGreaterThanOrEqual(usage.malformed.count + usage.ignored);
      }
    }),
    { numRuns: 300 },
  );
}, 60_000);

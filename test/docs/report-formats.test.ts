/**
 * docs/report.md shows a complete example line for each log format `report` accepts; each is fed to
 * the real reader, which must count it as evidence (not ignored, not malformed), and every format
 * the reader knows has an example.
 */
import { Readable } from "node:stream";
import { expect, test } from "vitest";
import { UsageAggregator } from "../../src/report/usage/aggregate.ts";
import { readUsageStream } from "../../src/report/usage/read.ts";
import { codeBlocks, read } from "./markdown.ts";

const lines = codeBlocks(read("docs/report.md"))
  .filter((b) => b.lang === "jsonl")
  .flatMap((b) => b.code.split("\n").map((text, i) => ({ text, line: b.line + 1 + i })))
  .filter((l) => l.text.trim() !== "");

/** The format a record is written in, as formats.ts tells them apart. */
function format(value: unknown): string {
  if (Array.isArray(value)) return "webhook body (array of events)";
  const r = value as Record<string, unknown>;
  if (typeof r.kind === "string") return `convex logs --jsonl ${r.kind}`;
  if (typeof r.topic === "string") return `log stream ${r.topic}`;
  if (typeof r._topic === "string") return `legacy log stream ${r._topic}`;
  if (typeof r.data === "object") return "log stream event wrapped in data";
  return "unknown";
}

test.each(lines)("docs/report.md:$line is evidence the reader counts", async ({ text }) => {
  const aggregator = new UsageAggregator();
  await readUsageStream(Readable.from([`${text}\n`]), "docs", aggregator);
  const { evidence } = aggregator;
  expect(evidence.malformed).toEqual({ count: 0, examples: [] });
  expect(evidence.ignored).toBe(0);
  expect(evidence.byPath.size + evidence.byVersion.size).toBeGreaterThan(0);
});

test("every accepted format has an example line, and every library-line form appears", () => {
  expect(new Set(lines.map((l) => format(JSON.parse(l.text))))).toEqual(
    new Set([
      "convex logs --jsonl Completion",
      "convex logs --jsonl Progress",
      "log stream function_execution",
      "log stream console",
      "log stream event wrapped in data",
      "webhook body (array of events)",
      "legacy log stream _execution_record",
      "legacy log stream _console",
    ]),
  );
  const all = lines.map((l) => l.text).join("\n");
  expect(all).toContain(`"message":"'{\\"convex-versioned\\"`); // object-inspect form
  expect(all).toContain(`"message":"[LOG] '{\\"convex-versioned\\"`); // with a level prefix
});

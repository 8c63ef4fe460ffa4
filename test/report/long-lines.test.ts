/**
 * A line longer than the cap is skipped as it streams past, never assembled: a 40 MB line (made on
 * the fly, never written to disk) against a 1 MiB cap leaves the heap where it was, and the lines
 * around it still count. With `node:readline` the same test assembles the 40 MB string and fails.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, test } from "vitest";
import { UsageAggregator } from "../../src/report/usage/aggregate.ts";
import { readUsageStream } from "../../src/report/usage/read.ts";
import { fileChunks, splitLines } from "../../src/split-lines.ts";

const MiB = 1024 * 1024;
const exec = (ms: number) =>
  `${JSON.stringify({ topic: "function_execution", timestamp: ms, function: { path: "a:b" } })}\n`;

/**
 * `before`, then one line of `size` bytes, then `after`. The filler chunk is one reused buffer, so
 * the source itself allocates nothing per chunk and any heap growth is the reader's.
 */
function hugeLineStream(before: string, size: number, after: string, onChunk: () => void) {
  const filler = Buffer.alloc(64 * 1024, "x");
  return Readable.from(
    (function* () {
      yield Buffer.from(`${before}{"topic":"console","message":"`);
      for (let sent = 0; sent < size; sent += filler.length) {
        onChunk();
        yield filler;
      }
      yield Buffer.from(`"}\n${after}`);
    })(),
  );
}

describe("a line past the cap", () => {
  test("is one malformed line; its neighbours count; the heap never holds it", async () => {
    const aggregator = new UsageAggregator();
    global.gc?.();
    const base = process.memoryUsage().heapUsed;
    let peak = 0;
    const sample = () => {
      peak = Math.max(peak, process.memoryUsage().heapUsed - base);
    };
    await readUsageStream(
      hugeLineStream(exec(1000), 40 * MiB, exec(2000), sample),
      "huge.jsonl",
      aggregator,
      { maxLineLength: MiB },
    );
    const e = aggregator.evidence;
    expect(e.byPath.get("a:b")?.calls).toBe(2);
    expect(e.malformed.count).toBe(1);
    expect(e.malformed.examples[0]).toEqual({
      file: "huge.jsonl",
      line: 2,
      reason: "longer than 1,048,576 bytes (skipped unread)",
    });
    expect(e.lines).toBe(3);
    // Assembling the line would take 40 MB at least; what is left is the 1 MiB the cap allows
    // before giving up, plus garbage not yet collected.
    expect(peak).toBeLessThan(16 * MiB);
  }, 60_000);

  test("a line of exactly the cap is read; one byte more is not", async () => {
    const line = (n: number) => `"${"x".repeat(n - 2)}"`; // n bytes of valid JSON
    const out: (string | undefined)[] = [];
    await splitLines(Readable.from([`${line(10)}\n${line(11)}\n`]), 10, (l) => out.push(l));
    expect(out).toEqual([line(10), undefined]);
  });
});

describe("splitting", () => {
  const split = async (chunks: (string | Buffer)[], max = MiB) => {
    const out: (string | undefined)[] = [];
    await splitLines(Readable.from(chunks), max, (l) => out.push(l));
    return out;
  };

  test("lines cut across chunks, CRLF, and no final newline", async () => {
    expect(await split(["ab", "c\r\nde", "f\n\ng"])).toEqual(["abc", "def", "", "g"]);
  });

  test("a multi-byte character cut between chunks is decoded whole", async () => {
    const bytes = Buffer.from("é\n", "utf8");
    expect(await split([bytes.subarray(0, 1), bytes.subarray(1)])).toEqual(["é"]);
  });

  test("an over-long line spread over chunks is skipped, and the next line is intact", async () => {
    expect(await split(["12345", "67890", "1\nok\n"], 10)).toEqual([undefined, "ok"]);
  });

  test("a file read in chunks of one reused buffer: lines cut between chunks are kept whole", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "cv-lines-")), "jobs.jsonl");
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i} ${"é".repeat(i % 7)}`);
    writeFileSync(file, `${lines.join("\n")}\r\n`);
    for (const size of [1, 7, 64, 1 << 20]) {
      const out: (string | undefined)[] = [];
      await splitLines(fileChunks(file, size), MiB, (l) => out.push(l));
      expect(out, `chunks of ${size}`).toEqual(lines);
    }
  });
});

/**
 * Usage-file throughput and memory: generates a 1,000,000-line log file mixing both formats
 * (`npx convex logs --jsonl` Completions and log-stream events, with library lines, sampled lines,
 * unrelated console output and 0.1% malformed lines) in bench/.generated/, then streams it through
 * the report's reader in a fresh child process and records, at 250k, 500k and 1M lines, the elapsed
 * time, lines per second, heap in use and peak RSS. Flat memory means the reader keeps no lines.
 *
 * Run: `npx tsx bench/usage.ts` (reuses the generated file when present; `--regenerate` to rebuild).
 * The last line of output is one JSON object with the figures.
 */
import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageAggregator } from "../src/report/usage/aggregate.ts";
import { inspectString } from "../src/report/usage/library-line.ts";
import { readUsageFile } from "../src/report/usage/read.ts";
import { random } from "./random.ts";

const TOTAL = 1_000_000;
const CHECKPOINTS = [250_000, 500_000, 1_000_000];
const here = dirname(fileURLToPath(import.meta.url));
const file = join(here, ".generated", "usage-1m.jsonl");

const usageStats = {
  databaseReadBytes: 1077,
  databaseWriteBytes: 0,
  databaseIoReadBytes: 0,
  databaseIoWriteBytes: 0,
  databaseReadDocuments: 3,
  databaseWriteDocuments: 0,
  databaseWriteIndexRows: 0,
  storageReadBytes: 0,
  storageWriteBytes: 0,
  vectorIndexReadBytes: 0,
  vectorIndexWriteBytes: 0,
  textIndexQueryBytes: 0,
  textIndexWriteQueryBytes: 0,
  vectorIndexReadQueryBytes: 0,
  vectorIndexWriteQueryBytes: 0,
  networkEgressBytes: 0,
  memoryUsedMb: 0,
};

async function generate(): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  const out = createWriteStream(file);
  const rnd = random(42);
  // 200 modules × 5 exports: enough distinct keys to exercise the maps, as a large app would.
  const path = () => `module${Math.floor(rnd() * 200)}:fn${Math.floor(rnd() * 5)}`;
  const start = Date.parse("2026-11-01T00:00:00Z");
  const write = (line: string) =>
    out.write(`${line}\n`) ? undefined : new Promise<void>((r) => out.once("drain", () => r()));
  for (let i = 0; i < TOTAL; i++) {
    const ms = start + i * 3000 + Math.floor(rnd() * 1000);
    const p = path();
    const lib =
      rnd() < 0.3
        ? inspectString(
            JSON.stringify({
              "convex-versioned": "call",
              definition: p.split(":")[1],
              export: p.split(":")[1],
              version: rnd() < 0.5 ? "2026-06-01" : "2026-10-01",
              current: "2026-11-15",
              status: "deprecated",
              calls: 1 + Math.floor(rnd() * 4),
            }),
          )
        : undefined;
    const r = rnd();
    let line: string;
    if (r < 0.001)
      line = `{"kind":"Completion","identifier":"${p}"`; // truncated: malformed
    else if (r < 0.5) {
      line = JSON.stringify({
        udfType: "Query",
        componentPath: null,
        identifier: p,
        logLines: [
          { messages: ["'rendering page'", "3"], isTruncated: false, timestamp: ms, level: "LOG" },
          ...(lib ? [{ messages: [lib], isTruncated: false, timestamp: ms, level: "LOG" }] : []),
        ],
        timestamp: ms / 1000,
        cachedResult: rnd() < 0.2,
        caller: "Websocket",
        parentExecutionId: null,
        executionTime: 0.004,
        userExecutionTime: 0.003,
        success: null,
        requestId: i.toString(16).padStart(16, "0"),
        executionId: `exec-${i}`,
        usageStats,
        returnBytes: 512,
        occInfo: null,
        willRetry: false,
        executionTimestamp: ms / 1000 - 0.004,
        identityType: "Unknown",
        environment: "isolate",
        kind: "Completion",
      });
    } else if (r < 0.75) {
      line = JSON.stringify({
        topic: "console",
        timestamp: ms,
        function: { path: p, request_id: i.toString(16), type: "query", cached: false },
        log_level: "LOG",
        message: lib ?? "'rendering page' 3",
        is_truncated: false,
      });
    } else {
      line = JSON.stringify({
        topic: "function_execution",
        timestamp: ms,
        function: { path: p, request_id: i.toString(16), type: "query", cached: false },
        execution_time_ms: 4,
        status: "success",
        usage: {
          database_read_bytes: 1077,
          database_write_bytes: 0,
          file_storage_read_bytes: 0,
          file_storage_write_bytes: 0,
          vector_storage_read_bytes: 0,
          vector_storage_write_bytes: 0,
        },
      });
    }
    await write(line);
  }
  await new Promise<void>((r) => out.end(r));
}

interface Checkpoint {
  lines: number;
  seconds: number;
  linesPerSecond: number;
  heapUsedMB: number;
  peakRssMB: number;
}

/** Runs in the child process: only the reader, so peak RSS is the reader's own. */
async function measure(): Promise<void> {
  const aggregator = new UsageAggregator();
  const checkpoints: Checkpoint[] = [];
  const t0 = performance.now();
  let peakRss = 0;
  const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
  await readUsageFile(file, aggregator, {
    onLine: (n) => {
      if (n % 10_000 === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
      if (CHECKPOINTS.includes(n)) {
        const seconds = (performance.now() - t0) / 1000;
        checkpoints.push({
          lines: n,
          seconds: Math.round(seconds * 100) / 100,
          linesPerSecond: Math.round(n / seconds),
          heapUsedMB: mb(process.memoryUsage().heapUsed),
          peakRssMB: mb(Math.max(peakRss, process.memoryUsage.rss())),
        });
      }
    },
  });
  const e = aggregator.evidence;
  process.stdout.write(
    `${JSON.stringify({ checkpoints, paths: e.byPath.size, versions: e.byVersion.size, malformed: e.malformed.count, ignored: e.ignored })}\n`,
  );
}

if (process.argv.includes("--measure")) {
  await measure();
} else {
  if (process.argv.includes("--regenerate") || !existsSync(file)) {
    const g0 = performance.now();
    process.stdout.write(`generating ${TOTAL.toLocaleString("en")} lines into ${file} …\n`);
    await generate();
    process.stdout.write(`  done in ${((performance.now() - g0) / 1000).toFixed(1)} s\n`);
  }
  const sizeMB = Math.round(statSync(file).size / 1024 / 1024);
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), "--measure"],
    {
      encoding: "utf8",
      maxBuffer: 1 << 20,
    },
  );
  if (child.status !== 0) throw new Error(`measurement failed:\n${child.stderr}`);
  const result = JSON.parse(child.stdout.trim().split("\n").at(-1) ?? "{}") as {
    checkpoints: Checkpoint[];
    paths: number;
    versions: number;
    malformed: number;
    ignored: number;
  };
  process.stdout.write(`usage reader on ${file} (${sizeMB} MB, node ${process.version})\n`);
  for (const c of result.checkpoints) {
    process.stdout.write(
      `  ${c.lines.toLocaleString("en").padStart(9)} lines  ${c.seconds.toFixed(2).padStart(6)} s  ${c.linesPerSecond.toLocaleString("en").padStart(9)} lines/s  heap ${String(c.heapUsedMB).padStart(6)} MB  peak RSS ${String(c.peakRssMB).padStart(6)} MB\n`,
    );
  }
  const first = result.checkpoints[0];
  const last = result.checkpoints.at(-1);
  const growth = first && last ? Math.round((last.peakRssMB / first.peakRssMB) * 100) / 100 : null;
  process.stdout.write(
    `  ${result.paths} paths, ${result.versions} path+version keys, ${result.malformed} malformed lines skipped; peak RSS 1M/250k = ${growth}\n`,
  );
  process.stdout.write(
    `${JSON.stringify({ bench: "usage", fileMB: sizeMB, ...result, peakRssGrowth1MOver250k: growth })}\n`,
  );
}

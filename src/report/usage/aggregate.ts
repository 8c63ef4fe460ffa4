/**
 * Counts calls per function path and per (path, version) while usage files stream past.
 *
 * Memory is bounded by the number of distinct functions and versions, never by the number of lines:
 * each record only bumps a counter and widens a first/last-seen range.
 */
import type { VersionedCallLog } from "../../meta.ts";
import type { UsageSink } from "./formats.ts";

export interface CallCounts {
  calls: number;
  /** Epoch milliseconds of the first and last call seen. */
  firstMs: number;
  lastMs: number;
}

export interface VersionCounts extends CallCounts {
  path: string;
  version: string;
  definition: string;
  exportName: string;
}

export interface MalformedLine {
  file: string;
  /** 1-based line number in `file`. */
  line: number;
  reason: string;
}

/** Everything the usage files proved, ready for the registry. */
export interface UsageEvidence {
  files: string[];
  /** Non-blank lines read. */
  lines: number;
  /** Lines that were Convex records but said nothing about this app's functions. */
  ignored: number;
  malformed: { count: number; examples: MalformedLine[] };
  /** Time range the evidence covers (epoch ms), absent when no record had a timestamp. */
  fromMs?: number;
  toMs?: number;
  /** Executions per function path (`messages:send`). */
  byPath: Map<string, CallCounts>;
  /** Library lines per path and version label; key `versionKey(path, label)`. */
  byVersion: Map<string, VersionCounts>;
}

/** How many malformed lines are quoted (with line numbers) in the report. */
export const MALFORMED_EXAMPLES = 5;

export function versionKey(path: string, label: string): string {
  return `${path}\u0000${label}`;
}

export class UsageAggregator implements UsageSink {
  readonly evidence: UsageEvidence = {
    files: [],
    lines: 0,
    ignored: 0,
    malformed: { count: 0, examples: [] },
    byPath: new Map(),
    byVersion: new Map(),
  };

  call(path: string, ms: number): void {
    this.#cover(ms);
    const c = this.evidence.byPath.get(path);
    if (c) bump(c, 1, ms);
    else this.evidence.byPath.set(path, { calls: 1, firstMs: ms, lastMs: ms });
  }

  versionLine(path: string, line: VersionedCallLog, ms: number): void {
    this.#cover(ms);
    const key = versionKey(path, line.version);
    const c = this.evidence.byVersion.get(key);
    if (c) bump(c, line.calls, ms);
    else {
      this.evidence.byVersion.set(key, {
        path,
        version: line.version,
        definition: line.definition,
        exportName: line.export,
        calls: line.calls,
        firstMs: ms,
        lastMs: ms,
      });
    }
  }

  malformedLine(file: string, line: number, reason: string): void {
    const m = this.evidence.malformed;
    m.count++;
    if (m.examples.length < MALFORMED_EXAMPLES) m.examples.push({ file, line, reason });
  }

  #cover(ms: number): void {
    const e = this.evidence;
    if (e.fromMs === undefined || ms < e.fromMs) e.fromMs = ms;
    if (e.toMs === undefined || ms > e.toMs) e.toMs = ms;
  }
}

function bump(c: CallCounts, calls: number, ms: number): void {
  c.calls += calls;
  if (ms < c.firstMs) c.firstMs = ms;
  if (ms > c.lastMs) c.lastMs = ms;
}

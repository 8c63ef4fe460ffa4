/**
 * Recognises one parsed log record and feeds what it proves to a `UsageSink`.
 *
 * Formats, sniffed per record (a file may mix them):
 * - `npx convex logs --jsonl`: one `FunctionExecution` per line (convex/src/cli/lib/apiTypes.ts):
 *   `{ kind: "Completion"|"Progress", identifier, udfType, timestamp (seconds), logLines, ... }`.
 *   A Completion is one call of `identifier`; library lines in `logLines` (of either kind: actions
 *   flush logs in Progress entries) attribute calls to versions.
 * - Log streams (webhook, Axiom, Datadog), current schema: `{ topic: "function_execution" |
 *   "console", timestamp (ms), function: { path, type, cached?, request_id }, message?, status? }`,
 *   possibly wrapped as `{ data: {...} }`, or a whole webhook body (a JSON array of events) per line.
 * - Log streams, legacy schema (before May 2024): `{ _topic: "_execution_record" | "_console",
 *   _timestamp (ms), _functionPath, message? }`.
 * Anything else JSON (verification, audit_log, component functions, HTTP actions) is ignored, not
 * malformed: it is a real Convex record that simply says nothing about versioned functions.
 *
 * A record is malformed when what it would feed the sink is nonsense: a timestamp outside
 * 1970–9999 (negative, `1e30`, which no date can hold), or a usage line with a count that is not a
 * whole number ≥ 1. Such a record may have fed the sink partly before the bad field was found; the
 * caller stages what it feeds and drops it (see read.ts), so a malformed record counts for nothing.
 */
import type { VersionedCallLog } from "../../meta.ts";
import { readLibraryLine } from "./library-line.ts";

export interface UsageSink {
  /** One execution of `path` (a client call, cached or not, successful or not). */
  call(path: string, ms: number): void;
  /** A library line logged by `path`: `line.calls` calls of `line.version`. */
  versionLine(path: string, line: VersionedCallLog, ms: number): void;
}

/** What a record turned out to be; `malformed` carries the reason. */
export type RecordOutcome =
  | { kind: "used" }
  | { kind: "ignored" }
  | { kind: "malformed"; reason: string };

const USED: RecordOutcome = { kind: "used" };
const IGNORED: RecordOutcome = { kind: "ignored" };
const malformed = (reason: string): RecordOutcome => ({ kind: "malformed", reason });

/** Feed one parsed JSON value (one line of a usage file) to `sink`. */
export function readRecord(value: unknown, sink: UsageSink): RecordOutcome {
  if (Array.isArray(value)) {
    // A webhook request body saved as one line: every element is an event. One level only: a
    // nested array is no event, and recursing into a million of them would overflow the stack.
    let outcome: RecordOutcome = IGNORED;
    for (const item of value) {
      if (Array.isArray(item)) return malformed("an array inside an array of events");
      const one = readRecord(item, sink);
      if (one.kind === "malformed") return one;
      if (one.kind === "used") outcome = USED;
    }
    return outcome;
  }
  if (typeof value !== "object" || value === null) return malformed("not a JSON object");
  const r = value as Record<string, unknown>;
  if (r.kind === "Completion" || r.kind === "Progress") return readFunctionExecution(r, sink);
  if (typeof r.topic === "string") return readStreamEvent(r, sink);
  if (typeof r._topic === "string") return readLegacyStreamEvent(r, sink);
  if (typeof r.data === "object" && r.data !== null && !Array.isArray(r.data)) {
    const inner = r.data as Record<string, unknown>;
    if (typeof inner.topic === "string") return readStreamEvent(inner, sink);
  }
  return malformed("not a Convex log record (no kind, topic or _topic field)");
}

/** 9999-12-31T23:59:59.999Z: the last instant an ISO date (and so every report format) can show. */
export const MAX_MS = 253_402_300_799_999;

function validMs(ms: number): boolean {
  return Number.isFinite(ms) && ms >= 0 && ms <= MAX_MS;
}

const badTimestamp = (what: string, value: number): RecordOutcome =>
  malformed(`${what} ${value} is not a time between 1970 and 9999`);

/** `messages.js:send` (older backends) and `messages:send` name the same function. */
export function normalizePath(path: string): string {
  const colon = path.indexOf(":");
  if (colon < 0) return path.endsWith(".js") ? path.slice(0, -3) : path;
  const module = path.slice(0, colon);
  return module.endsWith(".js") ? `${module.slice(0, -3)}${path.slice(colon)}` : path;
}

/**
 * `npx convex logs --jsonl` prints the backend's `timestamp` unchanged, in seconds (the CLI's text
 * mode multiplies it by 1000). Values that are clearly already milliseconds are kept as they are.
 */
function executionMs(seconds: number): number {
  return seconds > 1e11 ? seconds : seconds * 1000;
}

function readFunctionExecution(r: Record<string, unknown>, sink: UsageSink): RecordOutcome {
  if (typeof r.identifier !== "string") return malformed(`${r.kind} without an identifier`);
  if (typeof r.timestamp !== "number") return malformed(`${r.kind} without a numeric timestamp`);
  if (!Array.isArray(r.logLines)) return malformed(`${r.kind} without logLines`);
  // Component functions live in their own namespace; they are never this app's versioned exports.
  if (typeof r.componentPath === "string" && r.componentPath !== "") return IGNORED;
  if (r.udfType === "HttpAction") return IGNORED;
  const path = normalizePath(r.identifier);
  const ms = executionMs(r.timestamp);
  if (!validMs(ms)) return badTimestamp(`${r.kind} timestamp`, r.timestamp);
  for (const logLine of r.logLines) {
    if (typeof logLine === "string") {
      const bad = feedLibraryLine(sink, path, logLine, ms);
      if (bad) return bad;
    } else if (typeof logLine === "object" && logLine !== null) {
      const l = logLine as { messages?: unknown; timestamp?: unknown };
      if (!Array.isArray(l.messages)) continue;
      const lineMs = typeof l.timestamp === "number" ? l.timestamp : ms;
      if (!validMs(lineMs)) return badTimestamp("logLines timestamp", lineMs);
      for (const message of l.messages) {
        if (typeof message !== "string") continue;
        const bad = feedLibraryLine(sink, path, message, lineMs);
        if (bad) return bad;
      }
    }
  }
  if (r.kind === "Completion") sink.call(path, ms);
  return USED;
}

function readStreamEvent(r: Record<string, unknown>, sink: UsageSink): RecordOutcome {
  if (r.topic !== "console" && r.topic !== "function_execution") return IGNORED;
  const fn = r.function as { path?: unknown; type?: unknown } | undefined;
  if (typeof fn !== "object" || fn === null || typeof fn.path !== "string") {
    return malformed(`${r.topic} event without function.path`);
  }
  if (typeof r.timestamp !== "number")
    return malformed(`${r.topic} event without a numeric timestamp`);
  if (fn.type === "http_action") return IGNORED;
  if (!validMs(r.timestamp)) return badTimestamp(`${r.topic} timestamp`, r.timestamp);
  const path = normalizePath(fn.path);
  if (r.topic === "function_execution") {
    sink.call(path, r.timestamp);
    return USED;
  }
  if (typeof r.message !== "string") return malformed("console event without a message");
  return feedLibraryLine(sink, path, r.message, r.timestamp) ?? USED;
}

function readLegacyStreamEvent(r: Record<string, unknown>, sink: UsageSink): RecordOutcome {
  if (r._topic !== "_console" && r._topic !== "_execution_record") return IGNORED;
  if (typeof r._functionPath !== "string")
    return malformed(`${r._topic} event without _functionPath`);
  if (typeof r._timestamp !== "number")
    return malformed(`${r._topic} event without a numeric _timestamp`);
  if (r._functionType === "httpAction") return IGNORED;
  if (!validMs(r._timestamp)) return badTimestamp(`${r._topic} _timestamp`, r._timestamp);
  const path = normalizePath(r._functionPath);
  if (r._topic === "_execution_record") {
    sink.call(path, r._timestamp);
    return USED;
  }
  if (typeof r.message !== "string") return malformed("_console event without a message");
  return feedLibraryLine(sink, path, r.message, r._timestamp) ?? USED;
}

/** Feeds the usage line in `message`, if any; returns the malformed outcome of a bad one. */
function feedLibraryLine(
  sink: UsageSink,
  path: string,
  message: string,
  ms: number,
): RecordOutcome | undefined {
  const read = readLibraryLine(message);
  if (read?.kind === "call") sink.versionLine(path, read.line, ms);
  else if (read?.kind === "bad") return malformed(read.reason);
  return undefined;
}

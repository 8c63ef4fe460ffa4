/**
 * Finds the runtime's usage line (`VersionedCallLog`, src/meta.ts) inside one console message.
 *
 * Convex serialises every `console.log` argument with `object-inspect` before it reaches any log
 * reader, so `console.log(JSON.stringify(line))` arrives as the JSON text wrapped in single quotes,
 * with `'` and `\` backslash-escaped: `'{"convex-versioned":"call",...}'`. The legacy log-stream
 * schema and old CLI log strings also prefix the level: `[LOG] '{...}'`. Both are accepted, and so is
 * bare JSON (a log pipeline that already unwrapped the string).
 */
import type { VersionedCallLog } from "../../meta.ts";

/** Cheap pre-check so the common case (any other console output) costs one substring search. */
const MARKER = '"convex-versioned"';
const LEVEL_PREFIX = /^\[(?:LOG|INFO|WARN|ERROR|DEBUG)\] /;

/** The usage line in `message`, or `undefined` when the message is anything else (or a bad one). */
export function parseLibraryLine(message: string): VersionedCallLog | undefined {
  const read = readLibraryLine(message);
  return read?.kind === "call" ? read.line : undefined;
}

/**
 * What one console message says: nothing about this library (`undefined`), a usage line, or a usage
 * line whose fields cannot be counted (`bad`, with the reason). A bad line carries the library's own
 * marker with nonsense in it (`calls: -100`, `1e400`): counting it would corrupt the evidence, and
 * ignoring it silently would hide a broken log pipeline, so the caller reports it as malformed.
 */
export function readLibraryLine(
  message: string,
): { kind: "call"; line: VersionedCallLog } | { kind: "bad"; reason: string } | undefined {
  if (!message.includes(MARKER)) return undefined;
  let text = message.trim();
  const prefix = LEVEL_PREFIX.exec(text);
  if (prefix) text = text.slice(prefix[0].length);
  if (text.length >= 2 && text.startsWith("'") && text.endsWith("'")) {
    text = text.slice(1, -1).replace(/\\(['\\])/g, "$1");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (v["convex-versioned"] !== "call") return undefined;
  for (const field of ["definition", "export", "version"] as const) {
    if (typeof v[field] !== "string") return { kind: "bad", reason: `usage line without ${field}` };
  }
  if (!isCount(v.calls)) {
    return {
      kind: "bad",
      reason: `usage line with calls ${short(v.calls)}: expected a whole number from 1 to 2^53-1`,
    };
  }
  return { kind: "call", line: value as VersionedCallLog };
}

/** Whole and safe: sums of such counts stay exact for any realistic number of lines. */
function isCount(n: unknown): n is number {
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 1;
}

function short(value: unknown): string {
  // Never stringify a nested value: it may be nested deeper than the stack goes.
  if (Array.isArray(value)) return "(an array)";
  if (typeof value === "object" && value !== null) return "(an object)";
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters is the point.
const CONTROL_CHARS = /[\x00-\x1f]/g;

/**
 * Serialise a string the way Convex's console does (object-inspect, single quotes). Used by the
 * fixture capture script and the benchmark to write faithful log lines; kept here so reader and
 * writer cannot drift apart.
 */
export function inspectString(s: string): string {
  const escaped = s.replace(/(['\\])/g, "\\$1").replace(CONTROL_CHARS, (c) => {
    const n = c.charCodeAt(0);
    const named: Record<number, string> = { 8: "b", 9: "t", 10: "n", 12: "f", 13: "r" };
    return named[n] ? `\\${named[n]}` : `\\x${n.toString(16).toUpperCase().padStart(2, "0")}`;
  });
  return `'${escaped}'`;
}

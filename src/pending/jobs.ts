/**
 * Reads `_scheduled_functions` documents, one per line (what `npx convex data _scheduled_functions
 * --format jsonl` prints), from a stream, and hands each pending or in-progress job on as it is read:
 * nothing is held per job. The document shape is Convex's system schema (convex/server `schema.ts`,
 * `_systemSchema`): `{ _id, _creationTime, name, args: [argsObject], scheduledTime, completedTime?,
 * state: { kind: "pending" | "inProgress" | "success" | "failed" | "canceled" } }`.
 *
 * A line that is not such a document is an input error naming the source and line: judging the
 * rest would be judging a file that is not what it claims to be. A `state.kind` this tool does not
 * know is counted and reported, never guessed as pending or done.
 *
 * Most lines are never parsed: a finished job, or a waiting one whose args its function's quick test
 * accepts (./quick-args.ts), is read from its bytes and only counted. Every other line (a job whose
 * args may be rejected, anything unusual) is parsed whole and handed on as a `ScheduledJob`.
 */
import type { Value } from "../compat/validator/value.ts";
import { InputError } from "../input-error.ts";
import type { ValidatorJSON } from "../meta.ts";
import { normaliseFunctionName } from "./function-name.ts";
import { LineReader, LineRecord } from "./line-reader.ts";
import { type PrintedJob, scanPrintedJob } from "./printed-job.ts";
import { sameBytes, valueEnd } from "./scan.ts";
import { decodeConvexJson, parseDataDocument, ValueSyntaxError } from "./value.ts";

export interface ScheduledJob {
  /** The document's `_id`. */
  id: string;
  /** `dir/module:export` (normalised from `"dir/module.js:export"`). */
  function: string;
  /** The args object the job will be called with. */
  args: Value;
  /** Milliseconds since the epoch. */
  scheduledTime: number;
}

/** States whose jobs have still to run. */
const WAITING = new Set(["pending", "inProgress"]);
/** States whose jobs are over: ignored. */
const DONE = new Set(["success", "failed", "canceled"]);

/** Longest line read, in bytes: a document holds one job's args, which Convex caps far below this. */
export const MAX_DOCUMENT_LENGTH = 64 * 1024 * 1024;

export interface ReadStats {
  /** Documents read (every state). */
  documents: number;
  /** Pending and in-progress jobs handed on. */
  waiting: number;
  /** Unknown `state.kind` values: how many documents, and the first line of each. */
  unknownStates: Map<string, { count: number; line: number }>;
}

export function emptyStats(): ReadStats {
  return { documents: 0, waiting: 0, unknownStates: new Map() };
}

/** Why `doc` is not a scheduled-function document, or undefined when it is one. */
function notAJob(doc: unknown): string | undefined {
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) return "not an object";
  const d = doc as Record<string, unknown>;
  if (typeof d._id !== "string") return "no string `_id`";
  if (typeof d.name !== "string") return "no string `name` (the function's path)";
  if (!Array.isArray(d.args)) return "`args` is not an array";
  if (d.args.length > 1)
    return `\`args\` holds ${d.args.length} values (a job has one args object)`;
  if (typeof d.scheduledTime !== "number") return "no number `scheduledTime`";
  const state = d.state as { kind?: unknown } | null | undefined;
  if (state === null || typeof state !== "object" || typeof state.kind !== "string")
    return "no `state.kind`";
  return undefined;
}

/**
 * A job's name hashed from its last byte to its first and then its length, within 20 bits (a small
 * integer at every step, never a boxed number): layout.wat hashes it so as it finds it.
 */
export function nameHashOf(b: Uint8Array, start: number, end: number): number {
  let hash = 0;
  for (let i = end - 1; i >= start; i--) hash = (hash * 31 + b[i]!) & 0xfffff;
  return (hash * 31 + end - start) & 0xfffff;
}

/** Where the jobs go: every pending or in-progress job is either `add`ed whole or `accepted`. */
export interface JobSink {
  add(job: ScheduledJob): void;
  /**
   * For a function whose jobs need nothing but counting when their args pass a test read from
   * their bytes: the test, and the count. Undefined when every job of `fn` must be added whole.
   * Asked once per function.
   */
  quick?(fn: string): QuickJobs | undefined;
}

export interface QuickJobs {
  /** What the function accepts (any of them): the reader tests each job's args bytes against it. */
  args: readonly ValidatorJSON[];
  /** `jobs` more of its jobs were accepted. */
  accepted(jobs: number): void;
}

/**
 * A function's name as read from a line's bytes, its quick jobs, their test (-1: none) and the
 * slot the line reader counts the jobs it accepts in (-1: none, the jobs come here).
 */
interface QuickName {
  bytes: Buffer;
  jobs: QuickJobs | undefined;
  program: number;
  slot: number;
}

/**
 * Streams `input` into `sink`; `source` names it in errors (`pending.jsonl:12: …`). Throws
 * InputError on a line that is not a document.
 */
export async function readJobs(
  input: AsyncIterable<Buffer | string> | Iterable<Buffer>,
  source: string,
  sink: JobSink,
  stats: ReadStats = emptyStats(),
): Promise<ReadStats> {
  const reader = new LineReader(MAX_DOCUMENT_LENGTH);
  // A queue holds many jobs of few functions: normalise each stored name once, ask for each
  // function's quick test once.
  const names = new Map<string, string>();
  const normalised = (name: string) => {
    let fn = names.get(name);
    if (fn === undefined) {
      fn = normaliseFunctionName(name);
      names.set(name, fn);
    }
    return fn;
  };
  // Read from bytes, a name is found by a hash of them, straight to its function's quick test:
  // decoding each job's name to a string only to look it up was a tenth of the reading time.
  const byBytes = new Map<number, QuickName[]>();
  const quickAt = (b: Buffer, start: number, end: number, hash: number): QuickName => {
    const bucket = byBytes.get(hash) ?? [];
    // Indexed, not `for … of`: an iterator per line costs until V8 optimizes this.
    for (let n = 0; n < bucket.length; n++) {
      const name = bucket[n]!;
      if (sameBytes(b, start, end, name.bytes)) return name;
    }
    byBytes.set(hash, bucket);
    const jobs = sink.quick?.(normalised(b.toString("utf8", start, end)));
    const program = jobs ? reader.program(jobs.args) : -1;
    // From the next lines on, the reader tests this function's jobs itself.
    const slot = reader.register(start, end, hash, program);
    const name: QuickName = { bytes: Buffer.from(b.subarray(start, end)), jobs, program, slot };
    bucket.push(name);
    return name;
  };
  const printed: PrintedJob = {
    nameStart: 0,
    nameEnd: 0,
    argsStart: 0,
    argsEnd: 0,
    waiting: false,
  };
  /**
   * True when the line of record `r` was read from its bytes alone: most lines are in the Convex
   * CLI's layout, read by ./line-reader.ts; any other by the general reader.
   */
  const readQuickly = (b: Buffer, rec: Int32Array, r: number): boolean => {
    const state = rec[r + LineRecord.state]!;
    let nameStart: number;
    let nameEnd: number;
    let argsStart: number;
    let argsEnd: number;
    let waiting: boolean;
    let hash: number;
    // Waiting, and its function's test was not sure: read whole.
    if (state === 3) return false;
    if (state >= 0) {
      nameStart = rec[r + LineRecord.nameStart]!;
      nameEnd = rec[r + LineRecord.nameEnd]!;
      argsStart = rec[r + LineRecord.argsStart]!;
      argsEnd = rec[r + LineRecord.argsEnd]!;
      waiting = state === 1;
      hash = rec[r + LineRecord.nameHash]!;
    } else {
      if (!scanPrintedJob(b, rec[r]!, rec[r + LineRecord.end]!, printed)) return false;
      ({ nameStart, nameEnd, argsStart, argsEnd, waiting } = printed);
      hash = nameHashOf(b, nameStart, nameEnd);
    }
    if (!waiting) {
      // A finished job in the printer's layout reaches here only when the module's reading of its
      // args stopped short (past its 256 levels, or not a value): this reader has no such limit.
      if (valueEnd(b, argsStart, rec[r + LineRecord.end]!) !== argsEnd) return false;
      stats.documents++;
      return true;
    }
    const name = quickAt(b, nameStart, nameEnd, hash);
    if (name.program < 0 || reader.args(name.program, argsStart, argsEnd) !== argsEnd) return false;
    stats.documents++;
    stats.waiting++;
    name.jobs!.accepted(1);
    return true;
  };
  const bad = (why: string): never => {
    throw new InputError(
      `${source}:${reader.line}: not a _scheduled_functions document (${why}). Expected the output of \`npx convex data _scheduled_functions --format jsonl\`, one document per line.`,
      source,
    );
  };
  await reader.read(input, (r) => {
    if (r < 0) bad(`longer than ${MAX_DOCUMENT_LENGTH} bytes`);
    const { bytes, records } = reader;
    try {
      if (readQuickly(bytes, records, r)) return;
    } catch {
      // A nesting deep enough to overflow the stack: the full parse says what it makes of it.
    }
    const line = bytes.toString("utf8", records[r]!, records[r + LineRecord.end]!);
    const text = reader.line === 1 ? line.replace(/^\uFEFF/, "") : line;
    if (text.trim() === "") return;
    let doc: unknown;
    let encoded = false;
    try {
      ({ value: doc, encoded } = parseDataDocument(text));
    } catch (error) {
      bad(error instanceof ValueSyntaxError ? error.message : "not JSON");
    }
    const why = notAJob(doc);
    if (why) bad(why);
    const d = doc as { _id: string; name: string; args: unknown[]; scheduledTime: number };
    const kind = (doc as { state: { kind: string } }).state.kind;
    stats.documents++;
    if (DONE.has(kind)) return;
    if (!WAITING.has(kind)) {
      const seen = stats.unknownStates.get(kind);
      if (seen) seen.count++;
      else stats.unknownStates.set(kind, { count: 1, line: reader.line });
      return;
    }
    let args: Value;
    try {
      const stored = (d.args[0] ?? {}) as Value;
      args = encoded ? decodeConvexJson(stored) : stored;
    } catch (error) {
      bad(`args: ${(error as Error).message}`);
    }
    stats.waiting++;
    sink.add({
      id: d._id,
      function: normalised(d.name),
      args: args!,
      scheduledTime: d.scheduledTime,
    });
  });
  // The jobs the reader read whole itself: finished ones, and accepted ones per function.
  stats.documents += reader.finished();
  for (const bucket of byBytes.values()) {
    for (const name of bucket) {
      const jobs = name.slot < 0 ? 0 : reader.acceptedIn(name.slot);
      if (jobs === 0) continue;
      stats.documents += jobs;
      stats.waiting += jobs;
      name.jobs!.accepted(jobs);
    }
  }
  return stats;
}

/** The warning for documents whose state this tool does not know, or undefined when none. */
export function unknownStatesWarning(source: string, stats: ReadStats): string | undefined {
  if (stats.unknownStates.size === 0) return undefined;
  const parts = [...stats.unknownStates].map(
    ([kind, { count, line }]) =>
      `${JSON.stringify(kind)} (${count} job${count === 1 ? "" : "s"}, first on line ${line})`,
  );
  return `${source}: jobs with a state.kind convex-versioned does not know were not judged: ${parts.join(", ")}. Known: pending, inProgress (judged); success, failed, canceled (over).`;
}

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
 */
import type { Value } from "../compat/validator/value.ts";
import { InputError } from "../input-error.ts";
import { splitLines } from "../report/usage/split-lines.ts";
import { normaliseFunctionName } from "./function-name.ts";
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

/** Longest line read: a document holds one job's args, which Convex caps far below this. */
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

const KIND = '"kind": "';
const DONE_KIND = /^"kind": "(success|failed|canceled)"/;
const FIELDS = ['"_id": "', '"name": "', '"args": [', '"scheduledTime": '];

/**
 * A document `npx convex data` printed for a job that is over, told without parsing it: the table
 * keeps finished jobs for days, so most of its lines are these, and parsing is most of the cost.
 * Exact only in that printer's spacing (`"kind": "success"`): a `"kind": "` can stand in a line
 * only as a key with a string value (quotes inside strings are escaped), so when it occurs once it
 * is `state.kind`. Any other line (a `kind` in the args, compact JSON) is parsed and checked whole.
 */
function isPrintedDoneJob(text: string): boolean {
  const at = text.indexOf(KIND);
  if (at < 0 || text.indexOf(KIND, at + 1) >= 0) return false;
  if (!DONE_KIND.test(text.slice(at, at + 24))) return false;
  if (text[0] !== "{" || text[text.length - 1] !== "}") return false;
  return FIELDS.every((field) => text.includes(field));
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
 * Streams `input`, calling `onJob` for every pending or in-progress job; `source` names it in
 * errors (`pending.jsonl:12: …`). Throws InputError on a line that is not a document.
 */
export async function readJobs(
  input: AsyncIterable<Buffer | string>,
  source: string,
  onJob: (job: ScheduledJob) => void,
  stats: ReadStats = emptyStats(),
): Promise<ReadStats> {
  let lineNo = 0;
  // A queue holds many jobs of few functions: normalise each stored name once.
  const names = new Map<string, string>();
  const bad = (why: string): never => {
    throw new InputError(
      `${source}:${lineNo}: not a _scheduled_functions document (${why}). Expected the output of \`npx convex data _scheduled_functions --format jsonl\`, one document per line.`,
      source,
    );
  };
  await splitLines(input, MAX_DOCUMENT_LENGTH, (line) => {
    lineNo++;
    if (line === undefined) bad(`longer than ${MAX_DOCUMENT_LENGTH} characters`);
    const text = lineNo === 1 ? line!.replace(/^\uFEFF/, "") : line!;
    if (text.trim() === "") return;
    if (isPrintedDoneJob(text)) {
      stats.documents++;
      return;
    }
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
      else stats.unknownStates.set(kind, { count: 1, line: lineNo });
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
    let fn = names.get(d.name);
    if (fn === undefined) {
      fn = normaliseFunctionName(d.name);
      names.set(d.name, fn);
    }
    onJob({
      id: d._id,
      function: fn,
      args: args!,
      scheduledTime: d.scheduledTime,
    });
  });
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

/**
 * A job as the Convex CLI prints it, read by matching that exact layout: `npx convex data
 * --format jsonl` writes `{ "k": v, … }` (convex/src/cli/lib/data.ts) and the backend hands it the
 * fields sorted (a document is a BTreeMap of field names in crates/value/src/object.rs), so a waiting
 * or finished job is always
 *
 *   { "_creationTime": N, "_id": "…", "args": [{ … }], ("completedTime": N, )"name": "…",
 *     "scheduledTime": N, "state": { "kind": "…" } }
 *
 * Read from its end back to the args (the state, the time, the name), then from its start to the
 * args (the creation time and the ID): the name is known before the args are read, so they are read
 * once, by the function's own test, where the general reader (./printed-job.ts) finds their end by
 * their brackets first and compares every key it meets with the five it knows. Most of a queue is
 * read here; anything else (another spacing or order, a failed job's `error`, an escape in a name)
 * is false, and the general reader reads it as before.
 *
 * Every byte of a line this accepts is checked: the separators and keys as literals, the numbers by
 * their grammar (`numberEnd`), the ID and the name as strings, and the args by whoever reads them
 * to exactly `argsEnd`. So it accepts nothing the general reader would not, and fills `out` the same
 * (held by test/pending/printer-layout.test.ts).
 */
import type { PrintedJob } from "./printed-job.ts";
import { bytesAt, numberEnd, sameBytes, stringEnd } from "./scan.ts";

const literal = (s: string) => Buffer.from(s, "latin1");
const START = literal('{ "_creationTime": ');
const ID = literal(', "_id": ');
const ARGS = literal(', "args": [');
const COMPLETED = literal('], "completedTime": ');
const NAME = literal(', "name": ');
const SCHEDULED = literal(', "scheduledTime": ');
const STATE = literal(', "state": { "kind": ');
const END = literal(" } }");
/** The known states by their first letter (each differs there): the printed kind, and waiting. */
const KINDS: ({ printed: Buffer; waiting: boolean } | undefined)[] = [];
for (const [kind, waiting] of [
  ["pending", true],
  ["inProgress", true],
  ["success", false],
  ["failed", false],
  ["canceled", false],
] as const)
  KINDS[kind.charCodeAt(0)] = { printed: literal(`"${kind}"`), waiting };
const QUOTE = 34;

/** The start of the number that ends at `end` (a float64 as the printer writes it), or -1. */
function numberBefore(b: Uint8Array, start: number, end: number): number {
  let i = end - 1;
  // Back over what a number can hold; its grammar is then checked forwards, from where this stops.
  for (let c = b[i]!; i > start; c = b[--i]!) {
    if (!((c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45)) break;
  }
  const from = i + 1;
  return numberEnd(b, from, end) === end ? from : -1;
}

/** Set by `nameBefore`: a hash of the name's bytes (`nameHashOf` in ./jobs.ts computes the same). */
export let nameHash = 0;

/**
 * The opening quote of the name whose closing quote is at `close`, hashing it on the way; -1 when
 * it holds an escape or a control character (the general reader's `plainStringEnd` refuses those).
 */
function nameBefore(b: Uint8Array, start: number, close: number): number {
  let hash = 0;
  for (let q = close - 1; q > start; q--) {
    const c = b[q]!;
    if (c === QUOTE) {
      nameHash = (hash * 31 + close - q - 1) & 0xfffff;
      return q;
    }
    if (c === 92 || c < 32) return -1;
    hash = (hash * 31 + c) & 0xfffff;
  }
  return -1;
}

/** The opening quote of the string whose closing quote is at `close`. */
function quoteBefore(b: Uint8Array, start: number, close: number): number {
  let q = close - 1;
  while (q > start && b[q] !== QUOTE) q--;
  return q;
}

/**
 * Fills `out` from the printed job in `b[start..end)`; false for a line not in the printer's
 * layout. The args are not read here: the caller reads them to exactly `out.argsEnd`.
 */
export function printerLayout(b: Uint8Array, start: number, end: number, out: PrintedJob): boolean {
  // `, "state": { "kind": "…" } }`; an escaped quote is always after a backslash, never after
  // the literal's space, so the kind (and the name below) cannot be read from inside a string.
  let i = end - END.length;
  if (i <= start || b[i - 1] !== QUOTE || !bytesAt(b, i, end, END)) return false;
  const kind = quoteBefore(b, start, i - 1);
  const known = KINDS[b[kind + 1]!];
  if (known === undefined || !sameBytes(b, kind, i, known.printed)) return false;
  out.waiting = known.waiting;
  i = kind - STATE.length;
  if (i <= start || !bytesAt(b, i, end, STATE)) return false;
  // `, "scheduledTime": N`
  i = numberBefore(b, start, i) - SCHEDULED.length;
  if (i <= start || !bytesAt(b, i, end, SCHEDULED) || b[i - 1] !== QUOTE) return false;
  // `, "name": "…"`, no escape in it.
  const name = nameBefore(b, start, i - 1);
  if (name < 0) return false;
  out.nameStart = name + 1;
  out.nameEnd = i - 1;
  i = name - NAME.length;
  if (i <= start || !bytesAt(b, i, end, NAME)) return false;
  // `], "completedTime": N` or `]`
  if (b[i - 1] !== 93) {
    i = numberBefore(b, start, i) - COMPLETED.length;
    if (i <= start || !bytesAt(b, i, end, COMPLETED)) return false;
    i++;
  }
  out.argsEnd = i - 1;
  // `{ "_creationTime": N, "_id": "…", "args": [`
  if (!bytesAt(b, start, end, START)) return false;
  let f = numberEnd(b, start + START.length, end);
  if (f < 0 || !bytesAt(b, f, end, ID)) return false;
  f += ID.length;
  if (b[f] !== QUOTE) return false;
  f = stringEnd(b, f, end);
  if (f < 0 || !bytesAt(b, f, end, ARGS)) return false;
  out.argsStart = f + ARGS.length;
  return out.argsStart < out.argsEnd && b[out.argsStart] === 123;
}

/**
 * One `_scheduled_functions` document read from its printed bytes (./scan.ts) far enough to judge
 * it without parsing: where its `name` and its args object are, and whether its state is waiting
 * or over. False for any line that is not plainly such a document (a missing field, a
 * `name` with an escape, an unknown state, a BOM, a blank line): the reader parses those whole and
 * reports what is wrong with them exactly as before.
 */
import {
  bracketsEnd,
  keyEnd,
  keyValueStart,
  plainStringEnd,
  Scalar,
  sameBytes,
  scalarEnd,
  scalarKind,
  stringEnd,
  UNSURE,
  valueEnd,
  wsEnd,
} from "./scan.ts";

export interface PrintedJob {
  /** `name`'s text, between its quotes. */
  nameStart: number;
  nameEnd: number;
  /**
   * The args object: the one value inside the document's `args` array, its end found by its
   * brackets only. Its content is not read here: whoever uses it reads it to exactly `argsEnd`
   * (`valueEnd`, or the function's own quick test, which would otherwise read it a second time).
   */
  argsStart: number;
  argsEnd: number;
  /** `pending` or `inProgress` (true), or `success`, `failed`, `canceled` (false). */
  waiting: boolean;
}

const key = (s: string) => Buffer.from(`"${s}"`);
/** The fields a job needs, in one bit each: every one present exactly once. */
const FIELDS = [key("_id"), key("name"), key("args"), key("scheduledTime"), key("state")];
const [ID, NAME, ARGS, SCHEDULED, STATE] = [0, 1, 2, 3, 4];
const ALL = (1 << FIELDS.length) - 1;
const KIND = key("kind");
const [PENDING, IN_PROGRESS, SUCCESS, FAILED, CANCELED] = [
  "pending",
  "inProgress",
  "success",
  "failed",
  "canceled",
].map(key) as [Buffer, Buffer, Buffer, Buffer, Buffer];

/** 1 for a waiting state, 0 for one that is over, -1 for another (the `"…"` at `b[i..e)`). */
function stateKind(b: Uint8Array, i: number, e: number): number {
  if (sameBytes(b, i, e, PENDING) || sameBytes(b, i, e, IN_PROGRESS)) return 1;
  if (sameBytes(b, i, e, SUCCESS) || sameBytes(b, i, e, FAILED) || sameBytes(b, i, e, CANCELED))
    return 0;
  return -1;
}

/** The field whose key is at `i` (its bytes end at `k`), or -1 for another field. */
function fieldAt(b: Uint8Array, i: number, k: number): number {
  for (let n = 0; n < FIELDS.length; n++) if (sameBytes(b, i, k, FIELDS[n]!)) return n;
  return -1;
}

/** Fills `out` from the document in `b[start..end)`; false when it is not plainly a job. */
export function scanPrintedJob(
  b: Uint8Array,
  start: number,
  end: number,
  out: PrintedJob,
): boolean {
  let i = wsEnd(b, start, end);
  if (i >= end || b[i] !== 123) return false;
  i = wsEnd(b, i + 1, end);
  let seen = 0;
  for (;;) {
    // Keys with an escape may spell a field's name: left to the full parse.
    let v = keyValueStart(b, i, end);
    if (v < 0) return false;
    const field = fieldAt(b, i, keyEnd);
    // A field twice: JSON.parse keeps the last, and so does this (each overwrites `out`).
    if (field >= 0) seen |= 1 << field;
    switch (field) {
      case ID:
        v = b[v] === 34 ? stringEnd(b, v, end) : UNSURE;
        break;
      case NAME:
        out.nameStart = v + 1;
        v = b[v] === 34 ? plainStringEnd(b, v, end) : UNSURE;
        out.nameEnd = v - 1;
        break;
      case ARGS:
        v = argsEnd(b, v, end, out);
        break;
      case SCHEDULED:
        v = scalarEnd(b, v, end);
        if (scalarKind !== Scalar.Number) return false;
        break;
      case STATE:
        v = stateEnd(b, v, end, out);
        break;
      default:
        v = v < end ? valueEnd(b, v, end) : UNSURE;
    }
    if (v < 0) return false;
    i = wsEnd(b, v, end);
    if (i >= end) return false;
    if (b[i] === 44) i = wsEnd(b, i + 1, end);
    else if (b[i] === 125) return seen === ALL && wsEnd(b, i + 1, end) === end;
    else return false;
  }
}

/** `[ value ]`: exactly one args object (an empty array is left to the full parse). */
function argsEnd(b: Uint8Array, i: number, end: number, out: PrintedJob): number {
  if (b[i] !== 91) return UNSURE;
  i = wsEnd(b, i + 1, end);
  if (i >= end || b[i] !== 123) return UNSURE;
  out.argsStart = i;
  i = bracketsEnd(b, i, end);
  if (i < 0) return UNSURE;
  out.argsEnd = i;
  i = wsEnd(b, i, end);
  return i < end && b[i] === 93 ? i + 1 : UNSURE;
}

/** `{ "kind": "…" }` (other fields skipped), one of the five known kinds. */
function stateEnd(b: Uint8Array, i: number, end: number, out: PrintedJob): number {
  if (b[i] !== 123) return UNSURE;
  i = wsEnd(b, i + 1, end);
  let kind = false;
  for (;;) {
    let v = keyValueStart(b, i, end);
    if (v < 0) return UNSURE;
    const isKind = sameBytes(b, i, keyEnd, KIND);
    if (isKind) {
      if (kind || b[v] !== 34) return UNSURE;
      kind = true;
      const e = plainStringEnd(b, v, end);
      if (e < 0) return UNSURE;
      const known = stateKind(b, v, e);
      if (known < 0) return UNSURE;
      out.waiting = known === 1;
      v = e;
    } else {
      v = v < end ? valueEnd(b, v, end) : UNSURE;
      if (v < 0) return UNSURE;
    }
    i = wsEnd(b, v, end);
    if (i >= end) return UNSURE;
    if (b[i] === 44) i = wsEnd(b, i + 1, end);
    else if (b[i] === 125) return kind ? i + 1 : UNSURE;
    else return UNSURE;
  }
}

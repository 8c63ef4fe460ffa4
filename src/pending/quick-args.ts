/**
 * A validator as a test of a value's printed bytes (./scan.ts): the index after the value when the
 * validator accepts it, else UNSURE. Built once per function of a queue, run once per job, and
 * nothing is allocated per job (but a small array for an object validator of over 30 fields).
 *
 * It answers only "accepted". UNSURE covers both a rejection and anything it does not read as
 * exactly as the full parse does (an escaped key, a number literal, a `$` key): the reader then
 * parses the line and `accepts.ts` judges it, so a finding's count, path and witnesses always come
 * from there. Held to `accepts.ts` by a property test (test/pending/quick-args.test.ts): whatever
 * this accepts, that accepts.
 */
import type { ValidatorJSON } from "../meta.ts";
import { documentIdTableAt } from "./document-id.ts";
import {
  bytesAt,
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
import { storedTable } from "./stored-tables.ts";

/** After the value at `i` when it is accepted, else UNSURE. */
export type QuickArgs = (b: Uint8Array, i: number, end: number) => number;

/** Accepts what any of `shapes` accepts (a versioned function's served versions). */
export function quickArgs(shapes: readonly ValidatorJSON[]): QuickArgs {
  const members = shapes.map(build);
  return members.length === 1 ? members[0]! : union(members);
}

const QUOTE = 34;
const never: QuickArgs = () => UNSURE;

function scalar(...kinds: number[]): QuickArgs {
  const [a, b = a] = kinds;
  return (buf, i, end) => {
    const j = scalarEnd(buf, i, end);
    return j >= 0 && (scalarKind === a || scalarKind === b) ? j : UNSURE;
  };
}

const string: QuickArgs = (b, i, end) => (b[i] === QUOTE ? stringEnd(b, i, end) : UNSURE);

/** A document ID, printed without an escape (an ID never needs one; one written so is left). */
const id: QuickArgs = (b, i, end) => {
  if (b[i] !== QUOTE) return UNSURE;
  const e = plainStringEnd(b, i, end);
  return e >= 0 && documentIdTableAt(b, i + 1, e - 1) !== undefined ? e : UNSURE;
};

function build(v: ValidatorJSON): QuickArgs {
  switch (v.type) {
    case "null":
      return scalar(Scalar.Null);
    case "number":
      return scalar(Scalar.Number, Scalar.FloatName);
    case "bigint":
    case "commitTs":
      return scalar(Scalar.Bigint);
    case "boolean":
      return scalar(Scalar.True, Scalar.False);
    case "bytes":
      return scalar(Scalar.Bytes);
    case "string":
    case "function":
      return string;
    case "id":
      // An ID known to be of another table is rejected: the full judgement says so.
      return storedTable(v) === undefined ? id : never;
    case "literal":
      return literal(v.value);
    case "array":
      return array(build(v.value));
    case "record":
      return record(build(v.keys), build(v.values.fieldType));
    case "object":
      return object(v.value);
    case "union":
      return union(v.value.map(build));
    default:
      // `any`, and a kind newer than this tool (accepts.ts accepts those too): any value at all.
      return valueEnd;
  }
}

/** A string or boolean literal; others (numbers, int64) are left to the full parse. */
function literal(value: unknown): QuickArgs {
  if (typeof value === "boolean") return scalar(value ? Scalar.True : Scalar.False);
  if (typeof value !== "string") return never;
  const printed = Buffer.from(JSON.stringify(value));
  // A string printed with an escape may be printed with another: compare only plain ones.
  if (printed.includes(92)) return never;
  return (b, i, end) => (bytesAt(b, i, end, printed) ? i + printed.length : UNSURE);
}

function union(members: QuickArgs[]): QuickArgs {
  return (b, i, end) => {
    for (const member of members) {
      const j = member(b, i, end);
      if (j >= 0) return j;
    }
    return UNSURE;
  };
}

function array(item: QuickArgs): QuickArgs {
  return (b, i, end) => {
    if (b[i] !== 91) return UNSURE;
    i = wsEnd(b, i + 1, end);
    if (i < end && b[i] === 93) return i + 1;
    for (;;) {
      i = item(b, i, end);
      if (i < 0) return UNSURE;
      i = wsEnd(b, i, end);
      if (i >= end) return UNSURE;
      if (b[i] === 44) i = wsEnd(b, i + 1, end);
      else if (b[i] === 93) return i + 1;
      else return UNSURE;
    }
  };
}

function record(key: QuickArgs, value: QuickArgs): QuickArgs {
  return (b, i, end) => {
    if (b[i] !== 123) return UNSURE;
    i = wsEnd(b, i + 1, end);
    if (i < end && b[i] === 125) return i + 1;
    for (;;) {
      const start = i;
      i = keyValueStart(b, i, end);
      if (i < 0) return UNSURE;
      // The key validator judges the key as the string it is.
      const printedKeyEnd = keyEnd;
      if (key(b, start, printedKeyEnd) !== printedKeyEnd) return UNSURE;
      i = value(b, i, end);
      if (i < 0) return UNSURE;
      i = wsEnd(b, i, end);
      if (i >= end) return UNSURE;
      if (b[i] === 44) i = wsEnd(b, i + 1, end);
      else if (b[i] === 125) return i + 1;
      else return UNSURE;
    }
  };
}

interface Field {
  /** The key as printed, quotes included. */
  printed: Uint8Array;
  check: QuickArgs;
  optional: boolean;
}

function object(shape: Record<string, { fieldType: ValidatorJSON; optional: boolean }>): QuickArgs {
  const fields: Field[] = Object.entries(shape).map(([name, f]) => ({
    printed: Buffer.from(JSON.stringify(name)),
    check: build(f.fieldType),
    optional: f.optional,
  }));
  // Every field is looked for by its printed bytes, so a name that prints with an escape is never
  // found: such an object is left to the full parse.
  const required = fields.filter((f) => !f.optional).length;
  const wide = fields.length > 30;
  return (b, i, end) => {
    if (b[i] !== 123) return UNSURE;
    i = wsEnd(b, i + 1, end);
    let seen = 0;
    let seenWide: Uint8Array | undefined;
    let present = 0;
    if (i < end && b[i] === 125) return required === 0 ? i + 1 : UNSURE;
    for (;;) {
      const start = i;
      i = keyValueStart(b, i, end);
      if (i < 0) return UNSURE;
      const n = find(fields, b, start, keyEnd);
      // An unknown field is a rejection: the full parse says which.
      if (n < 0) return UNSURE;
      const field = fields[n]!;
      // A key twice: JSON.parse keeps the last value, this would judge both. Left to it.
      if (wide) {
        seenWide ??= new Uint8Array(fields.length);
        if (seenWide[n]) return UNSURE;
        seenWide[n] = 1;
      } else {
        if (seen & (1 << n)) return UNSURE;
        seen |= 1 << n;
      }
      if (!field.optional) present++;
      i = field.check(b, i, end);
      if (i < 0) return UNSURE;
      i = wsEnd(b, i, end);
      if (i >= end) return UNSURE;
      if (b[i] === 44) i = wsEnd(b, i + 1, end);
      else if (b[i] === 125) return present === required ? i + 1 : UNSURE;
      else return UNSURE;
    }
  };
}

/** The field whose printed key is `b[start..end)`, or -1. */
function find(fields: readonly Field[], b: Uint8Array, start: number, end: number): number {
  for (let n = 0; n < fields.length; n++)
    if (sameBytes(b, start, end, fields[n]!.printed)) return n;
  return -1;
}

/**
 * Tokens of one printed document read straight from its bytes, without building a value: JSON plus
 * the Convex CLI's own tokens (`5n`, `Bytes("…")`, `NaN`, `±Infinity`; see ./value.ts).
 *
 * This is how a queue of 100,000 jobs is judged in about the time it takes to read it: `JSON.parse`
 * of each line (every object, array and string built, then collected) was most of `check --pending`'s
 * cost. The scanner is deliberately narrower than `parseDataDocument`: every function returns the
 * index after what it read, or `UNSURE` (-1) for anything it does not take exactly as that parser
 * would (an escape it would have to decode in a key, a `$` key that `decodeConvexJson` reads as an
 * encoding, a malformed token). UNSURE never means "rejected": the caller then reads the line the
 * whole way (./jobs.ts), so what is reported is always what the full parse and `accepts.ts` say.
 *
 * Indices are into a buffer holding more than the line: every read is bounded by `end`.
 */

export const UNSURE = -1;

/** What the last `scalarEnd` read (`scalarKind`). */
export const Scalar = {
  Number: 1,
  /** `NaN`, `Infinity`, `-Infinity`: a float64 the printer writes as a name. */
  FloatName: 2,
  Bigint: 3,
  True: 4,
  False: 5,
  Null: 6,
  Bytes: 7,
} as const;
type ScalarKind = (typeof Scalar)[keyof typeof Scalar];

/** Set by `scalarEnd`: a second return value without an allocation per token. */
export let scalarKind: ScalarKind = Scalar.Number;

const QUOTE = 34;
const BACKSLASH = 92;
const DOLLAR = 36;

/** The index of the first byte at or after `i` that is not JSON whitespace. */
export function wsEnd(b: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = b[i]!;
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) return i;
    i++;
  }
  return i;
}

const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/** After the JSON string at `i` (`b[i]` is `"`): any valid escape, no raw control character. */
export function stringEnd(b: Uint8Array, i: number, end: number): number {
  i++;
  while (i < end) {
    const c = b[i]!;
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) {
      const e = b[i + 1];
      if (e === 117) {
        if (i + 6 > end) return UNSURE;
        if (!isHex(b[i + 2]!) || !isHex(b[i + 3]!) || !isHex(b[i + 4]!) || !isHex(b[i + 5]!))
          return UNSURE;
        i += 6;
        continue;
      }
      // " \ / b f n r t
      if (
        e === QUOTE ||
        e === BACKSLASH ||
        e === 47 ||
        e === 98 ||
        e === 102 ||
        e === 110 ||
        e === 114 ||
        e === 116
      ) {
        i += 2;
        continue;
      }
      return UNSURE;
    }
    if (c < 32) return UNSURE;
    i++;
  }
  return UNSURE;
}

/**
 * After a string read as its bytes (a key to compare, a name to look up): no escape at all, so
 * its bytes between the quotes are its text. One with an escape is UNSURE.
 */
export function plainStringEnd(b: Uint8Array, i: number, end: number): number {
  i++;
  while (i < end) {
    const c = b[i]!;
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH || c < 32) return UNSURE;
    i++;
  }
  return UNSURE;
}

/** Does `b` hold `word`'s bytes at `i`? */
function bytesAt(b: Uint8Array, i: number, end: number, word: Uint8Array): boolean {
  if (i + word.length > end) return false;
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word[k]) return false;
  return true;
}

/** Is `b[i..end)` exactly `word`? */
export function sameBytes(b: Uint8Array, i: number, end: number, word: Uint8Array): boolean {
  return word.length === end - i && bytesAt(b, i, end, word);
}

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const TRUE = ascii("true");
const FALSE = ascii("false");
const NULL = ascii("null");
const NAN = ascii("NaN");
const INFINITY = ascii("Infinity");
const BYTES = ascii('Bytes("');

const isBase64 = (c: number) =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;

/**
 * After the scalar at `i`, setting `scalarKind`: a JSON number (its exact grammar), `-?\d+n`, `NaN`,
 * `Infinity`, `-Infinity`, `true`, `false`, `null`, or `Bytes("base64")`. What follows is left to
 * the caller (a separator, or UNSURE there).
 */
export function scalarEnd(b: Uint8Array, i: number, end: number): number {
  const c = b[i];
  if (c === 116) return word(b, i, end, TRUE, Scalar.True);
  if (c === 102) return word(b, i, end, FALSE, Scalar.False);
  if (c === 110) return word(b, i, end, NULL, Scalar.Null);
  if (c === 78) return word(b, i, end, NAN, Scalar.FloatName);
  if (c === 73) return word(b, i, end, INFINITY, Scalar.FloatName);
  if (c === 66) {
    if (!bytesAt(b, i, end, BYTES)) return UNSURE;
    let j = i + BYTES.length;
    while (j < end && (isBase64(b[j]!) || b[j] === 61)) j++;
    if (j + 2 > end || b[j] !== QUOTE || b[j + 1] !== 41) return UNSURE;
    scalarKind = Scalar.Bytes;
    return j + 2;
  }
  let j = i;
  if (c === 45) {
    j++;
    if (b[j] === 73) return word(b, j, end, INFINITY, Scalar.FloatName);
  }
  const digits = j;
  for (let d = b[j]; j < end && d !== undefined && d >= 48 && d <= 57; d = b[++j]);
  if (j === digits) return UNSURE;
  if (j < end && b[j] === 110) {
    // The printer's int64: its regex takes any run of digits before the `n`.
    scalarKind = Scalar.Bigint;
    return j + 1;
  }
  j = numberEnd(b, i, end);
  if (j < 0) return UNSURE;
  scalarKind = Scalar.Number;
  return j;
}

/**
 * After the JSON number at `i`, by its exact grammar (a sign only in front, no leading zero, digits
 * on both sides of a point), or UNSURE. Digits are read inline, not by a helper per byte: until V8
 * optimizes this, a call per digit was most of its cost.
 */
function numberEnd(b: Uint8Array, i: number, end: number): number {
  let j = b[i] === 45 ? i + 1 : i;
  const digits = j;
  for (let d = b[j]; j < end && d !== undefined && d >= 48 && d <= 57; d = b[++j]);
  if (j === digits || (b[digits] === 48 && j - digits > 1)) return UNSURE;
  if (j < end && b[j] === 46) {
    const fraction = ++j;
    for (let d = b[j]; j < end && d !== undefined && d >= 48 && d <= 57; d = b[++j]);
    if (j === fraction) return UNSURE;
  }
  if (j < end && (b[j] === 101 || b[j] === 69)) {
    j++;
    if (j < end && (b[j] === 43 || b[j] === 45)) j++;
    const exponent = j;
    for (let d = b[j]; j < end && d !== undefined && d >= 48 && d <= 57; d = b[++j]);
    if (j === exponent) return UNSURE;
  }
  return j;
}

function word(b: Uint8Array, i: number, end: number, w: Uint8Array, kind: ScalarKind): number {
  if (!bytesAt(b, i, end, w)) return UNSURE;
  scalarKind = kind;
  return i + w.length;
}

/** Set by `keyValueStart`: the index after the key's closing quote. */
export let keyEnd = 0;

/**
 * At the key at `i`: the start of its value, after the colon, or UNSURE. Only a plain key (no
 * escape, so its bytes are its text) that `decodeConvexJson` cannot read as an encoding (`$…`).
 */
export function keyValueStart(b: Uint8Array, i: number, end: number): number {
  if (b[i] !== QUOTE || b[i + 1] === DOLLAR) return UNSURE;
  const k = plainStringEnd(b, i, end);
  if (k < 0) return UNSURE;
  keyEnd = k;
  const colon = wsEnd(b, k, end);
  if (colon >= end || b[colon] !== 58) return UNSURE;
  return wsEnd(b, colon + 1, end);
}

/**
 * After any value at `i` (no `$` keys anywhere in it).
 *
 * Each reader of a container (this one, layout.wat's args tests, printed-job.ts) walks its members and
 * separators inline: a shared walker reporting "closed" through a module-level flag measured ~8%
 * slower over 100,000 jobs, and this loop is the hot path of `check --pending`.
 */
export function valueEnd(b: Uint8Array, i: number, end: number): number {
  const c = b[i];
  if (c === QUOTE) return stringEnd(b, i, end);
  if (c === 123) {
    i = wsEnd(b, i + 1, end);
    if (b[i] === 125 && i < end) return i + 1;
    for (;;) {
      i = keyValueStart(b, i, end);
      if (i < 0) return UNSURE;
      i = valueEnd(b, i, end);
      if (i < 0) return UNSURE;
      i = wsEnd(b, i, end);
      if (i >= end) return UNSURE;
      if (b[i] === 44) i = wsEnd(b, i + 1, end);
      else if (b[i] === 125) return i + 1;
      else return UNSURE;
    }
  }
  if (c === 91) {
    i = wsEnd(b, i + 1, end);
    if (b[i] === 93 && i < end) return i + 1;
    for (;;) {
      i = valueEnd(b, i, end);
      if (i < 0) return UNSURE;
      i = wsEnd(b, i, end);
      if (i >= end) return UNSURE;
      if (b[i] === 44) i = wsEnd(b, i + 1, end);
      else if (b[i] === 93) return i + 1;
      else return UNSURE;
    }
  }
  return i < end ? scalarEnd(b, i, end) : UNSURE;
}

/**
 * After the object or array at `i`, found by counting brackets outside strings, without reading
 * what is inside: a bound for a test that reads it (`valueEnd`, a validator's) and must end there.
 */
export function bracketsEnd(b: Uint8Array, i: number, end: number): number {
  let depth = 0;
  while (i < end) {
    const c = b[i++]!;
    if (c === QUOTE) {
      while (i < end) {
        const d = b[i++]!;
        if (d === QUOTE) break;
        if (d === BACKSLASH) i++;
      }
    } else if (c === 123 || c === 91) depth++;
    else if ((c === 125 || c === 93) && --depth === 0) return i;
  }
  return UNSURE;
}

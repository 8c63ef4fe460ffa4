/**
 * One line of `npx convex data <table> --format jsonl` as a Convex value.
 *
 * That command does not print `convexToJson` output: it prints each document with its own
 * `stringify` (convex/src/cli/lib/data.ts, convex 1.48), which is JSON except for
 * - int64: `123n` (the bigint's digits and `n`),
 * - bytes: `Bytes("base64")`,
 * - float64 specials: `NaN`, `Infinity`, `-Infinity` (`-0` prints as `0`).
 * Files written by other tools may use Convex's JSON encoding instead (`{"$integer": base64}`,
 * `{"$bytes": base64}`, `{"$float": base64}`, as `convexToJson` writes them); both are read. No
 * Convex field name starts with `$`, so such an object is never a document's own object.
 *
 * Most lines are plain JSON and go straight to `JSON.parse`; the others are rewritten into JSON first.
 */
import type { Value } from "../compat/validator/value.ts";

export class ValueSyntaxError extends Error {}

/** A token only the Convex CLI's printer writes (a quick test; a string holding one is harmless). */
const SPECIAL = /\dn|Bytes\(|NaN|Infinity/;
/**
 * Strings (skipped whole, so nothing inside one is touched) or one of the printer's own tokens,
 * each rewritten as JSON that `decodeConvexJson` turns back into the value.
 */
const TOKENS = /"(?:[^"\\]|\\.)*"|(-?\d+)n|Bytes\("([^"]*)"\)|(-?Infinity|NaN)/g;

function asJson(text: string): string {
  return text.replace(TOKENS, (token, bigint?: string, bytes?: string, special?: string) => {
    if (bigint !== undefined) return `{"$bigintDecimal":"${bigint}"}`;
    if (bytes !== undefined) return `{"$bytes":"${bytes}"}`;
    if (special !== undefined) return `{"$floatName":"${special}"}`;
    return token;
  });
}

/**
 * Parses one line; throws `ValueSyntaxError` saying what is wrong. Lines without the printer's own
 * tokens (most) are plain JSON; the others are rewritten to JSON first, never hand-parsed.
 */
export function parseDataLine(text: string): unknown {
  return parseDataDocument(text).value;
}

/**
 * `parseDataLine`, also saying whether the line holds any encoded value (`encoded` false: no
 * `decodeConvexJson` needed, which saves a walk over every job's args).
 */
export function parseDataDocument(text: string): { value: unknown; encoded: boolean } {
  const special = SPECIAL.test(text);
  try {
    return {
      value: JSON.parse(special ? asJson(text) : text),
      encoded: special || text.includes('"$'),
    };
  } catch (error) {
    throw new ValueSyntaxError(`not JSON: ${(error as Error).message}`);
  }
}

/**
 * `value` with the encodings decoded: Convex's JSON (`$integer` → bigint, `$bytes` → ArrayBuffer,
 * `$float` → the special float) and this reader's rewrites of the CLI's tokens. Objects and arrays
 * that need nothing are returned as they are.
 */
export function decodeConvexJson(value: unknown): Value {
  if (value === null || typeof value !== "object") return value as Value;
  if (value instanceof ArrayBuffer) return value;
  if (Array.isArray(value)) {
    let out: Value[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = decodeConvexJson(value[i]);
      if (item !== value[i]) {
        out ??= value.slice();
        out[i] = item;
      }
    }
    return (out ?? value) as Value[];
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && keys[0]!.startsWith("$"))
    return decodeSpecial(keys[0]!, record[keys[0]!]);
  let out: Record<string, unknown> | undefined;
  for (const key of keys) {
    const item = decodeConvexJson(record[key]);
    if (item !== record[key]) {
      out ??= { ...record };
      out[key] = item;
    }
  }
  return (out ?? record) as Value;
}

function decodeSpecial(key: string, encoded: unknown): Value {
  if (typeof encoded !== "string") throw new ValueSyntaxError(`${key} must hold a string`);
  switch (key) {
    case "$bigintDecimal":
      return BigInt(encoded);
    case "$floatName":
      return encoded === "NaN" ? Number.NaN : Number(encoded);
    case "$bytes":
    case "$integer":
    case "$float": {
      const bytes = Buffer.from(encoded, "base64");
      if (key === "$bytes")
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      if (bytes.length !== 8) throw new ValueSyntaxError(`${key} must encode 8 bytes`);
      return key === "$integer" ? bytes.readBigInt64LE(0) : bytes.readDoubleLE(0);
    }
    default:
      throw new ValueSyntaxError(
        `${JSON.stringify(key)} is not a Convex encoding (field names cannot start with "$")`,
      );
  }
}

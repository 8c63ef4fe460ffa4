/**
 * Convex's JSON encoding of the values compat handles (`convexToJson` / `jsonToConvex` of
 * `convex/values`): int64 as `{"$integer": base64 of 8 little-endian bytes}`, bytes as
 * `{"$bytes": base64}`, NaN, ±Infinity and -0 as `{"$float": base64 of the float64}`.
 *
 * Written here rather than imported: loading `convex/values` costs ~18 ms of every `check`, a
 * sixteenth of a warm run, for two calls (a bigint literal's value, a witness's JSON). A property
 * test holds both directions to Convex's own functions (test/compat/convex-json.test.ts).
 */
import type { Value } from "./value.ts";

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

function float64Bytes(n: number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setFloat64(0, n, true);
  return bytes;
}

const isSpecial = (n: number) => Number.isNaN(n) || !Number.isFinite(n) || Object.is(n, -0);

/** `convexToJson` for values compat builds (plain objects, arrays, scalars, bigint, bytes). */
export function toConvexJson(value: Value): unknown {
  if (typeof value === "bigint") {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setBigInt64(0, value, true);
    return { $integer: base64(bytes) };
  }
  if (typeof value === "number")
    return isSpecial(value) ? { $float: base64(float64Bytes(value)) } : value;
  if (value instanceof ArrayBuffer) return { $bytes: base64(new Uint8Array(value)) };
  if (Array.isArray(value)) return value.map(toConvexJson);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) {
      if (field !== undefined) out[key] = toConvexJson(field as Value);
    }
    return out;
  }
  return value;
}

/**
 * The value of an encoded literal (what `jsonToConvex` returns for it): `{"$integer": …}` → bigint,
 * `{"$float": …}` (-0, NaN, ±Infinity) → number.
 */
export function encodedScalar(json: Record<string, unknown>): bigint | number {
  const [key, encoded] = Object.entries(json)[0] ?? [];
  if ((key !== "$integer" && key !== "$float") || typeof encoded !== "string") {
    throw new Error(`not an encoded int64 or float64: ${JSON.stringify(json)}`);
  }
  const bytes = Buffer.from(encoded, "base64");
  if (bytes.length !== 8) throw new Error(`${key} must encode 8 bytes, got ${bytes.length}`);
  return key === "$integer" ? bytes.readBigInt64LE(0) : bytes.readDoubleLE(0);
}

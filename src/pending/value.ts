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
 * Most lines are plain JSON: `JSON.parse` first, the small parser below only for the rest.
 */
import type { Value } from "../compat/validator/value.ts";

export class ValueSyntaxError extends Error {}

/** Parses one line; throws `ValueSyntaxError` saying what is wrong and where. */
export function parseDataLine(text: string): unknown {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = new Parser(text).document();
  }
  return raw;
}

/**
 * `value` with Convex's JSON encodings decoded (`$integer` → bigint, `$bytes` → ArrayBuffer,
 * `$float` → the special float). Objects and arrays that need nothing are returned as they are.
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
  if (typeof encoded !== "string") throw new ValueSyntaxError(`${key} must hold a base64 string`);
  const bytes = Buffer.from(encoded, "base64");
  switch (key) {
    case "$bytes":
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    case "$integer":
      if (bytes.length !== 8) throw new ValueSyntaxError(`$integer must encode 8 bytes`);
      return bytes.readBigInt64LE(0);
    case "$float":
      if (bytes.length !== 8) throw new ValueSyntaxError(`$float must encode 8 bytes`);
      return bytes.readDoubleLE(0);
    default:
      throw new ValueSyntaxError(
        `${JSON.stringify(key)} is not a Convex encoding (field names cannot start with "$")`,
      );
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const BIGINT = /-?\d+n/y;

/** JSON plus `123n`, `Bytes("…")`, `NaN`, `Infinity`, `-Infinity`; values decoded as it goes. */
class Parser {
  private i = 0;
  constructor(private readonly text: string) {}

  document(): unknown {
    const value = this.value();
    this.space();
    if (this.i < this.text.length) this.fail("unexpected text after the document");
    return value;
  }

  private fail(what: string): never {
    throw new ValueSyntaxError(`${what} at column ${this.i + 1}`);
  }

  private space(): void {
    while (this.i < this.text.length && " \t\r\n".includes(this.text[this.i]!)) this.i++;
  }

  private word(word: string): boolean {
    if (!this.text.startsWith(word, this.i)) return false;
    this.i += word.length;
    return true;
  }

  private value(): unknown {
    this.space();
    const c = this.text[this.i];
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"') return this.string();
    if (this.word("null")) return null;
    if (this.word("true")) return true;
    if (this.word("false")) return false;
    if (this.word("NaN")) return Number.NaN;
    if (this.word("Infinity")) return Number.POSITIVE_INFINITY;
    if (this.word("-Infinity")) return Number.NEGATIVE_INFINITY;
    if (this.word("Bytes(")) {
      this.space();
      const base64 = this.string();
      this.space();
      if (!this.word(")")) this.fail('expected ")" after Bytes("…"');
      const bytes = Buffer.from(base64, "base64");
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    }
    BIGINT.lastIndex = this.i;
    const big = BIGINT.exec(this.text);
    if (big) {
      this.i += big[0].length;
      return BigInt(big[0].slice(0, -1));
    }
    NUMBER.lastIndex = this.i;
    const num = NUMBER.exec(this.text);
    if (num) {
      this.i += num[0].length;
      return Number(num[0]);
    }
    return this.fail(
      c === undefined ? "unexpected end of line" : `unexpected ${JSON.stringify(c)}`,
    );
  }

  private string(): string {
    const start = this.i;
    if (this.text[this.i] !== '"') this.fail("expected a string");
    this.i++;
    while (this.i < this.text.length) {
      const c = this.text[this.i];
      if (c === "\\") this.i += 2;
      else if (c === '"') {
        this.i++;
        try {
          return JSON.parse(this.text.slice(start, this.i)) as string;
        } catch {
          this.i = start;
          this.fail("bad string escape");
        }
      } else this.i++;
    }
    return this.fail("unterminated string");
  }

  private array(): unknown[] {
    this.i++;
    const out: unknown[] = [];
    this.space();
    if (this.word("]")) return out;
    for (;;) {
      out.push(this.value());
      this.space();
      if (this.word("]")) return out;
      if (!this.word(",")) this.fail('expected "," or "]"');
    }
  }

  private object(): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = {};
    this.space();
    if (this.word("}")) return out;
    for (;;) {
      this.space();
      if (this.text[this.i] !== '"') this.fail("expected a quoted field name");
      const key = this.string();
      this.space();
      if (!this.word(":")) this.fail('expected ":"');
      const value = this.value();
      // defineProperty: a `__proto__` key is data, as JSON.parse keeps it.
      Object.defineProperty(out, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.space();
      if (this.word("}")) return out;
      if (!this.word(",")) this.fail('expected "," or "}"');
    }
  }
}

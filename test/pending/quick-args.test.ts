/**
 * The quick test of args read from their printed bytes (src/pending/quick-args.ts, scan.ts). It
 * may only ever say "accepted" when `accepts.ts` accepts the parsed value (soundness: a property
 * over random validators and values, right and wrong, printed several ways), and it must say so for
 * the values real queues hold (completeness, or the fast path would be a path in name only).
 */
import { convexToJson, type Value } from "convex/values";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { ValidatorJSON } from "../../src/meta.ts";
import { rejection } from "../../src/pending/accepts.ts";
import { LineReader } from "../../src/pending/line-reader.ts";
import { bracketsEnd, UNSURE, valueEnd } from "../../src/pending/scan.ts";
import { decodeConvexJson, parseDataLine } from "../../src/pending/value.ts";
import { argsArb, validatorArb, valuesOf } from "../compat/arbitraries.ts";
import { documentId } from "./ids.ts";
import { convexDataStringify } from "./printer.ts";

/** The quick verdict on `text` (the whole of it must be the value), as a queue's reader runs it. */
function quick(v: ValidatorJSON | ValidatorJSON[], text: string): boolean {
  const reader = new LineReader(1 << 26);
  const program = reader.program(Array.isArray(v) ? v : [v]);
  const b = Buffer.from(text);
  return program >= 0 && reader.argsIn(program, b) === b.length;
}

/** What the full read says: parse as the reader does, then `accepts.ts`. */
function full(v: ValidatorJSON, text: string): boolean {
  try {
    return rejection(v, decodeConvexJson(parseDataLine(text))) === undefined;
  } catch {
    return false;
  }
}

const obj = (fields: Record<string, ValidatorJSON>, optional: string[] = []): ValidatorJSON => ({
  type: "object",
  value: Object.fromEntries(
    Object.entries(fields).map(([k, fieldType]) => [
      k,
      { fieldType, optional: optional.includes(k) },
    ]),
  ),
});
const str: ValidatorJSON = { type: "string" };
const num: ValidatorJSON = { type: "number" };

describe("accepts what the printer writes for accepted args", () => {
  test.each<[string, ValidatorJSON, string]>([
    [
      "number, NaN, ±Infinity",
      obj({ a: num, b: num, c: num, d: num }),
      '{ "a": -1.5e+21, "b": NaN, "c": Infinity, "d": -Infinity }',
    ],
    ["int64", obj({ n: { type: "bigint" } }), '{ "n": -12n }'],
    ["bytes", obj({ b: { type: "bytes" } }), '{ "b": Bytes("AQID+/==") }'],
    ["strings with escapes and non-ASCII", obj({ s: str }), '{ "s": "a\\"b\\\\c\\u00e9 é \\n" }'],
    [
      "a document ID, and a handle (a string)",
      obj({ i: { type: "id", tableName: "users" }, f: { type: "function" } }),
      `{ "i": "${documentId(10_003)}", "f": "h" }`,
    ],
    [
      "document IDs as record keys",
      obj({
        r: {
          type: "record",
          keys: { type: "id", tableName: "users" },
          values: { fieldType: num, optional: false },
        },
      }),
      `{ "r": { "${documentId(10_003, 1)}": 1, "${documentId(10_003, 2)}": 2 } }`,
    ],
    ["optional fields absent or present", obj({ a: str, b: str }, ["b"]), '{ "a": "x" }'],
    [
      "nested arrays and records",
      obj({
        r: {
          type: "record",
          keys: str,
          values: { fieldType: { type: "array", value: num }, optional: false },
        },
      }),
      '{ "r": { "x": [1, 2], "y": [] } }',
    ],
    [
      "union of literals as record keys",
      obj({
        r: {
          type: "record",
          keys: {
            type: "union",
            value: [
              { type: "literal", value: "x" },
              { type: "literal", value: "y" },
            ],
          },
          values: { fieldType: num, optional: false },
        },
      }),
      '{ "r": { "y": 1 } }',
    ],
    [
      "string and boolean literals",
      obj({ k: { type: "literal", value: "send" }, t: { type: "literal", value: true } }),
      '{ "k": "send", "t": true }',
    ],
    ["any", obj({ x: { type: "any" } }), '{ "x": { "deep": [1, "a", null, 5n, Bytes("AA==")] } }'],
    ["compact JSON", obj({ a: str, b: { type: "array", value: num } }), '{"a":"x","b":[1,2]}'],
    [
      "a validator kind newer than this tool",
      obj({ x: { type: "vector" } as unknown as ValidatorJSON }),
      '{ "x": [1, 2] }',
    ],
  ])("%s", (_, v, text) => {
    expect(full(v, text)).toBe(true);
    expect(quick(v, text)).toBe(true);
  });

  test("a versioned function: any served shape", () => {
    const v1 = obj({ to: str });
    const v2 = obj({ recipient: str });
    expect(quick([v2, v1], '{ "to": "a" }')).toBe(true);
    expect(quick([v2, v1], '{ "recipient": "a" }')).toBe(true);
    expect(quick([v2, v1], '{ "other": "a" }')).toBe(false);
  });
});

describe("leaves to the full read what it would reject or might read otherwise", () => {
  test.each<[string, ValidatorJSON, string]>([
    ["a wrong type", obj({ a: str }), '{ "a": 5 }'],
    [
      "a string that is no document ID",
      obj({ i: { type: "id", tableName: "users" } }),
      '{ "i": "kx1" }',
    ],
    [
      "a document ID written with an escape",
      obj({ i: { type: "id", tableName: "users" } }),
      `{ "i": "\\u00${documentId(10_003).charCodeAt(0).toString(16)}${documentId(10_003).slice(1)}" }`,
    ],
    ["a missing field", obj({ a: str, b: str }), '{ "a": "x" }'],
    ["an unknown field", obj({ a: str }), '{ "a": "x", "b": 1 }'],
    ["a repeated field (JSON.parse keeps the last)", obj({ a: num }), '{ "a": 1, "a": 2 }'],
    [
      "a repeated field standing in for a missing one",
      obj({ a: num, c: num }),
      '{ "a": 1, "a": 2 }',
    ],
    ["an escaped key", obj({ a: str }), '{ "\\u0061": "x" }'],
    [
      "a $ key (Convex's JSON encoding)",
      obj({ n: { type: "bigint" } }),
      '{ "n": { "$integer": "BQAAAAAAAAA=" } }',
    ],
    ["a number literal", obj({ n: { type: "literal", value: 1 } }), '{ "n": 1 }'],
    ["int64 for a float64", obj({ n: num }), '{ "n": 5n }'],
    ["a float64 for an int64", obj({ n: { type: "bigint" } }), '{ "n": 5 }'],
    ["not a printer token: 1.5n", obj({ n: { type: "any" } }), '{ "n": 1.5n }'],
    ["not JSON: a leading zero", obj({ n: num }), '{ "n": 01 }'],
    ["not a printer token: -NaN", obj({ n: num }), '{ "n": -NaN }'],
    ["a quote inside Bytes", obj({ b: { type: "bytes" } }), '{ "b": Bytes("A"") }'],
    ["a raw control character in a string", obj({ s: str }), '{ "s": "a\u0001" }'],
    ["a bad escape", obj({ s: str }), '{ "s": "\\x41" }'],
    ["trailing garbage", obj({ a: num }), '{ "a": 1 } x'],
    ["an unclosed object", obj({ a: num }), '{ "a": 1'],
  ])("%s", (_, v, text) => {
    expect(quick(v, text)).toBe(false);
  });

  test("a nesting deeper than the stack throws, which the reader takes as unsure", () => {
    const deep = `${"[".repeat(200_000)}${"]".repeat(200_000)}`;
    const b = Buffer.from(deep);
    expect(() => valueEnd(b, 0, b.length)).toThrow(RangeError);
    // Brackets are counted, not recursed into: the end is found.
    expect(bracketsEnd(b, 0, b.length)).toBe(b.length);
  });

  test("bracketsEnd skips brackets inside strings", () => {
    const b = Buffer.from('{ "a": "}]\\"{" } tail');
    expect(bracketsEnd(b, 0, b.length)).toBe(b.indexOf(" tail"));
    expect(bracketsEnd(Buffer.from("{ "), 0, 2)).toBe(UNSURE);
  });
});

/** Convex values of any shape, keys among the arbitraries' field names and a few others. */
const anyValue = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom(
      null,
      true,
      false,
      0,
      -1,
      1.5,
      Number.NaN,
      Number.NEGATIVE_INFINITY,
      3n,
      "",
      "a",
      "x",
      "<id:a>",
    ),
    fc.constant(new ArrayBuffer(2)),
    fc.array(tie("v"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom("p", "q", "r", "x", "y", "$p"), tie("v"), { maxKeys: 3 }),
  ),
})).v;

/** The ways a value reaches the reader: the Convex CLI's printer, compact, Convex's JSON. */
const printings: ((value: unknown) => string)[] = [
  convexDataStringify,
  (value) => convexDataStringify(value).replace(/, /g, ",").replace(/: /g, ":"),
  (value) => JSON.stringify(convexToJson(value as Value)),
];

/** The arbitraries' id placeholders (`<id:TABLE>`, values and keys) as real document IDs. */
function withDocumentIds(value: unknown): unknown {
  const real = (s: string) => {
    const table = /^<id:(.*)>$/.exec(s)?.[1];
    return table === undefined ? s : documentId(10_001 + table.length, table.charCodeAt(0) || 1);
  };
  if (typeof value === "string") return real(value);
  if (Array.isArray(value)) return value.map(withDocumentIds);
  if (value !== null && typeof value === "object" && !(value instanceof ArrayBuffer))
    return Object.fromEntries(
      Object.entries(value).map(([k, item]) => [real(k), withDocumentIds(item)]),
    );
  return value;
}

describe("property: sound against accepts.ts, complete on what the printer writes", () => {
  test("whatever the quick test accepts, the full read accepts", () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        fc
          .tuple(argsArb, validatorArb)
          .chain(([v, other]) =>
            fc.tuple(
              fc.constant(v),
              fc.oneof(valuesOf(v), valuesOf(other), anyValue),
              fc.constantFrom(...printings),
            ),
          ),
        ([v, value, print]) => {
          let text: string;
          try {
            text = print(value);
          } catch {
            return; // convexToJson refuses a `$` key: not a value Convex stores
          }
          if (!quick(v, text)) return;
          accepted++;
          expect(full(v, text), `${JSON.stringify(v)}\n${text}`).toBe(true);
        },
      ),
      { numRuns: 3000, seed: 91 },
    );
    expect(accepted).toBeGreaterThan(300);
  });

  test("every accepted value the printer writes is accepted quickly (unless a number literal needs the full read)", () => {
    const numberLiteral = (v: ValidatorJSON): boolean =>
      JSON.stringify(v).match(/"type":"literal","value":(\d|\{)/) !== null;
    let judged = 0;
    fc.assert(
      fc.property(
        argsArb.chain((v) => fc.tuple(fc.constant(v), valuesOf(v))),
        ([v, value]) => {
          if (numberLiteral(v)) return;
          const text = convexDataStringify(withDocumentIds(value));
          expect(full(v, text), text).toBe(true);
          expect(quick(v, text), `${JSON.stringify(v)}\n${text}`).toBe(true);
          judged++;
        },
      ),
      { numRuns: 400, seed: 5 },
    );
    // Most validators have no number literal: the property judged most of its cases.
    expect(judged).toBeGreaterThan(200);
  });
});

/**
 * Convex document IDs read as the backend reads them (src/pending/document-id.ts): real IDs decode
 * to their table numbers, every ID the backend's encoder writes decodes back, and what the backend
 * refuses (a wrong checksum, a second spelling of the same bytes, a table number 0, a character
 * outside its alphabet) is no ID here either.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { documentIdTable, documentIdTableAt } from "../../src/pending/document-id.ts";
import { base32, documentId, fletcher16, idBytes, unbase32, vint } from "./ids.ts";

/**
 * IDs of real deployments, with their table numbers (a user table, and `_scheduled_functions`-like
 * system tables), as they appear in convex-backend's dashboard stories
 * (npm-packages/dashboard/src/…/FileStorage.stories.tsx, CommandPalette.stories.tsx).
 */
const REAL: [string, number][] = [
  ["kg2dsa1sfhkmydncfvvtd2jgbx85rw9z", 540],
  ["kg2ch8s6wsdzvkefhzacfjvyvd85r1f1", 540],
  ["kg27rxfv99gzp01wmph0gvt92d6hnvy6", 540],
  ["kg26cx7446n79enzjshegcv4bs85s5zf", 540],
  ["kg25efbgcywfzkr6h78cjw1pzx85r2ha", 540],
  ["kg204m40v9m1bmkthp86n486mh85s0rc", 540],
  ["nx70paj9d23tdhf40ch42r3zktyxrddc", 10031],
  ["m57068j1c1zsxfewzcd3jp3qjttx99vg", 10017],
];

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

describe("documentIdTable", () => {
  test.each(REAL)("%s is an ID of table %i", (id, table) => {
    expect(documentIdTable(id)).toBe(table);
  });

  test("the test encoder writes the real IDs back from their bytes (it is the backend's encoding)", () => {
    for (const [id, table] of REAL) {
      const bytes = unbase32(id);
      const head = vint(table).length;
      expect(base32(idBytes(table, bytes.slice(head, head + 16)))).toBe(id);
    }
  });

  test("every ID the backend's encoding writes decodes to its table number", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 32 - 1 }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        (table, internal) => {
          const id = base32(idBytes(table, [...internal]));
          expect(id.length).toBeGreaterThanOrEqual(31);
          expect(id.length).toBeLessThanOrEqual(37);
          expect(documentIdTable(id)).toBe(table);
        },
      ),
      { numRuns: 500, seed: 7 },
    );
  });

  test("one changed character is never an ID (the footer catches it)", () => {
    for (const [id] of REAL) {
      for (let k = 0; k < id.length; k++) {
        for (const c of ALPHABET) {
          if (c === id[k]) continue;
          const changed = id.slice(0, k) + c + id.slice(k + 1);
          expect(documentIdTable(changed), changed).toBeUndefined();
        }
      }
    }
  });

  test("strings that are not IDs", () => {
    const [id] = REAL[0]!;
    for (const s of [
      "",
      "jd7f3k2m",
      "order-1234",
      id.toUpperCase(),
      id.slice(1),
      `${id}0`,
      `${id.slice(0, -1)}i`, // `i` is not in the alphabet
      `${id.slice(0, -1)}é`,
      `<id:${"orders"}>`,
      "0".repeat(31),
    ]) {
      expect(documentIdTable(s), s).toBeUndefined();
    }
  });

  test("a second spelling of the same bytes is refused, as the backend refuses it", () => {
    // 19 bytes are 152 bits; 31 characters carry 155: the last 3 must be zero.
    const id = documentId(7, 3);
    expect(id).toHaveLength(31);
    expect(documentIdTable(id)).toBe(7);
    const last = ALPHABET.indexOf(id.at(-1)!);
    for (let stray = 1; stray < 8; stray++) {
      const other = id.slice(0, -1) + ALPHABET[last | stray];
      if (other !== id) expect(documentIdTable(other), other).toBeUndefined();
    }
    // Table 1 as a two-byte VInt (0x81 0x00): the same number, not its own encoding.
    const internal = Array.from({ length: 16 }, (_, k) => k);
    const head = [0x81, 0x00, ...internal];
    expect(documentIdTable(base32([...head, ...fletcher16(head)]))).toBeUndefined();
    expect(documentIdTable(base32(idBytes(1, internal)))).toBe(1);
  });

  test("table number 0 and a VInt of six bytes are refused", () => {
    const internal = Array.from({ length: 16 }, () => 9);
    expect(documentIdTable(base32(idBytes(0, internal)))).toBeUndefined();
    const head = [0xff, 0xff, 0xff, 0xff, 0xff, 0x01, ...internal];
    expect(documentIdTable(base32([...head, ...fletcher16(head)]))).toBeUndefined();
  });

  test("read from bytes inside a larger buffer", () => {
    const [id, table] = REAL[6]!;
    const b = Buffer.from(`{ "orderId": "${id}" }`);
    const start = b.indexOf(id);
    expect(documentIdTableAt(b, start, start + id.length)).toBe(table);
    expect(documentIdTableAt(b, start, start + id.length - 1)).toBeUndefined();
    expect(documentIdTableAt(b, start - 1, start + id.length)).toBeUndefined();
  });
});

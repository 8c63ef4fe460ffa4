/**
 * The Convex CLI's layout read from both ends (src/pending/printer-layout.ts) must take what the
 * printer writes, and whatever it takes whose args read to exactly where it says they end (the
 * reader's condition for counting a job: jobs.ts), the general reader (printed-job.ts) must take
 * too and read the same way: the same name, args and state. Held on the printer's own output, and on
 * that output with a byte changed or added anywhere.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { type PrintedJob, scanPrintedJob } from "../../src/pending/printed-job.ts";
import { printerLayout } from "../../src/pending/printer-layout.ts";
import { valueEnd } from "../../src/pending/scan.ts";
import { convexDataStringify } from "./printer.ts";

const fresh = (): PrintedJob => ({
  nameStart: -1,
  nameEnd: -1,
  argsStart: -1,
  argsEnd: -1,
  waiting: false,
});

/** Each reader's reading of `text`; the layout's only when its args are one value ending there. */
function readBoth(text: string) {
  const b = Buffer.from(text);
  const layout = fresh();
  const general = fresh();
  const taken =
    printerLayout(b, 0, b.length, layout) &&
    valueEnd(b, layout.argsStart, b.length) === layout.argsEnd;
  return {
    layout: taken ? layout : undefined,
    general: scanPrintedJob(b, 0, b.length, general) ? general : undefined,
  };
}

/** A `_scheduled_functions` document with its fields in the backend's order (sorted). */
function document(fields: {
  args: unknown;
  name: string;
  state: Record<string, unknown>;
  completedTime?: number;
  id?: string;
}) {
  return convexDataStringify({
    _creationTime: 1764547200123.5,
    _id: fields.id ?? "kx1",
    args: [fields.args],
    ...(fields.completedTime === undefined ? {} : { completedTime: fields.completedTime }),
    name: fields.name,
    scheduledTime: 1764633600000,
    state: fields.state,
  });
}

describe("the Convex CLI's layout", () => {
  test.each([
    ["pending", true, undefined],
    ["inProgress", true, undefined],
    ["success", false, 1764633600456],
    ["canceled", false, 1764633600456],
    ["canceled", false, undefined],
  ])(
    "a %s job (completedTime %s) is read from its ends, as the general reader reads it",
    (kind, waiting, completedTime) => {
      const text = document({
        args: { to: "a", tags: ["x", "y"], n: Number.NaN },
        name: "emails/send.js:welcome",
        state: { kind },
        ...(completedTime === undefined ? {} : { completedTime }),
      });
      const { layout, general } = readBoth(text);
      expect(layout, text).toBeDefined();
      expect(layout).toEqual(general);
      expect(layout!.waiting).toBe(waiting);
      expect(text.slice(layout!.nameStart, layout!.nameEnd)).toBe("emails/send.js:welcome");
      expect(text.slice(layout!.argsStart, layout!.argsEnd)).toBe(
        '{ "to": "a", "tags": ["x", "y"], "n": NaN }',
      );
    },
  );

  test("an escape in the ID, empty args: still this layout", () => {
    const text = document({ args: {}, name: "a:b", state: { kind: "pending" }, id: 'k"\\1' });
    const { layout, general } = readBoth(text);
    expect(layout, text).toBeDefined();
    expect(layout).toEqual(general);
  });

  test.each([
    [
      "a failed job (its state has an error)",
      document({ args: {}, name: "a:b", state: { error: "boom", kind: "failed" } }),
    ],
    ["an escape in the name", document({ args: {}, name: 'a:"b"', state: { kind: "pending" } })],
    [
      "another spacing",
      document({ args: {}, name: "a:b", state: { kind: "pending" } }).replace(/": /g, '":'),
    ],
    [
      "another order",
      '{ "_id": "k1", "_creationTime": 1, "args": [{  }], "name": "a:b", "scheduledTime": 1, "state": { "kind": "pending" } }',
    ],
    ["an unknown state", document({ args: {}, name: "a:b", state: { kind: "paused" } })],
  ])("%s is left to the general reader", (_, text) => {
    expect(readBoth(text).layout).toBeUndefined();
  });

  test("property: with any byte changed, what it reads the general reader reads the same", () => {
    const printed = fc.record({
      args: fc.oneof(
        fc.record({ to: fc.constantFrom("a", 'q"', "é"), n: fc.constantFrom(1, -2.5e-7) }),
        fc.constant({}),
        fc.record({ list: fc.array(fc.constantFrom(1, "x", null), { maxLength: 3 }) }),
      ),
      name: fc.constantFrom("a.js:b", "dir/mod.js:default", "x"),
      kind: fc.constantFrom("pending", "inProgress", "success", "canceled"),
      completedTime: fc.option(fc.constantFrom(5, 1.5e12), { nil: undefined }),
    });
    const bytes = fc.constantFrom(...'"\\ ,:{}[]0159.e-+nakx\r'.split(""));
    let taken = 0;
    fc.assert(
      fc.property(printed, fc.nat(), bytes, fc.boolean(), (doc, at, byte, insert) => {
        const text = document({ ...doc, state: { kind: doc.kind } });
        const i = at % text.length;
        const changed = `${text.slice(0, i)}${byte}${text.slice(insert ? i : i + 1)}`;
        const { layout, general } = readBoth(changed);
        if (layout) {
          taken++;
          expect(general, changed).toBeDefined();
          expect(layout, changed).toEqual(general);
        }
      }),
      { numRuns: 3000, seed: 11 },
    );
    // Changes inside strings and numbers keep the layout: the property is not vacuous.
    expect(taken).toBeGreaterThan(300);
  });
});

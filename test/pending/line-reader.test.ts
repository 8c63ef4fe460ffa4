/**
 * The Convex CLI's layout read from both ends (src/pending/layout.wat through line-reader.ts) must
 * take what the printer writes, and whatever it takes whose args read to exactly where it says they end (the
 * reader's condition for counting a job: jobs.ts), the general reader (printed-job.ts) must take
 * too and read the same way: the same name, args and state. Held on the printer's own output, and on
 * that output with a byte changed or added anywhere.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { nameHashOf } from "../../src/pending/jobs.ts";
import { LineReader, LineRecord } from "../../src/pending/line-reader.ts";
import { type PrintedJob, scanPrintedJob } from "../../src/pending/printed-job.ts";
import { valueEnd } from "../../src/pending/scan.ts";
import { convexDataStringify } from "./printer.ts";

const fresh = (): PrintedJob => ({
  nameStart: -1,
  nameEnd: -1,
  argsStart: -1,
  argsEnd: -1,
  waiting: false,
});

const reader = new LineReader(1 << 20);

/** A finished job the module read whole itself (its args to their end): never handed on. */
const FINISHED = { finished: true } as const;

/**
 * The layout's reading of the one line `text`, its offsets from the line's start; FINISHED; or
 * undefined.
 */
async function layoutOf(text: string): Promise<PrintedJob | typeof FINISHED | undefined> {
  let out: PrintedJob | typeof FINISHED | undefined;
  let lines = 0;
  const [linesBefore, finishedBefore] = [reader.line, reader.finished()];
  await reader.read([Buffer.from(text)], (r) => {
    lines++;
    const rec = reader.records;
    const state = rec[r + LineRecord.state]!;
    const start = rec[r]!;
    const end = rec[r + LineRecord.end]!;
    if (state < 0) return;
    const at = (field: number) => rec[r + field]! - start;
    out = {
      nameStart: at(LineRecord.nameStart),
      nameEnd: at(LineRecord.nameEnd),
      argsStart: at(LineRecord.argsStart),
      argsEnd: at(LineRecord.argsEnd),
      waiting: state === 1,
    };
    // The name's hash is the one jobs.ts computes for a line in any other layout.
    expect(rec[r + LineRecord.nameHash]).toBe(
      nameHashOf(reader.bytes, rec[r + LineRecord.nameStart]!, rec[r + LineRecord.nameEnd]!),
    );
    // The args are one value ending where it says: the reader's condition for counting a job.
    if (valueEnd(reader.bytes, rec[r + LineRecord.argsStart]!, end) !== rec[r + LineRecord.argsEnd])
      out = undefined;
  });
  expect(reader.line - linesBefore).toBe(1);
  if (lines === 0) {
    expect(reader.finished() - finishedBefore).toBe(1);
    out = FINISHED;
  }
  return out;
}

/** The general reader takes `text` as a finished job whose args read to where it says they end. */
function finishedJob(text: string, general: PrintedJob | undefined): void {
  expect(general, text).toBeDefined();
  expect(general!.waiting).toBe(false);
  expect(valueEnd(Buffer.from(text), general!.argsStart, text.length)).toBe(general!.argsEnd);
}

/** Each reader's reading of `text`; the layout's only when its args are one value ending there. */
async function readBoth(text: string) {
  const b = Buffer.from(text);
  const general = fresh();
  return {
    layout: await layoutOf(text),
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
    async (kind, waiting, completedTime) => {
      const text = document({
        args: { to: "a", tags: ["x", "y"], n: Number.NaN },
        name: "emails/send.js:welcome",
        state: { kind },
        ...(completedTime === undefined ? {} : { completedTime }),
      });
      const { layout, general } = await readBoth(text);
      expect(layout, text).toBeDefined();
      expect(text.slice(general!.nameStart, general!.nameEnd)).toBe("emails/send.js:welcome");
      expect(text.slice(general!.argsStart, general!.argsEnd)).toBe(
        '{ "to": "a", "tags": ["x", "y"], "n": NaN }',
      );
      // A finished one is read whole by the module, never handed on; a waiting one is handed on
      // (its function has no test registered) as the general reader reads it.
      if (waiting) expect(layout).toEqual(general);
      else {
        expect(layout).toBe(FINISHED);
        finishedJob(text, general);
      }
    },
  );

  test("an escape in the ID, empty args: still this layout", async () => {
    const text = document({ args: {}, name: "a:b", state: { kind: "pending" }, id: 'k"\\1' });
    const { layout, general } = await readBoth(text);
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
  ])("%s is left to the general reader", async (_, text) => {
    expect((await readBoth(text)).layout).toBeUndefined();
  });

  test("property: with any byte changed, what it reads the general reader reads the same", async () => {
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
    await fc.assert(
      fc.asyncProperty(printed, fc.nat(), bytes, fc.boolean(), async (doc, at, byte, insert) => {
        const text = document({ ...doc, state: { kind: doc.kind } });
        const i = at % text.length;
        const changed = `${text.slice(0, i)}${byte}${text.slice(insert ? i : i + 1)}`;
        const { layout, general } = await readBoth(changed);
        if (layout === FINISHED) {
          taken++;
          finishedJob(changed, general);
        } else if (layout) {
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

describe("lines", () => {
  /** Every line `LineReader` hands on, as text (undefined past the cap), read from `chunks`. */
  async function linesOf(chunks: (string | Buffer)[], maxLength = 1 << 20) {
    const lines: (string | undefined)[] = [];
    const lineReader = new LineReader(maxLength);
    await lineReader.read(
      chunks.map((c) => (typeof c === "string" ? Buffer.from(c) : c)),
      (r) => {
        const rec = lineReader.records;
        lines.push(
          r < 0 ? undefined : lineReader.bytes.toString("utf8", rec[r]!, rec[r + LineRecord.end]!),
        );
      },
    );
    return lines;
  }

  test("split on \\n, a \\r before it dropped, a last line without one kept, across chunks", async () => {
    expect(await linesOf(["a\r\nb", "c\n\n", "dé\r", "\ne"])).toEqual(["a", "bc", "", "dé", "e"]);
    expect(await linesOf(["x\n"])).toEqual(["x"]);
    expect(await linesOf([])).toEqual([]);
    // Every split point of one text reads the same lines.
    const text = "{ a }\r\nbb\n\nccc\r\n\rd\n";
    for (let i = 0; i <= text.length; i++) {
      expect(await linesOf([text.slice(0, i), text.slice(i)])).toEqual([
        "{ a }",
        "bb",
        "",
        "ccc",
        "\rd",
      ]);
    }
  });

  test("a line longer than the module's memory grows it; many lines in one chunk are all read", async () => {
    const long = "x".repeat(300_000);
    const pieces = [long.slice(0, 100_000), long.slice(100_000), "\nafter\n"];
    expect(await linesOf(pieces)).toEqual([long, "after"]);
    // More lines in one chunk than one call into the module reads (2,048).
    const many = Array.from({ length: 5000 }, (_, i) => String(i));
    expect(await linesOf([`${many.join("\n")}\n`])).toEqual(many);
  });

  test("a line past the cap is handed on as undefined, and the next line read whole", async () => {
    expect(await linesOf(["ok\n", "y".repeat(50), "y".repeat(50), "\nnext\n"], 64)).toEqual([
      "ok",
      undefined,
      "next",
    ]);
    // Past the cap within one chunk, and as the last line.
    expect(await linesOf([`${"z".repeat(65)}\nnext\n${"z".repeat(65)}`], 64)).toEqual([
      undefined,
      "next",
      undefined,
    ]);
    // At the cap: still a line.
    expect(await linesOf([`${"z".repeat(64)}\n`], 64)).toEqual(["z".repeat(64)]);
  });
});

describe("args tests", () => {
  const field = { fieldType: { type: "string" }, optional: false } as const;
  const wide = (n: number) =>
    ({
      type: "object",
      value: Object.fromEntries(Array.from({ length: n }, (_, k) => [`field${k}`, field])),
    }) as const;
  const value = (n: number) =>
    Buffer.from(`{ ${Array.from({ length: n }, (_, k) => `"field${k}": "x"`).join(", ")} }`);

  test("a test that no longer fits is -1 (its jobs are read whole); those compiled before still run", () => {
    const own = new LineReader(1 << 20);
    const first = own.program([wide(3)]);
    expect(own.argsIn(first, value(3))).toBe(value(3).length);
    let last = 0;
    let compiled = 0;
    // 128 KB of programs: a 60-field object takes about 2 KB.
    while (last >= 0 && compiled < 1000) {
      last = own.program([wide(60)]);
      compiled++;
    }
    expect(last).toBe(-1);
    expect(compiled).toBeGreaterThan(20);
    expect(own.argsIn(first, value(3))).toBe(value(3).length);
  });

  test("the table of names holds 2,047 functions; past that a name is not registered", () => {
    const own = new LineReader(1 << 20);
    const names = Buffer.from(Array.from({ length: 2048 }, (_, k) => `f${k}`).join(""));
    // The names' bytes are read from where the reader holds lines: put them there.
    own.argsIn(own.program([{ type: "any" }]), names);
    const start = own.bytes.indexOf(names);
    const slots = new Set<number>();
    let at = start;
    for (let k = 0; k < 2047; k++) {
      const length = `f${k}`.length;
      // Colliding hashes on purpose: slots are probed on.
      slots.add(own.register(at, at + length, 7, -1));
      at += length;
    }
    expect(slots.size).toBe(2047);
    expect(Math.min(...slots)).toBeGreaterThanOrEqual(0);
    expect(own.register(at, at + 5, 7, -1)).toBe(-1);
  });

  test("any value is read to its end up to 256 levels deep; deeper is left to the full read", () => {
    const own = new LineReader(1 << 20);
    const any = own.program([{ type: "any" }]);
    const nested = (depth: number) => Buffer.from(`${"[".repeat(depth)}${"]".repeat(depth)}`);
    expect(own.argsIn(any, nested(256))).toBe(512);
    expect(own.argsIn(any, nested(257))).toBe(-1);
    const mixed = Buffer.from('{ "a": [1, { "b": "c\\"" }, null, Bytes("AQ=="), 5n], "d": {} }');
    expect(own.argsIn(any, mixed)).toBe(mixed.length);
    expect(valueEnd(mixed, 0, mixed.length)).toBe(mixed.length);
  });

  test("an object of up to 64 fields is tested quickly; one of more is left to the full read", () => {
    const own = new LineReader(1 << 20);
    expect(own.argsIn(own.program([wide(64)]), value(64))).toBe(value(64).length);
    expect(own.argsIn(own.program([wide(65)]), value(65))).toBe(-1);
  });
});

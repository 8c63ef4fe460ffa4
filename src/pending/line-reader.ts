/**
 * A queue's lines, split and read by the Convex CLI's layout in WebAssembly (./layout.wat), for
 * ./jobs.ts. `npx convex data --format jsonl` writes `{ "k": v, … }` (convex/src/cli/lib/data.ts)
 * and the backend hands it a document's fields sorted (a BTreeMap of field names,
 * crates/value/src/object.rs in convex-backend), so a waiting or finished job is always
 *
 *   { "_creationTime": N, "_id": "…", "args": [{ … }], ("completedTime": N, )"name": "…",
 *     "scheduledTime": N, "state": { "kind": "…" } }
 *
 * Each line is read from its end back to the args (the state, the time, the name, hashed as it is
 * found), then from its start to them (the creation time and the ID): the name is known before the
 * args, so the reader reads them once, by the function's own test. Every byte of a line read so is
 * checked (the separators and keys as literals, the numbers by their grammar, the ID and the name
 * as strings) but the args', which the caller reads to exactly their end; a line in any other
 * layout (another spacing or order, a failed job's `error`, an escape in the name) is marked as
 * such, and the caller reads it with the general reader (./printed-job.ts) or parses it.
 *
 * The bytes are held in the module's memory: a chunk is copied in after the part of a line the
 * previous chunk ended with, so a line is always whole in one place, and memory grows for a longer
 * one up to the cap, past which the line is reported as too long and skipped.
 *
 * Most lines end in the module: a finished job whose args read to their end, and a waiting job of
 * a function registered with its args test (./quick-args.ts) that accepts them, are counted there
 * and never handed on (`finished`, `acceptedIn`); the caller sees the rest.
 */
import { InputError } from "../input-error.ts";
import type { ValidatorJSON } from "../meta.ts";
import { documentIdTableAt } from "./document-id.ts";
import { LAYOUT_WASM } from "./layout-wasm.ts";
import { compileQuickArgs, type ProgramSpace } from "./quick-args.ts";

interface Layout {
  memory: WebAssembly.Memory;
  next: WebAssembly.Global;
  over: WebAssembly.Global;
  lines(from: number, to: number, records: number, max: number, names: number): number;
  args(program: number, start: number, end: number): number;
}

/** Where the records start: after the module's literals. */
const RECORDS = 512;
/** Records read per call into the module: 64 KB of them. */
const MAX_RECORDS = 2048;
/**
 * Where the args tests (./quick-args.ts) and the names they are for go, 128 KB of them: a few
 * hundred functions' worth.
 */
const PROGRAMS = RECORDS + MAX_RECORDS * 32;
const PROGRAM_SPACE = 131072;
/** The table of names the module tests jobs of (layout.wat `$quick`): slots of 32 bytes. */
const NAMES = PROGRAMS + PROGRAM_SPACE;
const NAME_SLOTS = 2048;
/** Where the lines' bytes start (a multiple of 8: the newline search reads 8 bytes at a time). */
const DATA = NAMES + NAME_SLOTS * 32;
const PAGE = 65536;

/** The fields of a record, as offsets from its index in `LineReader.records`. */
export const LineRecord = {
  start: 0,
  /**
   * -1: not in the printer's layout (only `start` and `end` are set); 0: over, its args not read
   * to their end; 1: waiting, its function not registered (`register`); 3: waiting, its args not
   * surely accepted by its function's test. (2 is read whole in the module and never handed on:
   * a finished job, counted in `finished`, or a waiting one its function's test accepted, counted
   * in its slot, `acceptedIn`.)
   */
  state: 1,
  nameStart: 2,
  nameEnd: 3,
  /** A hash of the name's bytes (jobs.ts `nameHashOf` computes the same for any other line). */
  nameHash: 4,
  argsStart: 5,
  argsEnd: 6,
  /** The line's end, before any `\r`. */
  end: 7,
} as const;

/** A line: its record's index in `records` (its fields at `LineRecord` offsets), or -1 past the cap. */
export type OnRecord = (record: number) => void;

let compiled: WebAssembly.Module | undefined;

export class LineReader {
  private readonly layout: Layout;
  /** The module's memory, as bytes: the lines' bytes sit where their records say. */
  bytes!: Buffer;
  records!: Int32Array;
  /** The lines read so far, whether handed on or counted in the module: the current one's number. */
  line = 0;
  private names = 0;
  private readonly programs: ProgramSpace = {
    memory: () => ({ words: this.records, bytes: this.bytes }),
    next: PROGRAMS,
    limit: DATA,
  };

  constructor(private readonly maxLength: number) {
    if (typeof WebAssembly === "undefined") {
      throw new InputError(
        "--pending: reading scheduled jobs needs WebAssembly, which this Node process was started without (node --jitless); run it without that flag.",
      );
    }
    compiled ??= new WebAssembly.Module(Buffer.from(LAYOUT_WASM, "base64"));
    // What the args tests leave to JavaScript, over the same bytes: one call per document ID.
    const js = {
      isId: (start: number, end: number) =>
        documentIdTableAt(this.bytes, start, end) === undefined ? 0 : 1,
    };
    this.layout = new WebAssembly.Instance(compiled, { js }).exports as unknown as Layout;
    this.views();
  }

  /**
   * A test of args against `shapes` (what any of them accepts), compiled into the module for
   * `args`; -1 when there is no room left for it (that function's jobs are then read whole).
   */
  program(shapes: readonly ValidatorJSON[]): number {
    return compileQuickArgs(shapes, this.programs);
  }

  /**
   * Has the module test the waiting jobs of the function named by `bytes[start, end)` (its name's
   * `hash`, as in a record) with `program` (-1: none, its jobs are handed on as not sure) as it
   * reads them; returns the function's slot for `acceptedIn`, or -1 when the table or the room for
   * names is full (its jobs are then handed on untested, state 1).
   */
  register(start: number, end: number, hash: number, program: number): number {
    if (this.names >= NAME_SLOTS - 1) return -1;
    const length = end - start;
    const at = this.programs.next;
    if (at + length > this.programs.limit) return -1;
    this.bytes.copy(this.bytes, at, start, end);
    this.programs.next = at + ((length + 3) & ~3);
    let slot = hash & (NAME_SLOTS - 1);
    while (this.records[(NAMES >> 2) + slot * 8] !== 0) slot = (slot + 1) & (NAME_SLOTS - 1);
    this.records.set([hash + 1, at, length, program, 0], (NAMES >> 2) + slot * 8);
    this.names++;
    return slot;
  }

  /** How many finished jobs the module read whole from their bytes (never handed on). */
  finished(): number {
    return this.layout.over.value as number;
  }

  /** How many jobs the module accepted for the function in `slot` (see `register`). */
  acceptedIn(slot: number): number {
    return this.records[(NAMES >> 2) + slot * 8 + 4]!;
  }

  /** After the args at [start, end) of `bytes` when `program` accepts them, else -1. */
  args(program: number, start: number, end: number): number {
    return this.layout.args(program, start, end);
  }

  /**
   * `args` on a value this reader did not read (the whole of `value`): where it ends in it, or -1.
   * Not while `read` runs: it takes the place of the lines' bytes.
   */
  argsIn(program: number, value: Uint8Array): number {
    this.reserve(value.length + 1);
    this.bytes.set(value, DATA);
    // As after a line: a byte past the end, which a test may look at but never takes.
    this.bytes[DATA + value.length] = 10;
    const end = this.args(program, DATA, DATA + value.length);
    return end < 0 ? -1 : end - DATA;
  }

  private views(): void {
    const { buffer } = this.layout.memory;
    this.bytes = Buffer.from(buffer);
    this.records = new Int32Array(buffer);
  }

  /** Room for the lines' bytes up to `length`. */
  private reserve(length: number): void {
    const { memory } = this.layout;
    const needed = DATA + length;
    if (needed <= memory.buffer.byteLength) return;
    memory.grow(Math.ceil((needed - memory.buffer.byteLength) / PAGE));
    this.views();
  }

  /**
   * Hands every line of `input` to `onRecord`, in order, synchronously per chunk (a promise per line
   * would cost more than reading it). A last line without a `\n` counts as a line.
   */
  async read(
    input: AsyncIterable<Buffer | string> | Iterable<Buffer>,
    onRecord: OnRecord,
  ): Promise<void> {
    // Bytes held after DATA: the start of a line that no chunk has ended yet.
    let held = 0;
    // Inside a line past the cap: its bytes are dropped until its `\n`.
    let skipping = false;
    for await (const chunk of input) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      this.reserve(held + bytes.length);
      this.bytes.set(bytes, DATA + held);
      held = this.linesOf(DATA + held + bytes.length, skipping, onRecord);
      skipping = held < 0;
      if (skipping) {
        held = 0;
      } else if (held > this.maxLength) {
        this.line++;
        onRecord(-1);
        held = 0;
        skipping = true;
      }
    }
    if (held > 0) {
      // The last line, ended here.
      this.reserve(held + 1);
      this.bytes[DATA + held] = 10;
      this.linesOf(DATA + held + 1, false, onRecord);
    }
  }

  /**
   * Reads the lines ending in [DATA, to) and moves what follows the last of them to DATA; returns
   * how many bytes that is, or -1 when `skipping` and no line ended (the chunk is all dropped).
   */
  private linesOf(to: number, skipping: boolean, onRecord: OnRecord): number {
    const { layout } = this;
    let from = DATA;
    let drop = skipping;
    for (;;) {
      const count = layout.lines(from, to, RECORDS, MAX_RECORDS, NAMES);
      const { records, maxLength } = this;
      let n = 0;
      if (drop && count > 0) {
        // The end of the line past the cap: not a line of its own.
        drop = false;
        n = 1;
      }
      for (let r = (RECORDS >> 2) + n * 8; n < count; n++, r += 8) {
        this.line++;
        const tooLong = records[r + LineRecord.end]! - records[r]! > maxLength;
        // Accepted by the module and counted there: nothing left to do with it.
        if (records[r + LineRecord.state] === 2 && !tooLong) continue;
        onRecord(tooLong ? -1 : r);
      }
      from = layout.next.value as number;
      if (count < MAX_RECORDS) break;
    }
    if (drop) return -1;
    const held = to - from;
    this.bytes.copyWithin(DATA, from, to);
    return held;
  }
}

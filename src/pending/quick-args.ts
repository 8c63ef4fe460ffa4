/**
 * A validator compiled into a test of a value's printed bytes, which ./layout.wat's `args` runs
 * (the interpreter sits beside the line reader, over the same memory: the args are tested where
 * the line is). It answers the index after the value when the validator accepts it, else -1:
 * built once per function of a queue, run once per job.
 *
 * It answers only "accepted". -1 covers both a rejection and anything it does not read exactly as
 * the full parse does (an escaped key, a number literal, a `$` key, an object of over 64 fields):
 * the reader then parses the line and `accepts.ts` judges it, so a finding's count, path and
 * witnesses always come from there. Held to `accepts.ts` by a property test
 * (test/pending/quick-args.test.ts): whatever this accepts, that accepts.
 *
 * Why WebAssembly: run once per job by a CLI that reads a queue once, the same tests as
 * JavaScript closures spent most of their time before V8 had optimized them (over 100,000 jobs,
 * about half of `--pending`'s cost); WebAssembly is machine code from the first job.
 */
import type { ValidatorJSON } from "../meta.ts";
import { storedTable } from "./stored-tables.ts";

/** The interpreter's operations (layout.wat `$check`), each followed by its operands. */
const Op = {
  /** Any value (scan.ts `valueEnd`). */
  Any: 0,
  /** A scalar of either of two kinds (scan.ts `Scalar`). */
  Scalar: 1,
  String: 2,
  /** A document ID, printed without an escape. */
  Id: 3,
  /** Nothing is sure: the full read decides. */
  Never: 4,
  /** Printed bytes: address, length. */
  Literal: 5,
  /** Count, then each member's node. */
  Union: 6,
  /** The items' node. */
  Array: 7,
  /** The keys' node, the values' node. */
  Record: 8,
  /** Field count, required count, then per field: printed key's address and length, optional, node. */
  Object: 9,
} as const;

/** scan.ts `Scalar`, as the interpreter's `$kind` holds it. */
const Kind = { Number: 1, FloatName: 2, Bigint: 3, True: 4, False: 5, Null: 6, Bytes: 7 } as const;

/** An object's fields are told apart by the bits of one i64. */
const MAX_FIELDS = 64;

/** Where compiled tests go: the module's memory, from `next` up to `limit`. */
export interface ProgramSpace {
  /** Views of the module's memory (as they are now: memory may grow between compilations). */
  memory(): { words: Int32Array; bytes: Uint8Array };
  next: number;
  readonly limit: number;
}

class NoRoom extends Error {}

/**
 * Compiles a test that accepts what any of `shapes` accepts (a versioned function's served
 * versions) into `space`; returns its address, or -1 when it does not fit (its jobs are then all
 * read whole).
 */
export function compileQuickArgs(shapes: readonly ValidatorJSON[], space: ProgramSpace): number {
  const start = space.next;
  try {
    const writer = new Writer(space);
    const members = shapes.map((shape) => writer.build(shape));
    return members.length === 1 ? members[0]! : writer.node(Op.Union, members.length, ...members);
  } catch (error) {
    if (!(error instanceof NoRoom)) throw error;
    space.next = start;
    return -1;
  }
}

class Writer {
  constructor(private readonly space: ProgramSpace) {}

  private reserve(bytes: number): number {
    const at = this.space.next;
    // Nodes are read as i32: every allocation stays 4-aligned.
    const next = at + ((bytes + 3) & ~3);
    if (next > this.space.limit) throw new NoRoom();
    this.space.next = next;
    return at;
  }

  node(...words: number[]): number {
    const at = this.reserve(words.length * 4);
    this.space.memory().words.set(words, at >> 2);
    return at;
  }

  private printed(bytes: Uint8Array): number {
    const at = this.reserve(bytes.length);
    this.space.memory().bytes.set(bytes, at);
    return at;
  }

  build(v: ValidatorJSON): number {
    switch (v.type) {
      case "null":
        return this.node(Op.Scalar, Kind.Null, Kind.Null);
      case "number":
        return this.node(Op.Scalar, Kind.Number, Kind.FloatName);
      case "bigint":
      case "commitTs":
        return this.node(Op.Scalar, Kind.Bigint, Kind.Bigint);
      case "boolean":
        return this.node(Op.Scalar, Kind.True, Kind.False);
      case "bytes":
        return this.node(Op.Scalar, Kind.Bytes, Kind.Bytes);
      case "string":
      case "function":
        return this.node(Op.String);
      case "id":
        // An ID known to be of another table is rejected: the full judgement says so.
        return this.node(storedTable(v) === undefined ? Op.Id : Op.Never);
      case "literal":
        return this.literal(v.value);
      case "array":
        return this.node(Op.Array, this.build(v.value));
      case "record":
        return this.node(Op.Record, this.build(v.keys), this.build(v.values.fieldType));
      case "object":
        return this.object(v.value);
      case "union": {
        const members = v.value.map((member) => this.build(member));
        return this.node(Op.Union, members.length, ...members);
      }
      default:
        // `any`, and a kind newer than this tool (accepts.ts accepts those too): any value at all.
        return this.node(Op.Any);
    }
  }

  /** A string or boolean literal; others (numbers, int64) are left to the full parse. */
  private literal(value: unknown): number {
    if (typeof value === "boolean") {
      const kind = value ? Kind.True : Kind.False;
      return this.node(Op.Scalar, kind, kind);
    }
    if (typeof value !== "string") return this.node(Op.Never);
    const printed = Buffer.from(JSON.stringify(value));
    // A string printed with an escape may be printed with another: compare only plain ones.
    if (printed.includes(92)) return this.node(Op.Never);
    return this.node(Op.Literal, this.printed(printed), printed.length);
  }

  private object(shape: Record<string, { fieldType: ValidatorJSON; optional: boolean }>): number {
    const fields = Object.entries(shape);
    if (fields.length > MAX_FIELDS) return this.node(Op.Never);
    const words: number[] = [Op.Object, fields.length, 0];
    for (const [name, field] of fields) {
      // Every field is looked for by its printed bytes, so a name that prints with an escape is
      // never found: such an object is left to the full parse.
      const printed = Buffer.from(JSON.stringify(name));
      words.push(this.printed(printed), printed.length, field.optional ? 1 : 0);
      words.push(this.build(field.fieldType));
      if (!field.optional) words[2]!++;
    }
    return this.node(...words);
  }
}

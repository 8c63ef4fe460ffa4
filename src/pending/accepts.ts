/**
 * Would the backend accept a stored value for a validator? The value is a scheduled job's args (or a
 * cron's), read from the deployment; the validator is the new code's args validator as JSON. Mirrors
 * the backend's `check_value` (crates/common/src/schemas/validator.rs): strict objects (a missing
 * required field or an unknown field fails), optional fields may be absent, unions accept what any
 * member accepts, int64 is a bigint and float64 a number (NaN and ±Infinity included), bytes an
 * ArrayBuffer.
 *
 * An id must be a Convex document ID (./document-id.ts: what the backend decodes; any other string
 * fails there whatever the table). Whether the ID's table number is the validator's table takes the
 * deployment's table mapping, which a stored job does not carry; where the deployed code says which
 * table the IDs at a place are of (./stored-tables.ts), an ID of another table is rejected, and
 * elsewhere it passes here and fails there. A function handle is judged as a string.
 *
 * Not `compat/validator/value.ts`'s `accepts`: that one judges witness values built by compat,
 * whose ids are placeholders naming their table, and answers yes/no. This one judges real stored
 * values and says where and why it failed. A property test holds the two to the same answers on
 * values without ids.
 */
import { literalValue } from "../compat/validator/canonical.ts";
import { describeValidator } from "../compat/validator/describe.ts";
import { isPlainObject, sameLiteral, type Value } from "../compat/validator/value.ts";
import type { ValidatorJSON } from "../meta.ts";
import { documentIdTable } from "./document-id.ts";
import { storedTable } from "./stored-tables.ts";

/** Where the value failed, what the validator wanted there, and the type found (never the value). */
export interface Rejection {
  /** `args`, `args.body`, `args.items[2].kind`, `args.tags["x"]`. */
  path: string;
  expected: string;
  /**
   * `string`, `number`, `bigint`, `boolean`, `null`, `bytes`, `array`, `object`, `missing`, or
   * where an id was wanted `non-ID string`, or `Id<"users">` for an ID the deployed code took as
   * one of "users".
   */
  got: string;
}

/** What a string that does not decode as a document ID is called where an id was wanted. */
const NOT_AN_ID = "non-ID string";

/** The type of a stored value, as messages name it (the value itself may be personal data). */
export function typeName(value: Value | undefined): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (value instanceof ArrayBuffer) return "bytes";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/** A compiled validator: `undefined` when it accepts the value, else where and why it does not. */
export type Check = (value: Value) => Rejection | undefined;

/** `undefined` when `v` accepts `value`, else the first place it does not. */
export function rejection(v: ValidatorJSON, value: Value, path = "args"): Rejection | undefined {
  const r = compile(v)(value);
  return r && { ...r, path: `${path}${r.path}` };
}

/**
 * `v` as a function, made once per validator (cached by identity) and called once per job: a queue
 * of 100,000 jobs judges the same few validators over and over, so the walk over the validator's
 * JSON (its field lists, its literal values) is done here, not per job. Paths are relative to the
 * value (`.body`, `[2]`) and built only on the way out of a failure.
 */
export function compile(v: ValidatorJSON): Check {
  let check = compiled.get(v);
  if (!check) {
    check = build(v);
    compiled.set(v, check);
  }
  return check;
}

const compiled = new WeakMap<ValidatorJSON, Check>();

const no = (v: ValidatorJSON, value: Value): Rejection => ({
  path: "",
  expected: describeValidator(v),
  got: typeName(value),
});

const typed =
  (v: ValidatorJSON, ok: (value: Value) => boolean): Check =>
  (value) =>
    ok(value) ? undefined : no(v, value);

function build(v: ValidatorJSON): Check {
  switch (v.type) {
    case "any":
      return () => undefined;
    case "null":
      return typed(v, (x) => x === null);
    case "number":
      return typed(v, (x) => typeof x === "number");
    case "bigint":
    case "commitTs":
      return typed(v, (x) => typeof x === "bigint");
    case "boolean":
      return typed(v, (x) => typeof x === "boolean");
    case "string":
    case "function":
      return typed(v, (x) => typeof x === "string");
    case "id": {
      // Known from the deployed code to be of another table (./stored-tables.ts): rejected.
      const stored = storedTable(v);
      return (value) => {
        if (typeof value !== "string") return no(v, value);
        if (documentIdTable(value) === undefined) return { ...no(v, value), got: NOT_AN_ID };
        return stored === undefined ? undefined : { ...no(v, value), got: `Id<"${stored}">` };
      };
    }
    case "bytes":
      return typed(v, (x) => x instanceof ArrayBuffer);
    case "literal": {
      const literal = literalValue(v);
      return typed(v, (x) => sameLiteral(literal, x));
    }
    case "array": {
      const item = compile(v.value);
      return (value) => {
        if (!Array.isArray(value)) return no(v, value);
        for (let i = 0; i < value.length; i++) {
          const r = item(value[i]!);
          if (r) return { ...r, path: `[${i}]${r.path}` };
        }
        return undefined;
      };
    }
    case "record": {
      const key = compile(v.keys);
      const item = compile(v.values.fieldType);
      return (value) => {
        if (!isPlainObject(value)) return no(v, value);
        for (const name in value) {
          const at = () => `[${JSON.stringify(name)}]`;
          const keyRejected = key(name);
          if (keyRejected)
            return { ...keyRejected, path: at(), expected: `a key of ${keyRejected.expected}` };
          const r = item(value[name]!);
          if (r) return { ...r, path: `${at()}${r.path}` };
        }
        return undefined;
      };
    }
    case "object": {
      const names = Object.keys(v.value);
      const fields = names.map((name) => ({
        name,
        optional: v.value[name]!.optional,
        check: compile(v.value[name]!.fieldType),
        fieldType: v.value[name]!.fieldType,
      }));
      const known = new Set(names);
      return (value) => {
        if (!isPlainObject(value)) return no(v, value);
        let present = 0;
        for (const field of fields) {
          // hasOwn, not `value[name] === undefined`: a field named like an Object.prototype
          // member ("constructor") would otherwise be read from the prototype.
          if (!Object.hasOwn(value, field.name)) {
            if (field.optional) continue;
            return {
              path: `.${field.name}`,
              expected: describeValidator(field.fieldType),
              got: "missing",
            };
          }
          present++;
          const r = field.check(value[field.name]!);
          if (r) return { ...r, path: `.${field.name}${r.path}` };
        }
        // Every field the value has is a known one exactly when the counts agree.
        if (Object.keys(value).length === present) return undefined;
        for (const name in value) {
          if (!known.has(name))
            return { path: `.${name}`, expected: "no such field", got: typeName(value[name]) };
        }
        return undefined;
      };
    }
    case "union": {
      const members = v.value.map(compile);
      return (value) => {
        let first: Rejection | undefined;
        for (const member of members) {
          const r = member(value);
          if (!r) return undefined;
          first ??= r;
        }
        // One member of the value's own kind (an object among scalars): its deeper reason says more.
        const sameKind = v.value.filter((m) => kindMatches(m, value));
        if (sameKind.length === 1) return compile(sameKind[0]!)(value);
        return first && v.value.length === 1 ? first : no(v, value);
      };
    }
    default:
      // A validator kind newer than this tool: it cannot be judged, so it is not reported.
      return () => undefined;
  }
}

function kindMatches(v: ValidatorJSON, value: Value): boolean {
  switch (v.type) {
    case "object":
    case "record":
      return isPlainObject(value);
    case "array":
      return Array.isArray(value);
    default:
      return false;
  }
}

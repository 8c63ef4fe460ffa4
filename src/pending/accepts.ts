/**
 * Would the backend accept a stored value for a validator? The value is a scheduled job's args (or a
 * cron's), read from the deployment; the validator is the new code's args validator as JSON. Mirrors
 * the backend's `check_value` (crates/common/src/schemas/validator.rs): strict objects (a missing
 * required field or an unknown field fails), optional fields may be absent, unions accept what any
 * member accepts, int64 is a bigint and float64 a number (NaN and ±Infinity included), bytes an
 * ArrayBuffer.
 *
 * Two kinds are judged by type only: an id is a string (the backend also checks that it names a
 * document of the validator's table, which needs the deployment's table numbers), and a function
 * handle is a string. So a stored id of another table passes here and fails there; the message of
 * the finding never claims otherwise.
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

/** Where the value failed, what the validator wanted there, and the type found (never the value). */
export interface Rejection {
  /** `args`, `args.body`, `args.items[2].kind`, `args.tags["x"]`. */
  path: string;
  expected: string;
  /** `string`, `number`, `bigint`, `boolean`, `null`, `bytes`, `array`, `object`, or `missing`. */
  got: string;
}

/** The type of a stored value, as messages name it (the value itself may be personal data). */
export function typeName(value: Value | undefined): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (value instanceof ArrayBuffer) return "bytes";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/** `undefined` when `v` accepts `value`, else the first place it does not. */
export function rejection(v: ValidatorJSON, value: Value, path = "args"): Rejection | undefined {
  const no = (): Rejection => ({ path, expected: describeValidator(v), got: typeName(value) });
  switch (v.type) {
    case "any":
      return undefined;
    case "null":
      return value === null ? undefined : no();
    case "number":
      return typeof value === "number" ? undefined : no();
    case "bigint":
    case "commitTs":
      return typeof value === "bigint" ? undefined : no();
    case "boolean":
      return typeof value === "boolean" ? undefined : no();
    case "string":
    case "id":
    case "function":
      return typeof value === "string" ? undefined : no();
    case "bytes":
      return value instanceof ArrayBuffer ? undefined : no();
    case "literal":
      return sameLiteral(literalValue(v), value) ? undefined : no();
    case "array": {
      if (!Array.isArray(value)) return no();
      for (let i = 0; i < value.length; i++) {
        const r = rejection(v.value, value[i]!, `${path}[${i}]`);
        if (r) return r;
      }
      return undefined;
    }
    case "record": {
      if (!isPlainObject(value)) return no();
      for (const key of Object.keys(value)) {
        const at = `${path}[${JSON.stringify(key)}]`;
        const keyRejected = rejection(v.keys, key, at);
        if (keyRejected) return { ...keyRejected, expected: `a key of ${keyRejected.expected}` };
        const r = rejection(v.values.fieldType, value[key]!, at);
        if (r) return r;
      }
      return undefined;
    }
    case "object": {
      if (!isPlainObject(value)) return no();
      for (const name of Object.keys(v.value)) {
        const field = v.value[name]!;
        const at = `${path}.${name}`;
        if (!Object.hasOwn(value, name)) {
          if (field.optional) continue;
          return { path: at, expected: describeValidator(field.fieldType), got: "missing" };
        }
        const r = rejection(field.fieldType, value[name]!, at);
        if (r) return r;
      }
      for (const name of Object.keys(value)) {
        if (!Object.hasOwn(v.value, name)) {
          return { path: `${path}.${name}`, expected: "no such field", got: typeName(value[name]) };
        }
      }
      return undefined;
    }
    case "union": {
      let first: Rejection | undefined;
      for (const member of v.value) {
        const r = rejection(member, value, path);
        if (!r) return undefined;
        first ??= r;
      }
      // One member of the value's own kind (an object among scalars): its deeper reason says more.
      const sameKind = v.value.filter((m) => kindMatches(m, value));
      if (sameKind.length === 1) return rejection(sameKind[0]!, value, path);
      return first && v.value.length === 1 ? first : no();
    }
    default:
      // A validator kind newer than this tool: it cannot be judged, so it is not reported.
      return undefined;
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

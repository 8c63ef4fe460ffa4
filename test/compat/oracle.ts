/**
 * An independent oracle for "does this validator accept this value": validator JSON is rebuilt
 * with Convex's real `v` builders and checked with convex-helpers' `validate`, code compat does
 * not share. Ids: a real id encodes a table number only a deployment knows; the witnesses compat
 * builds use the placeholder `<id:TABLE>`, so `normalizeId` here says a string is an id of `t`
 * exactly when it is `<id:t>` (the backend's "decodes as an id of this table", in miniature).
 *
 * commitTs is judged as int64 and a function handle as the placeholder `<function-handle>`, as
 * compat does (convex 1.48's `v` has no `v.function`; convex-helpers does not check commitTs).
 *
 * Known gaps of convex-helpers' `validate` against the backend, and what this file does about them:
 * - a record accepts any `typeof "object"` value: arrays and ArrayBuffers pass `v.record(...)`,
 *   where the backend wants an object. `strictRecords` adds exactly that restriction back.
 * - record entries whose value is `undefined` are skipped, and record keys are not checked to be
 *   valid field names; the generators produce neither.
 */
import { type GenericValidator, jsonToConvex, v } from "convex/values";
import { validate } from "convex-helpers/validators";
import type { ValidatorJSON } from "../../src/meta.ts";

export function fromJson(json: ValidatorJSON): GenericValidator {
  switch (json.type) {
    case "null":
      return v.null();
    case "number":
      return v.number();
    case "bigint":
      return v.int64();
    // convex-helpers' validate does not know commitTs; it accepts exactly the int64 values.
    case "commitTs":
      return v.int64();
    // v.function (convex 1.49) is a handle string; the witnesses' placeholder stands for one.
    case "function":
      return v.literal("<function-handle>");
    case "boolean":
      return v.boolean();
    case "string":
      return v.string();
    case "bytes":
      return v.bytes();
    case "any":
      return v.any();
    case "literal": {
      const raw = json.value;
      const value =
        raw !== null && typeof raw === "object" ? (jsonToConvex(raw as never) as bigint) : raw;
      return v.literal(value as string);
    }
    case "id":
      return v.id(json.tableName);
    case "array":
      return v.array(fromJson(json.value));
    case "record":
      return v.record(fromJson(json.keys) as never, fromJson(json.values.fieldType));
    case "object": {
      const fields: Record<string, GenericValidator> = {};
      for (const [name, f] of Object.entries(json.value)) {
        fields[name] = f.optional ? v.optional(fromJson(f.fieldType)) : fromJson(f.fieldType);
      }
      return v.object(fields);
    }
    case "union":
      return v.union(...json.value.map(fromJson));
  }
}

const normalizeId = (table: string, id: string) => (id === `<id:${table}>` ? id : null);
const db = { normalizeId, system: { normalizeId } } as never;

export function oracleAccepts(
  json: ValidatorJSON,
  value: unknown,
  allowUnknownFields = false,
): boolean {
  const ok = (x: ValidatorJSON, y: unknown) => validate(fromJson(x), y, { db, allowUnknownFields });
  return ok(json, value) && strictRecords(json, value, ok);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Whether `value` can match `json` with every record matched against a plain object. */
function strictRecords(
  json: ValidatorJSON,
  value: unknown,
  ok: (x: ValidatorJSON, y: unknown) => boolean,
): boolean {
  switch (json.type) {
    case "union":
      return json.value.some((m) => ok(m, value) && strictRecords(m, value, ok));
    case "record":
      return (
        isPlainObject(value) &&
        Object.values(value).every((item) => strictRecords(json.values.fieldType, item, ok))
      );
    case "array":
      return Array.isArray(value) && value.every((item) => strictRecords(json.value, item, ok));
    case "object":
      return (
        isPlainObject(value) &&
        Object.entries(json.value).every(
          ([name, f]) => value[name] === undefined || strictRecords(f.fieldType, value[name], ok),
        )
      );
    default:
      return true;
  }
}

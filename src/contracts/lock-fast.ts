/**
 * The lock file's fast path: a plain check of the shape `schema.ts` describes, without zod (whose
 * validation of a 2.4 MB lock costs about 190 ms, and whose import costs more). It accepts only what
 * the schema accepts and returns the same value the schema would; anything it is unsure of (a key it
 * does not know, a validator kind it does not know) goes to the full schema, which either accepts it
 * or names the file and field at fault.
 */
import type { LockFile } from "../model.ts";

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isDate = (v: unknown) => typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v);

/** Only these keys, the required ones present: the schema's `z.object` strips others, so a file
 * with more goes to the schema, which returns it stripped. */
function keysWithin(v: Json, allowed: readonly string[], required: readonly string[]): boolean {
  for (const key in v) if (!allowed.includes(key)) return false;
  return required.every((key) => key in v);
}

/** `every` that also visits holes (`every` skips them; the schema does not). */
function all(v: unknown, ok: (item: unknown) => boolean): boolean {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (!ok(v[i])) return false;
  return true;
}

const SIMPLE = new Set(["null", "number", "bigint", "boolean", "string", "bytes", "any"]);

function validator(v: unknown): boolean {
  if (!isObject(v)) return false;
  const type = v.type;
  if (typeof type !== "string") return false;
  if (SIMPLE.has(type)) return true;
  switch (type) {
    case "literal":
      return "value" in v;
    case "id":
      return typeof v.tableName === "string";
    case "array":
      return validator(v.value);
    case "union":
      return all(v.value, validator);
    case "record": {
      const values = v.values;
      return (
        validator(v.keys) &&
        isObject(values) &&
        values.optional === false &&
        validator(values.fieldType)
      );
    }
    case "object": {
      if (!isObject(v.value)) return false;
      for (const key in v.value) {
        const field = v.value[key];
        if (!isObject(field) || typeof field.optional !== "boolean" || !validator(field.fieldType))
          return false;
      }
      return true;
    }
    default:
      return false; // a kind this path does not know: the schema decides
  }
}

function deprecated(v: unknown): boolean {
  return (
    isObject(v) &&
    keysWithin(v, ["since", "removeAfter", "reason"], ["since"]) &&
    isDate(v.since) &&
    (v.removeAfter === undefined || isDate(v.removeAfter)) &&
    (v.reason === undefined || typeof v.reason === "string")
  );
}

function removed(v: unknown): boolean {
  return (
    isObject(v) &&
    keysWithin(v, ["since", "message"], ["since"]) &&
    isDate(v.since) &&
    (v.message === undefined || typeof v.message === "string")
  );
}

function version(v: unknown): boolean {
  return (
    isObject(v) &&
    keysWithin(
      v,
      ["label", "exportName", "args", "returns", "deprecated", "removed"],
      ["label", "exportName", "args", "returns"],
    ) &&
    typeof v.label === "string" &&
    typeof v.exportName === "string" &&
    validator(v.args) &&
    (v.returns === null || validator(v.returns)) &&
    (v.deprecated === undefined || deprecated(v.deprecated)) &&
    (v.removed === undefined || removed(v.removed))
  );
}

const strings = (v: unknown) => all(v, (s) => typeof s === "string");

function versioned(v: unknown): boolean {
  return (
    isObject(v) &&
    keysWithin(
      v,
      ["definition", "current", "serves", "versions"],
      ["definition", "current", "serves", "versions"],
    ) &&
    typeof v.definition === "string" &&
    typeof v.current === "string" &&
    strings(v.serves) &&
    all(v.versions, version)
  );
}

function functionSpec(v: unknown): boolean {
  return (
    isObject(v) &&
    keysWithin(
      v,
      ["kind", "visibility", "args", "returns", "returnsInferred", "argsInferred", "versioned"],
      ["kind", "visibility", "args", "returns"],
    ) &&
    (v.kind === "query" || v.kind === "mutation" || v.kind === "action") &&
    (v.visibility === "public" || v.visibility === "internal") &&
    validator(v.args) &&
    (v.returns === null || validator(v.returns)) &&
    (v.returnsInferred === undefined || validator(v.returnsInferred)) &&
    (v.argsInferred === undefined || validator(v.argsInferred)) &&
    (v.versioned === undefined || versioned(v.versioned))
  );
}

function httpRoute(v: unknown): boolean {
  return (
    isObject(v) &&
    keysWithin(v, ["method", "path"], ["method", "path"]) &&
    typeof v.method === "string" &&
    typeof v.path === "string"
  );
}

/** `json` as a lock file when it plainly is one (then exactly what the schema returns), else undefined. */
export function lockFileFast(json: unknown): LockFile | undefined {
  if (
    !isObject(json) ||
    !keysWithin(
      json,
      ["lockfileVersion", "functions", "httpRoutes"],
      ["lockfileVersion", "functions"],
    )
  )
    return undefined;
  if (json.lockfileVersion !== 1 || !isObject(json.functions)) return undefined;
  for (const key in json.functions) if (!functionSpec(json.functions[key])) return undefined;
  if (json.httpRoutes !== undefined && !all(json.httpRoutes, httpRoute)) return undefined;
  return json as unknown as LockFile;
}

/**
 * Which values a validator accepts, mirroring the backend's `check_value` (strict objects: missing
 * required and unknown fields fail; unions try each member), plus small sample values per kind.
 *
 * compat uses this only to build and verify witnesses (a concrete value the baseline accepted and
 * the current side rejects), never to decide compatibility: that is `subsume.ts`, so a bug in one
 * shows up as a failed witness check in the other.
 *
 * Ids: a real id encodes a deployment's table number, so no pure function can make one. A witness
 * id is the placeholder string `<id:TABLE>`; `v.id("t")` accepts exactly `<id:t>` here, and any
 * other string (like `"x"`) stands for a string that does not decode as an id.
 */
import type { ValidatorJSON } from "../../meta.ts";
import { type LiteralValue, literalValue } from "./canonical.ts";

/** A Convex value as JS holds it (bigint for int64, ArrayBuffer for bytes). */
export type Value =
  | null
  | number
  | bigint
  | boolean
  | string
  | ArrayBuffer
  | Value[]
  | { [key: string]: Value };

export function idPlaceholder(table: string): string {
  return `<id:${table}>`;
}

export function isIdOf(value: string, table: string): boolean {
  return value === idPlaceholder(table);
}

/**
 * A function handle (`v.function()`) is a string the backend made (`createFunctionHandle`); like
 * ids, none can be made here, so this placeholder stands for one.
 */
export const HANDLE_PLACEHOLDER = "<function-handle>";

export function isPlainObject(value: unknown): value is { [key: string]: Value } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  if (value instanceof ArrayBuffer) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function sameLiteral(a: LiteralValue, b: unknown): boolean {
  // Object.is: the backend orders floats totally, so -0 and 0 (and NaN and NaN) are what Object.is says.
  return typeof a === typeof b && Object.is(a, b);
}

export interface AcceptOptions {
  /** Ignore fields the validator does not name (how a client reads returns), not how Convex checks args. */
  allowUnknownFields?: boolean;
}

export function accepts(v: ValidatorJSON, value: Value, opts: AcceptOptions = {}): boolean {
  switch (v.type) {
    case "any":
      return true;
    case "null":
      return value === null;
    case "number":
      return typeof value === "number";
    case "bigint":
    // commitTs accepts any int64; its unresolved placeholder never leaves the writing mutation.
    case "commitTs":
      return typeof value === "bigint";
    case "function":
      return value === HANDLE_PLACEHOLDER;
    case "boolean":
      return typeof value === "boolean";
    case "string":
      return typeof value === "string";
    case "bytes":
      return value instanceof ArrayBuffer;
    case "literal":
      return sameLiteral(literalValue(v), value);
    case "id":
      return typeof value === "string" && isIdOf(value, v.tableName);
    case "array":
      return Array.isArray(value) && value.every((item) => accepts(v.value, item, opts));
    case "record":
      return (
        isPlainObject(value) &&
        Object.entries(value).every(
          ([key, item]) => accepts(v.keys, key, opts) && accepts(v.values.fieldType, item, opts),
        )
      );
    case "object": {
      if (!isPlainObject(value)) return false;
      for (const [name, field] of Object.entries(v.value)) {
        const item = Object.hasOwn(value, name) ? value[name] : undefined;
        if (item === undefined) {
          if (!field.optional) return false;
        } else if (!accepts(field.fieldType, item, opts)) return false;
      }
      return (
        opts.allowUnknownFields === true ||
        Object.keys(value).every((k) => Object.hasOwn(v.value, k))
      );
    }
    case "union":
      return v.value.some((member) => accepts(member, value, opts));
    default:
      // A kind newer than compat: assume it accepts the value, so no witness is claimed from it.
      return true;
  }
}

/** One simple value the validator accepts (required object fields only, empty collections). */
export function sample(v: ValidatorJSON): Value {
  return samples(v)[0]!;
}

/**
 * A few values the validator accepts, simplest first: the search space for witnesses. Every entry
 * is accepted by `v` (object samples carry required fields only, plus one variant per optional field).
 */
export function samples(v: ValidatorJSON): Value[] {
  switch (v.type) {
    case "any":
      return [null, 0, 0n, true, "x", new ArrayBuffer(0), [], {}];
    case "null":
      return [null];
    case "number":
      return [0, 1.5];
    case "bigint":
    case "commitTs":
      return [0n];
    case "function":
      return [HANDLE_PLACEHOLDER];
    case "boolean":
      return [true, false];
    case "string":
      return ["x", ""];
    case "bytes":
      return [new ArrayBuffer(0)];
    case "literal":
      return [literalValue(v)];
    case "id":
      return [idPlaceholder(v.tableName)];
    case "array":
      return [[], [sample(v.value)]];
    case "record": {
      const keys = samples(v.keys).filter((k): k is string => typeof k === "string");
      return [{}, ...keys.slice(0, 1).map((k) => ({ [k]: sample(v.values.fieldType) }))];
    }
    case "object": {
      const base = requiredSample(v);
      const variants = Object.entries(v.value)
        .filter(([, field]) => field.optional)
        .map(([name, field]) => ({ ...base, [name]: sample(field.fieldType) }));
      return [base, ...variants];
    }
    case "union":
      return v.value.flatMap((member) => samples(member));
    default:
      return [null];
  }
}

/** The object with every required field set to its sample and no optional field. */
export function requiredSample(v: Extract<ValidatorJSON, { type: "object" }>): {
  [key: string]: Value;
} {
  const out: { [key: string]: Value } = {};
  for (const [name, field] of Object.entries(v.value)) {
    if (!field.optional) out[name] = sample(field.fieldType);
  }
  return out;
}

/** A value of `from` that `to` rejects, if the samples (and a string no literal uses) find one. */
export function counterexample(
  from: ValidatorJSON,
  to: ValidatorJSON,
  opts: AcceptOptions = {},
): Value | undefined {
  const candidates = samples(from);
  if (from.type === "string" || from.type === "any") candidates.push(freshString(to));
  return candidates.find((c) => accepts(from, c) && !accepts(to, c, opts));
}

/** A string no string literal in `v` equals (so a literal set cannot accept it by accident). */
function freshString(v: ValidatorJSON): string {
  const used = new Set<string>();
  const walk = (x: ValidatorJSON): void => {
    if (x.type === "literal" && typeof x.value === "string") used.add(x.value);
    if (x.type === "union") x.value.forEach(walk);
  };
  walk(v);
  let s = "other";
  while (used.has(s)) s += "_";
  return s;
}

/**
 * Canonical validator JSON: the one spelling of a validator that compat compares.
 *
 * `exportArgs()` keeps declaration order and nests unions as written (`v.nullable(v.union(…))`); the
 * backend sorts keys. Two spellings of the same set of values must compare equal, and member lists
 * must not depend on order, so everything compat does starts here. Literal values are decoded
 * (`{"$integer": base64}` → bigint) by `literalValue`, never rewritten: the JSON stays Convex's own.
 */
import { KNOWN_VALIDATOR_KINDS, type ValidatorJSON } from "../../meta.ts";
import { encodedScalar } from "./convex-json.ts";

/** A literal's value as a JS value: string, number, boolean or bigint (`{"$integer": …}`, `{"$float": …}` decoded). */
export type LiteralValue = string | number | boolean | bigint;

export function literalValue(json: Extract<ValidatorJSON, { type: "literal" }>): LiteralValue {
  const raw = json.value;
  if (raw !== null && typeof raw === "object") return encodedScalar(raw as Record<string, unknown>);
  return raw as LiteralValue;
}

/**
 * Memo tables for the two hot helpers. compat compares the same validators many times (every
 * version against the union of the others, rename candidates against every removal), and specs are
 * plain JSON that nobody mutates while a check runs, so results are cached per object identity.
 */
const keys = new WeakMap<object, string>();
const canonical = new WeakMap<object, ValidatorJSON>();

/** A stable string for a canonical validator: equal keys ⇔ same canonical validator. */
export function validatorKey(json: ValidatorJSON): string {
  let key = keys.get(json);
  if (key === undefined) {
    key = JSON.stringify(json);
    keys.set(json, key);
  }
  return key;
}

/**
 * `canonicalize`, memoised on the input object, for compat's own use: the result is shared, so
 * callers must not mutate it (the exported `canonicalize` returns a fresh tree instead).
 */
export function canonicalShared(json: ValidatorJSON): ValidatorJSON {
  let out = canonical.get(json);
  if (out === undefined) {
    out = canonicalize(json);
    canonical.set(json, out);
    // A canonical tree is its own canonical form.
    canonical.set(out, out);
  }
  return out;
}

/**
 * Sorted object keys, flattened and deduplicated unions (members sorted by their key), a
 * one-member union replaced by its member, and a union containing `any` replaced by `any`.
 * Idempotent; returns a new tree.
 */
export function canonicalize(json: ValidatorJSON): ValidatorJSON {
  const [node, key] = canon(json);
  // Only the root is remembered: a WeakMap entry per node costs more than it saves.
  keys.set(node, key);
  return node;
}

type Keyed = [node: ValidatorJSON, key: string];

/**
 * The canonical tree and its key, built bottom-up with each node's key composed from its
 * children's: the text `JSON.stringify` gives (property order included), in one pass instead of
 * one serialisation per node and depth.
 */
function canon(json: ValidatorJSON): Keyed {
  // A version's args canonicalised before, now a member of the union of served versions.
  const seen = json.type === "object" ? canonical.get(json) : undefined;
  if (seen) return [seen, validatorKey(seen)];
  switch (json.type) {
    case "null":
    case "number":
    case "bigint":
    case "commitTs":
    case "boolean":
    case "string":
    case "bytes":
    case "any":
      return [{ type: json.type }, `{"type":"${json.type}"}`];
    case "function": {
      const node: Extract<ValidatorJSON, { type: "function" }> = { type: "function" };
      if (json.fnType !== undefined) node.fnType = json.fnType;
      if (json.args !== undefined) node.args = canon(json.args)[0];
      if (json.returns !== undefined) node.returns = canon(json.returns)[0];
      return [node, JSON.stringify(node)];
    }
    case "literal":
      return [
        { type: "literal", value: json.value },
        `{"type":"literal","value":${JSON.stringify(json.value)}}`,
      ];
    case "id":
      return [
        { type: "id", tableName: json.tableName },
        `{"type":"id","tableName":${JSON.stringify(json.tableName)}}`,
      ];
    case "array": {
      const [value, key] = canon(json.value);
      return [{ type: "array", value }, `{"type":"array","value":${key}}`];
    }
    case "record": {
      const [k, kKey] = canon(json.keys);
      const [fieldType, vKey] = canon(json.values.fieldType);
      return [
        { type: "record", keys: k, values: { fieldType, optional: false } },
        `{"type":"record","keys":${kKey},"values":{"fieldType":${vKey},"optional":false}}`,
      ];
    }
    case "object": {
      const value: Record<string, { fieldType: ValidatorJSON; optional: boolean }> = {};
      let parts = "";
      for (const name of Object.keys(json.value).sort()) {
        const field = json.value[name]!;
        const [fieldType, key] = canon(field.fieldType);
        value[name] = { fieldType, optional: field.optional };
        parts += `${parts ? "," : ""}${JSON.stringify(name)}:{"fieldType":${key},"optional":${field.optional}}`;
      }
      return [{ type: "object", value }, `{"type":"object","value":{${parts}}}`];
    }
    case "union": {
      const members = new Map<string, ValidatorJSON>();
      const add = ([member, key]: Keyed): void => {
        if (member.type === "union") {
          // Already canonical: its members' keys are the slices of its own; re-derive them.
          for (const inner of member.value) add([inner, JSON.stringify(inner)]);
          return;
        }
        members.set(key, member);
      };
      for (const member of json.value) add(canon(member));
      if ([...members.values()].some((m) => m.type === "any")) return canon({ type: "any" });
      const sorted = [...members.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      if (sorted.length === 1) return [sorted[0]![1], sorted[0]![0]];
      return [
        { type: "union", value: sorted.map(([, m]) => m) },
        `{"type":"union","value":[${sorted.map(([k]) => k).join(",")}]}`,
      ];
    }
    default: {
      // A kind newer than compat: kept as written (keys sorted) so equal JSON still compares equal.
      const node = sortKeys(json) as ValidatorJSON;
      return [node, JSON.stringify(node)];
    }
  }
}

function sortKeys(json: unknown): unknown {
  if (Array.isArray(json)) return json.map(sortKeys);
  if (json === null || typeof json !== "object") return json;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(json).sort())
    out[key] = sortKeys((json as Record<string, unknown>)[key]);
  return out;
}

const KNOWN_KINDS: ReadonlySet<string> = new Set(KNOWN_VALIDATOR_KINDS);

/**
 * The kind, when compat does not know it (a Convex newer than this release): callers judge such a
 * validator only by equality, never crash on it. Undefined for every kind compat understands.
 */
export function unknownKind(json: ValidatorJSON): string | undefined {
  const kind = (json as { type?: unknown }).type;
  return KNOWN_KINDS.has(kind as string) ? undefined : String(kind);
}

/** The members of a canonical validator seen as a union (a non-union is a union of one). */
export function membersOf(json: ValidatorJSON): ValidatorJSON[] {
  return json.type === "union" ? json.value : [json];
}

/** Whether two validators accept exactly the same values as written (after canonicalisation). */
export function sameValidator(a: ValidatorJSON, b: ValidatorJSON): boolean {
  return validatorKey(canonicalShared(a)) === validatorKey(canonicalShared(b));
}

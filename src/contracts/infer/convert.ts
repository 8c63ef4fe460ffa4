/**
 * TypeScript type → Convex `ValidatorJSON`: the shape a client can read from a function's result,
 * as far as the type tells it. Whatever cannot be a Convex value, or cannot be resolved, becomes
 * `{type:"any"}` with a note saying where and why, so a reader of the lock file (and `compat/`,
 * which treats `any` as "accepts anything") never gets a confident answer the types don't back.
 *
 * Output is canonical (object keys and union members sorted) so the same shape written two ways,
 * or resolved in a different order by another program, gives byte-identical JSON.
 */
import { convexToJson } from "convex/values";
import type { ValidatorJSON } from "../../meta.ts";
import type { TypeView } from "./view.ts";

/** Deeper than this, a value type is almost certainly recursive (or not worth spelling out). */
export const MAX_DEPTH = 16;

/** Where a type sits: decides what `undefined` means there (Convex treats it differently per place). */
type Position = "top" | "element";

export interface Degradation {
  /** Dotted path from the result, e.g. `returns.page[].createdAt`. */
  path: string;
  reason: string;
}

const ANY: ValidatorJSON = { type: "any" };

/**
 * Converts `type` (already unwrapped from `Promise`) to the validator JSON of a function's result,
 * asking `view` about it. Degradations to `any` are appended to `notes`.
 */
/** The contract of a function that returns nothing (`void`, `undefined`, `Promise<void>`). */
export const VOID: ValidatorJSON = { type: "null", void: true };

export function typeToValidator<T>(
  view: TypeView<T>,
  type: T,
  notes: Degradation[],
  path = "returns",
): ValidatorJSON {
  const inProgress = new Set<T>();

  const degrade = (path: string, reason: string): ValidatorJSON => {
    notes.push({ path, reason });
    return ANY;
  };

  /**
   * The element of an empty array (`[]`'s type `never[]`), each one its own object: a sibling
   * member of a union may name its type (`fill`); the ones left degrade, with their paths.
   */
  const unnamed = new Map<ValidatorJSON, string>();
  const emptyArray = (path: string): ValidatorJSON => {
    const element: ValidatorJSON = { type: "any" };
    unnamed.set(element, `${path}[]`);
    return { type: "array", value: element };
  };

  const convert = (t: T, path: string, pos: Position, depth: number): ValidatorJSON => {
    if (depth > MAX_DEPTH)
      return degrade(path, `nested deeper than ${MAX_DEPTH} levels (recursive type?)`);
    switch (view.kind(t)) {
      case "any":
        return degrade(path, "type is `any`");
      case "unknown":
        return degrade(path, "type is `unknown`");
      case "never":
        return degrade(
          path,
          path.endsWith("[]")
            ? EMPTY_ARRAY
            : pos === "top"
              ? "type is `never` (the function never returns normally?)"
              : "type is `never`",
        );
      case "undefined":
        // Convex sends `null` for a function that returns `undefined`; inside an array it throws.
        return pos === "top"
          ? { type: "null" }
          : degrade(path, "`undefined` is not a Convex value here");
      case "null":
        return { type: "null" };
      case "literal": {
        const value = view.literal(t);
        return { type: "literal", value: typeof value === "bigint" ? convexToJson(value) : value };
      }
      case "union":
        return convertMembers(view.members(t), path, pos, depth);
      case "string":
        return { type: "string" };
      case "number":
        return { type: "number" };
      case "bigint":
        return { type: "bigint" };
      case "boolean":
        return { type: "boolean" };
      // `prefix-${string}`, Uppercase<string>: strings the type system knows more about than Convex.
      case "template":
        return { type: "string" };
      case "symbol":
        return degrade(path, "symbols are not Convex values");
      case "nonPrimitive":
        return degrade(path, "`object` says nothing about the fields");
      case "intersection":
        return convertIntersection(t, path, pos, depth);
      case "object":
        return convertObject(t, path, depth);
      case "generic":
        return degrade(path, `generic type \`${view.text(t)}\` is not resolved here`);
      default:
        return degrade(path, `unsupported type \`${view.text(t)}\``);
    }
  };

  const convertMembers = (
    all: readonly T[],
    path: string,
    pos: Position,
    depth: number,
  ): ValidatorJSON => {
    let types = all;
    const members: ValidatorJSON[] = [];
    let sawUndefined = false;
    // `cond ? rows : []` is `Row[] | never[]`: the empty array is a value of every array type, so
    // beside another array it adds nothing (alone, it still degrades: no element type to keep).
    const empty = types.filter((m) => isEmptyArray(m));
    if (empty.length > 0 && empty.length < types.length && types.some((m) => isArray(m))) {
      types = types.filter((m) => !empty.includes(m));
    }
    // `(A | B) & { kind: "a" }` keeps `B & { kind: "a" }` as a member that TypeScript reduces to
    // never (its properties are then none): no value has it, so it is no alternative either.
    const possible = types.filter((m) => !conflicting(m));
    if (possible.length > 0) types = possible;
    for (const m of types) {
      if (view.kind(m) === "undefined") {
        sawUndefined = true;
        continue;
      }
      const v = convert(m, path, pos, depth);
      if (v.type === "union") members.push(...v.value);
      else members.push(v);
    }
    if (sawUndefined) {
      // At the top `undefined` arrives as `null`; in an array it would throw, so it never arrives.
      if (pos === "top") members.push({ type: "null" });
      else if (members.length === 0) return degrade(path, "`undefined` is not a Convex value here");
    }
    if (unnamed.size === 0) return unionOf(members);
    return unionOf(
      members.map((m, i) =>
        fill(
          m,
          members.filter((_, j) => j !== i),
        ),
      ),
    );
  };

  /**
   * `{ page: [] } | { page: Row[] }` (an early `return { page: [], … }` beside a paginated query):
   * a client reads the union's `page` as `Row[]`, and an empty array is a value of that type, so
   * an empty array in `v` takes the element type its `siblings` name at the same place.
   */
  const fill = (v: ValidatorJSON, siblings: ValidatorJSON[]): ValidatorJSON => {
    const others = siblings.flatMap((s) => (s.type === "union" ? s.value : [s]));
    if (others.length === 0) return v;
    switch (v.type) {
      case "array": {
        const elements = others.flatMap((s) => (s.type === "array" ? [s.value] : []));
        if (!unnamed.has(v.value)) {
          const value = fill(v.value, elements);
          return value === v.value ? v : { type: "array", value };
        }
        const named = elements.filter((e) => !unnamed.has(e));
        if (named.length === 0) return v;
        unnamed.delete(v.value);
        return { type: "array", value: unionOf(named) };
      }
      case "object": {
        let changed = false;
        const fields: typeof v.value = {};
        for (const [key, field] of Object.entries(v.value)) {
          const same = others.flatMap((s) =>
            s.type === "object" && s.value[key] ? [s.value[key].fieldType] : [],
          );
          const fieldType = fill(field.fieldType, same);
          changed ||= fieldType !== field.fieldType;
          fields[key] = fieldType === field.fieldType ? field : { ...field, fieldType };
        }
        return changed ? { type: "object", value: fields } : v;
      }
      case "union": {
        const value = v.value.map((m) => fill(m, others));
        return value.every((m, i) => m === v.value[i]) ? v : unionOf(value);
      }
      default:
        return v;
    }
  };

  /** `never[]` (an empty array literal's type) or `[]` (the empty tuple). */
  const isEmptyArray = (t: T): boolean => {
    if (view.kind(t) !== "object") return false;
    const sequence = view.sequence(t);
    if (sequence?.kind === "tuple") return sequence.elements.length === 0;
    const [element] = sequence?.kind === "array" ? sequence.elements : [];
    return element !== undefined && view.kind(element) === "never";
  };
  const isArray = (t: T): boolean =>
    view.kind(t) === "object" && view.sequence(t) !== undefined && !isEmptyArray(t);

  /**
   * An intersection of object types that give one property different literal types (`{ kind: "b" }
   * & { kind: "a" }`): TypeScript's rule for discriminants makes it never.
   */
  const conflicting = (t: T): boolean => {
    if (view.kind(t) !== "intersection") return false;
    const tags = new Map<string, unknown>();
    for (const member of view.members(t)) {
      if (view.kind(member) !== "object") continue;
      for (const p of view.properties(member)) {
        if (p.optional || view.kind(p.type) !== "literal") continue;
        const value = view.literal(p.type);
        if (tags.has(p.name) && tags.get(p.name) !== value) return true;
        tags.set(p.name, value);
      }
    }
    return false;
  };

  const convertIntersection = (t: T, path: string, pos: Position, depth: number): ValidatorJSON => {
    const primitive = view.members(t).find((m) => view.primitive(m) !== undefined);
    if (primitive === undefined) return convertObject(t, path, depth);
    // Convex's `Id<"t">` is `string & { __tableName: "t" }`; other brands are phantom too.
    if (view.primitive(primitive) === "string") {
      const table = tableNameOfBrand(t);
      if (table) return table(path);
    }
    return convert(primitive, path, pos, depth);
  };

  /** The `id` validator(s) for an `Id` brand, or undefined when `t` carries no `__tableName`. */
  const tableNameOfBrand = (t: T): ((path: string) => ValidatorJSON) | undefined => {
    const table = view.propertyType(t, "__tableName");
    if (table === undefined) return undefined;
    const names = (view.kind(table) === "union" ? view.members(table) : [table]).map((m) => {
      if (view.kind(m) !== "literal") return undefined;
      const value = view.literal(m);
      return typeof value === "string" ? value : undefined;
    });
    if (names.some((n) => n === undefined)) {
      // `Id<string>`/`GenericId<TableNames>` unresolved: the value is still a string on the wire.
      return (path) => {
        notes.push({ path, reason: "`Id` of an unknown table: kept as `string`" });
        return { type: "string" };
      };
    }
    return () =>
      unionOf(names.map((tableName) => ({ type: "id", tableName: tableName as string })));
  };

  const convertObject = (t: T, path: string, depth: number): ValidatorJSON => {
    if (inProgress.has(t)) return degrade(path, "recursive type");
    const sequence = view.sequence(t);
    if (sequence?.kind === "tuple") {
      if (sequence.elements.length === 0) return degrade(path, "empty tuple: no element type");
      return withStack(t, () => ({
        type: "array",
        value: unionOf(sequence.elements.map((e) => convert(e, `${path}[]`, "element", depth + 1))),
      }));
    }
    if (sequence?.kind === "array") {
      const [element] = sequence.elements;
      if (element === undefined) return degrade(path, "array without element type");
      if (view.kind(element) === "never") return emptyArray(path);
      return withStack(t, () => ({
        type: "array",
        value: convert(element, `${path}[]`, "element", depth + 1),
      }));
    }
    const facts = view.objectFacts(t);
    if (facts.name === "ArrayBuffer" && facts.lib) return { type: "bytes" };
    if (facts.callable) return degrade(path, "functions are not Convex values");
    if (facts.isClass) {
      return degrade(
        path,
        `instances of class \`${facts.name}\` are not Convex values (only plain objects are)`,
      );
    }
    if (facts.constructable) return degrade(path, "constructors are not Convex values");
    // Date, Map, Set, Promise, Uint8Array…: built-in interfaces, none of them a Convex value.
    if (facts.isInterface && facts.lib) {
      return degrade(path, `\`${facts.name}\` is not a Convex value`);
    }
    return withStack(t, () => plainObject(t, path, depth));
  };

  const plainObject = (t: T, path: string, depth: number): ValidatorJSON => {
    const fields: Record<string, { fieldType: ValidatorJSON; optional: boolean }> = {};
    const propertyTypes: ValidatorJSON[] = [];
    for (const prop of view.properties(t)) {
      const key = prop.name;
      const fieldPath = `${path}.${key}`;
      const propType = prop.type;
      let optional = prop.optional;
      const kind = view.kind(propType);
      if (kind === "union") {
        const all = view.members(propType);
        const defined = all.filter((m) => view.kind(m) !== "undefined");
        if (defined.length < all.length) {
          // Convex drops `undefined` fields: to a reader that is an absent (optional) field.
          optional = true;
          if (defined.length === 0) continue;
          const fieldType = convertMembers(defined, fieldPath, "element", depth + 1);
          fields[key] = { fieldType, optional };
          propertyTypes.push(fieldType);
          continue;
        }
      } else if (kind === "undefined") {
        continue; // always `undefined`: the field never appears in the result
      }
      const fieldType = convert(propType, fieldPath, "element", depth + 1);
      fields[key] = { fieldType, optional };
      propertyTypes.push(fieldType);
    }
    const index = view.indexes(t).find((info) => isKeyLike(info.key));
    if (!index) return { type: "object", value: sortKeys(fields) };
    // Record<string, T> / { [k: string]: T }. Named properties beside the index signature are
    // folded into the value type: a Convex record cannot also list fixed fields.
    let keys: ValidatorJSON = { type: "string" };
    if (view.kind(index.key) === "intersection") {
      const id = tableNameOfBrand(index.key);
      if (id) keys = id(`${path}{key}`);
    }
    const values = convert(index.value, `${path}{}`, "element", depth + 1);
    return {
      type: "record",
      keys,
      values: { fieldType: unionOf([values, ...propertyTypes]), optional: false },
    };
  };

  /** String or number index keys, including branded ones (`Record<Id<"t">, V>` has key `string & {…}`). */
  const isKeyLike = (key: T): boolean => {
    const keyLike = (k: T) => {
      const p = view.primitive(k);
      return p === "string" || p === "number";
    };
    if (keyLike(key)) return true;
    return view.kind(key) === "intersection" && view.members(key).some(keyLike);
  };

  const withStack = (t: T, fn: () => ValidatorJSON): ValidatorJSON => {
    inProgress.add(t);
    try {
      return fn();
    } finally {
      inProgress.delete(t);
    }
  };

  // A handler that returns nothing: clients get `null` and ignore it, unlike a deliberate `null`.
  if (view.kind(type) === "undefined") return VOID;
  const result = convert(type, path, "top", 0);
  for (const at of unnamed.values()) notes.push({ path: at, reason: EMPTY_ARRAY });
  return result;
}

const EMPTY_ARRAY =
  "type is `never` (only an empty array `[]` is returned here: declare `returns` to name its elements)";

/** A canonical union: flattened, deduplicated, `true|false` merged to boolean, sorted, any-absorbing. */
export function unionOf(members: ValidatorJSON[]): ValidatorJSON {
  const flat: ValidatorJSON[] = [];
  for (const m of members) {
    if (m.type === "union") flat.push(...m.value);
    else flat.push(m);
  }
  if (flat.some((m) => m.type === "any")) return ANY;
  const byKey = new Map<string, ValidatorJSON>();
  for (const m of flat) byKey.set(canonicalKey(m), m);
  const hasTrue = byKey.has(canonicalKey({ type: "literal", value: true }));
  const hasFalse = byKey.has(canonicalKey({ type: "literal", value: false }));
  if ((hasTrue && hasFalse) || byKey.has(canonicalKey({ type: "boolean" }))) {
    byKey.delete(canonicalKey({ type: "literal", value: true }));
    byKey.delete(canonicalKey({ type: "literal", value: false }));
    byKey.set(canonicalKey({ type: "boolean" }), { type: "boolean" });
  }
  // A literal beside its own primitive adds nothing (`string | "a"` is `string`).
  for (const [key, m] of byKey) {
    if (m.type === "literal" && byKey.has(canonicalKey({ type: primitiveOfValue(m.value) })))
      byKey.delete(key);
  }
  const sorted = [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, m]) => m);
  if (sorted.length === 1 && sorted[0]) return sorted[0];
  if (sorted.length === 0) return ANY;
  return { type: "union", value: sorted };
}

function primitiveOfValue(value: unknown): "string" | "number" | "boolean" | "bigint" {
  if (typeof value === "string") return "string";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "number") return "number";
  return "bigint"; // `{ $integer }`
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key] as T;
  return out;
}

/** JSON with sorted keys: equal validators give equal strings. */
export function canonicalKey(v: unknown): string {
  return JSON.stringify(v, (_k, value: unknown) =>
    value && typeof value === "object" && !Array.isArray(value)
      ? sortKeys(value as Record<string, unknown>)
      : value,
  );
}

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
import ts from "./ts.ts";

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

/** `ts.TypeFlags.Primitive` is internal; these are the primitives a brand can sit on. */
const PRIMITIVE =
  ts.TypeFlags.StringLike |
  ts.TypeFlags.NumberLike |
  ts.TypeFlags.BigIntLike |
  ts.TypeFlags.BooleanLike;

/**
 * Converts `type` (already unwrapped from `Promise`) to the validator JSON of a function's result.
 * Degradations to `any` are appended to `notes`.
 */
export function typeToValidator(
  checker: ts.TypeChecker,
  type: ts.Type,
  notes: Degradation[],
  isLibFile: (file: ts.SourceFile) => boolean,
): ValidatorJSON {
  const inProgress = new Set<ts.Type>();

  const degrade = (path: string, reason: string): ValidatorJSON => {
    notes.push({ path, reason });
    return ANY;
  };

  const convert = (t: ts.Type, path: string, pos: Position, depth: number): ValidatorJSON => {
    if (depth > MAX_DEPTH)
      return degrade(path, `nested deeper than ${MAX_DEPTH} levels (recursive type?)`);
    const f = t.flags;
    if (f & ts.TypeFlags.Any) return degrade(path, "type is `any`");
    if (f & ts.TypeFlags.Unknown) return degrade(path, "type is `unknown`");
    if (f & ts.TypeFlags.Never)
      return degrade(path, "type is `never` (the function never returns normally?)");
    if (f & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) {
      // Convex sends `null` for a function that returns `undefined`; inside an array it throws.
      return pos === "top"
        ? { type: "null" }
        : degrade(path, "`undefined` is not a Convex value here");
    }
    if (f & ts.TypeFlags.Null) return { type: "null" };
    if (f & ts.TypeFlags.StringLiteral)
      return { type: "literal", value: (t as ts.StringLiteralType).value };
    if (f & ts.TypeFlags.NumberLiteral)
      return { type: "literal", value: (t as ts.NumberLiteralType).value };
    if (f & ts.TypeFlags.BigIntLiteral) {
      const { negative, base10Value } = (t as ts.BigIntLiteralType).value;
      return {
        type: "literal",
        value: convexToJson(BigInt(`${negative ? "-" : ""}${base10Value}`)),
      };
    }
    if (f & ts.TypeFlags.BooleanLiteral)
      return { type: "literal", value: t === checker.getTrueType() };
    if (f & ts.TypeFlags.Union) return convertUnion(t as ts.UnionType, path, pos, depth);
    if (f & ts.TypeFlags.String) return { type: "string" };
    if (f & ts.TypeFlags.Number) return { type: "number" };
    if (f & ts.TypeFlags.BigInt) return { type: "bigint" };
    if (f & ts.TypeFlags.Boolean) return { type: "boolean" };
    // `prefix-${string}`, Uppercase<string>: strings the type system knows more about than Convex.
    if (f & (ts.TypeFlags.TemplateLiteral | ts.TypeFlags.StringMapping)) return { type: "string" };
    if (f & ts.TypeFlags.ESSymbolLike) return degrade(path, "symbols are not Convex values");
    if (f & ts.TypeFlags.NonPrimitive)
      return degrade(path, "`object` says nothing about the fields");
    if (f & ts.TypeFlags.Intersection)
      return convertIntersection(t as ts.IntersectionType, path, pos, depth);
    if (f & ts.TypeFlags.Object) return convertObject(t as ts.ObjectType, path, depth);
    if (
      f &
      (ts.TypeFlags.TypeParameter |
        ts.TypeFlags.Index |
        ts.TypeFlags.IndexedAccess |
        ts.TypeFlags.Conditional)
    ) {
      return degrade(path, `generic type \`${checker.typeToString(t)}\` is not resolved here`);
    }
    return degrade(path, `unsupported type \`${checker.typeToString(t)}\``);
  };

  const convertUnion = (
    u: ts.UnionType,
    path: string,
    pos: Position,
    depth: number,
  ): ValidatorJSON => convertMembers(u.types, path, pos, depth);

  const convertMembers = (
    types: readonly ts.Type[],
    path: string,
    pos: Position,
    depth: number,
  ): ValidatorJSON => {
    const members: ValidatorJSON[] = [];
    let sawUndefined = false;
    for (const m of types) {
      if (m.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) {
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
    return unionOf(members);
  };

  const convertIntersection = (
    t: ts.IntersectionType,
    path: string,
    pos: Position,
    depth: number,
  ): ValidatorJSON => {
    const primitive = t.types.find((m) => m.flags & PRIMITIVE);
    if (!primitive) return convertObject(t, path, depth);
    // Convex's `Id<"t">` is `string & { __tableName: "t" }`; other brands are phantom too.
    if (primitive.flags & ts.TypeFlags.StringLike) {
      const table = tableNameOfBrand(t);
      if (table) return table(path);
    }
    return convert(primitive, path, pos, depth);
  };

  /** The `id` validator(s) for an `Id` brand, or undefined when `t` carries no `__tableName`. */
  const tableNameOfBrand = (t: ts.Type): ((path: string) => ValidatorJSON) | undefined => {
    const brand = t.getProperty("__tableName");
    if (!brand) return undefined;
    const table = checker.getTypeOfSymbol(brand);
    const names = (table.flags & ts.TypeFlags.Union ? (table as ts.UnionType).types : [table]).map(
      (m) => (m.flags & ts.TypeFlags.StringLiteral ? (m as ts.StringLiteralType).value : undefined),
    );
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

  const convertObject = (t: ts.Type, path: string, depth: number): ValidatorJSON => {
    if (inProgress.has(t)) return degrade(path, "recursive type");
    if (checker.isTupleType(t)) {
      const elements = checker.getTypeArguments(t as ts.TypeReference);
      if (elements.length === 0) return degrade(path, "empty tuple: no element type");
      return withStack(t, () => ({
        type: "array",
        value: unionOf(elements.map((e) => convert(e, `${path}[]`, "element", depth + 1))),
      }));
    }
    if (checker.isArrayType(t)) {
      const [element] = checker.getTypeArguments(t as ts.TypeReference);
      if (!element) return degrade(path, "array without element type");
      return withStack(t, () => ({
        type: "array",
        value: convert(element, `${path}[]`, "element", depth + 1),
      }));
    }
    const symbol = t.getSymbol();
    const name = symbol?.getName();
    if (symbol && name === "ArrayBuffer" && declaredInLib(symbol)) return { type: "bytes" };
    if (checker.getSignaturesOfType(t, ts.SignatureKind.Call).length > 0) {
      return degrade(path, "functions are not Convex values");
    }
    if (symbol && symbol.flags & ts.SymbolFlags.Class) {
      return degrade(
        path,
        `instances of class \`${name}\` are not Convex values (only plain objects are)`,
      );
    }
    if (checker.getSignaturesOfType(t, ts.SignatureKind.Construct).length > 0) {
      return degrade(path, "constructors are not Convex values");
    }
    // Date, Map, Set, Promise, Uint8Array…: built-in interfaces, none of them a Convex value.
    if (symbol && symbol.flags & ts.SymbolFlags.Interface && declaredInLib(symbol)) {
      return degrade(path, `\`${name}\` is not a Convex value`);
    }
    return withStack(t, () => plainObject(t, path, depth));
  };

  const plainObject = (t: ts.Type, path: string, depth: number): ValidatorJSON => {
    const fields: Record<string, { fieldType: ValidatorJSON; optional: boolean }> = {};
    const propertyTypes: ValidatorJSON[] = [];
    for (const prop of checker.getPropertiesOfType(t)) {
      const key = prop.getName();
      // Symbol-keyed properties (`__@iterator@12`) never reach the wire.
      if (key.startsWith("__@")) continue;
      const fieldPath = `${path}.${key}`;
      const propType = checker.getTypeOfSymbol(prop);
      let optional = (prop.flags & ts.SymbolFlags.Optional) !== 0;
      if (propType.flags & ts.TypeFlags.Union) {
        const defined = (propType as ts.UnionType).types.filter(
          (m) => !(m.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)),
        );
        if (defined.length < (propType as ts.UnionType).types.length) {
          // Convex drops `undefined` fields: to a reader that is an absent (optional) field.
          optional = true;
          if (defined.length === 0) continue;
          const fieldType = convertMembers(defined, fieldPath, "element", depth + 1);
          fields[key] = { fieldType, optional };
          propertyTypes.push(fieldType);
          continue;
        }
      } else if (propType.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) {
        continue; // always `undefined`: the field never appears in the result
      }
      const fieldType = convert(propType, fieldPath, "element", depth + 1);
      fields[key] = { fieldType, optional };
      propertyTypes.push(fieldType);
    }
    const index = checker.getIndexInfosOfType(t).find((info) => isKeyLike(info.keyType));
    if (!index) return { type: "object", value: sortKeys(fields) };
    // Record<string, T> / { [k: string]: T }. Named properties beside the index signature are
    // folded into the value type: a Convex record cannot also list fixed fields.
    let keys: ValidatorJSON = { type: "string" };
    if (index.keyType.flags & ts.TypeFlags.Intersection) {
      const id = tableNameOfBrand(index.keyType);
      if (id) keys = id(`${path}{key}`);
    }
    const values = convert(index.type, `${path}{}`, "element", depth + 1);
    return {
      type: "record",
      keys,
      values: { fieldType: unionOf([values, ...propertyTypes]), optional: false },
    };
  };

  const withStack = (t: ts.Type, fn: () => ValidatorJSON): ValidatorJSON => {
    inProgress.add(t);
    try {
      return fn();
    } finally {
      inProgress.delete(t);
    }
  };

  const declaredInLib = (symbol: ts.Symbol): boolean => {
    const decls = symbol.getDeclarations() ?? [];
    return decls.length > 0 && decls.every((d) => isLibFile(d.getSourceFile()));
  };

  return convert(type, "returns", "top", 0);
}

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
    if (m.type === "literal" && byKey.has(canonicalKey({ type: primitiveOf(m.value) })))
      byKey.delete(key);
  }
  const sorted = [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, m]) => m);
  if (sorted.length === 1 && sorted[0]) return sorted[0];
  if (sorted.length === 0) return ANY;
  return { type: "union", value: sorted };
}

/** String or number index keys, including branded ones (`Record<Id<"t">, V>` has key `string & {…}`). */
function isKeyLike(key: ts.Type): boolean {
  const keyFlags = ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike;
  if (key.flags & keyFlags) return true;
  return key.flags & ts.TypeFlags.Intersection
    ? (key as ts.IntersectionType).types.some((m) => m.flags & keyFlags)
    : false;
}

function primitiveOf(value: unknown): "string" | "number" | "boolean" | "bigint" {
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

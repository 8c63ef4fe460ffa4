/**
 * What `convert.ts` asks about a type. `native/view.ts` answers it from typescript@7's checker over
 * IPC; the conversion rules stay free of the IPC details, and tests can read them on their own.
 */

/** The kinds of type the conversion tells apart, in the order it tests them. */
export type Kind =
  | "any"
  | "unknown"
  | "never"
  /** `undefined` or `void`. */
  | "undefined"
  | "null"
  | "literal"
  | "union"
  | "string"
  | "number"
  | "bigint"
  | "boolean"
  /** Template literal or `Uppercase<…>`-style string mapping: a string on the wire. */
  | "template"
  | "symbol"
  /** The `object` keyword. */
  | "nonPrimitive"
  | "intersection"
  | "object"
  /** A type parameter, `keyof`, `T[K]` or conditional type the checker left unresolved. */
  | "generic"
  | "other";

/** The `TypeFlags` members `kindOf` reads; both compilers' enums have them (with other values). */
export interface FlagSet {
  Any: number;
  Unknown: number;
  Never: number;
  Undefined: number;
  Void: number;
  Null: number;
  StringLiteral: number;
  NumberLiteral: number;
  BigIntLiteral: number;
  BooleanLiteral: number;
  Union: number;
  String: number;
  Number: number;
  BigInt: number;
  Boolean: number;
  TemplateLiteral: number;
  StringMapping: number;
  ESSymbolLike: number;
  NonPrimitive: number;
  Intersection: number;
  Object: number;
  TypeParameter: number;
  Index: number;
  IndexedAccess: number;
  Conditional: number;
  StringLike: number;
  NumberLike: number;
  BigIntLike: number;
  BooleanLike: number;
}

/**
 * The kind of a type from its flags. Order matters: `boolean` is a union of two literals and
 * is read as one; an enum literal is a literal before it is a number.
 */
export function kindOf(f: number, F: FlagSet): Kind {
  if (f & F.Any) return "any";
  if (f & F.Unknown) return "unknown";
  if (f & F.Never) return "never";
  if (f & (F.Undefined | F.Void)) return "undefined";
  if (f & F.Null) return "null";
  if (f & (F.StringLiteral | F.NumberLiteral | F.BigIntLiteral | F.BooleanLiteral))
    return "literal";
  if (f & F.Union) return "union";
  if (f & F.String) return "string";
  if (f & F.Number) return "number";
  if (f & F.BigInt) return "bigint";
  if (f & F.Boolean) return "boolean";
  if (f & (F.TemplateLiteral | F.StringMapping)) return "template";
  if (f & F.ESSymbolLike) return "symbol";
  if (f & F.NonPrimitive) return "nonPrimitive";
  if (f & F.Intersection) return "intersection";
  if (f & F.Object) return "object";
  if (f & (F.TypeParameter | F.Index | F.IndexedAccess | F.Conditional)) return "generic";
  return "other";
}

/** Which primitive a type is, for brands (`string & { __tableName: "t" }`) and record keys. */
export function primitiveOf(f: number, F: FlagSet): "string" | "number" | "other" | undefined {
  if (f & F.StringLike) return "string";
  if (f & F.NumberLike) return "number";
  if (f & (F.BigIntLike | F.BooleanLike)) return "other";
  return undefined;
}

/**
 * Whether a property name can reach the wire: both compilers name symbol-keyed members
 * (`[Symbol.iterator]`, `[tag]` of a `unique symbol`) `__@…`, and a client never sees them.
 */
export function isStringKey(name: string): boolean {
  return !name.startsWith("__@");
}

/** What decides whether an object type is a plain object (a Convex value) or something else. */
export interface ObjectFacts {
  /** Its symbol's name (`Date`, `ArrayBuffer`, a class or interface name), if it has one. */
  name: string | undefined;
  /** Every declaration of its symbol is in the default lib (`lib.*.d.ts`). */
  lib: boolean;
  isClass: boolean;
  isInterface: boolean;
  callable: boolean;
  constructable: boolean;
}

/** A property a client can read: string-keyed (symbol keys never reach the wire). */
export interface PropertyFacts<T> {
  name: string;
  /** Declared with `?`. */
  optional: boolean;
  type: T;
}

export interface TypeView<T> {
  /** `T` values must be stable per type (the same object for the same type): recursion is found by identity. */
  kind(t: T): Kind;
  /** Literal value of a `literal` kind. */
  literal(t: T): string | number | boolean | bigint;
  /** Members of a `union` or `intersection`. */
  members(t: T): readonly T[];
  /** See `primitiveOf`. */
  primitive(t: T): "string" | "number" | "other" | undefined;
  /** The type as the compiler prints it, for degradation reasons. */
  text(t: T): string;
  /** Tuple elements or array element, when `t` is one. */
  sequence(t: T): { kind: "tuple" | "array"; elements: readonly T[] } | undefined;
  objectFacts(t: T): ObjectFacts;
  properties(t: T): readonly PropertyFacts<T>[];
  /** Index signatures (`Record<string, V>`, `{ [k: string]: V }`), key and value types. */
  indexes(t: T): readonly { key: T; value: T }[];
  /** The type of property `name` of `t`, if it has one. */
  propertyType(t: T, name: string): T | undefined;
}

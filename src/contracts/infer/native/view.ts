/**
 * `TypeView` over typescript@7's native checker (`typescript/unstable/sync`). Every checker call is
 * a round trip to the `tsgo` process, and 1,000 functions returning the same few documents ask the
 * same questions again and again, so each answer is kept per type for the view's lifetime (one
 * inference run, one snapshot: types never change under it).
 */
import {
  type Checker,
  type LiteralType,
  type NodeHandle,
  ObjectFlags,
  type ObjectType,
  type Program,
  SignatureKind,
  SymbolFlags,
  type Symbol as TsSymbol,
  type Type,
  TypeFlags,
  type TypeReference,
} from "typescript/unstable/sync";
import {
  isStringKey,
  type Kind,
  kindOf,
  type ObjectFacts,
  type PropertyFacts,
  primitiveOf,
  type TypeView,
} from "../view.ts";

/** The lib's array interfaces: a reference to one is an array (as `checker.isArrayType` says). */
const ARRAYS = new Set(["Array", "ReadonlyArray"]);

export function nativeTypeView(checker: Checker, program: Program): TypeView<Type> {
  const memo = <R>(fn: (t: Type) => R): ((t: Type) => R) => {
    const seen = new Map<Type, R>();
    return (t) => {
      if (seen.has(t)) return seen.get(t) as R;
      const value = fn(t);
      seen.set(t, value);
      return value;
    };
  };
  const libFiles = new Map<string, boolean>();
  const isLibPath = (path: NodeHandle["path"]): boolean => {
    let lib = libFiles.get(path);
    if (lib === undefined) {
      lib = program.getSourceFileMetadataByPath(path)?.isDefaultLibrary ?? false;
      libFiles.set(path, lib);
    }
    return lib;
  };
  const declaredInLib = (symbol: TsSymbol): boolean =>
    symbol.declarations.length > 0 && symbol.declarations.every((d) => isLibPath(d.path));

  const propertyTypes = memo((t): readonly PropertyFacts<Type>[] => {
    const props = checker.getPropertiesOfType(t).filter((p) => isStringKey(p.name));
    if (props.length === 0) return [];
    const types = checker.getTypeOfSymbol(props); // one round trip for all of them
    return props.map((p, i) => ({
      name: p.name,
      optional: (p.flags & SymbolFlags.Optional) !== 0,
      type: types[i] ?? checker.getAnyType(),
    }));
  });

  const brands = new Map<string, Type | undefined>();
  return {
    kind: (t): Kind => kindOf(t.flags, TypeFlags),
    literal: (t) => (t as LiteralType).value,
    members: memo((t) => (t.isUnionType() || t.isIntersectionType() ? t.getTypes() : [])),
    primitive: (t) => primitiveOf(t.flags, TypeFlags),
    text: (t) => checker.typeToString(t),
    // What `checker.isTupleType`/`isArrayType` decide, read from the reference's target (one round
    // trip per distinct target, not per type): most objects a handler returns are no reference.
    sequence: memo((t) => {
      if (!(t.flags & TypeFlags.Object)) return undefined;
      if (!((t as ObjectType).objectFlags & ObjectFlags.Reference)) return undefined;
      const target = (t as TypeReference).getTarget() as ObjectType;
      if (target.objectFlags & ObjectFlags.Tuple)
        return { kind: "tuple", elements: checker.getTypeArguments(t as TypeReference) };
      const symbol = target.getSymbol();
      // `some`: packages augment the global `Array` (`declare global`), which adds declarations.
      if (symbol && ARRAYS.has(symbol.name) && symbol.declarations.some((d) => isLibPath(d.path)))
        return { kind: "array", elements: checker.getTypeArguments(t as TypeReference) };
      return undefined;
    }),
    objectFacts: memo((t): ObjectFacts => {
      const symbol = t.getSymbol();
      // Object literals and mapped types (`Doc<…>`) never have call or construct signatures.
      const plain =
        (symbol !== undefined && (symbol.flags & SymbolFlags.ObjectLiteral) !== 0) ||
        ((t.flags & TypeFlags.Object) !== 0 &&
          ((t as ObjectType).objectFlags & ObjectFlags.Mapped) !== 0);
      return {
        name: symbol?.name,
        lib: symbol !== undefined && declaredInLib(symbol),
        isClass: symbol !== undefined && (symbol.flags & SymbolFlags.Class) !== 0,
        isInterface: symbol !== undefined && (symbol.flags & SymbolFlags.Interface) !== 0,
        callable: !plain && checker.getSignaturesOfType(t, SignatureKind.Call).length > 0,
        constructable: !plain && checker.getSignaturesOfType(t, SignatureKind.Construct).length > 0,
      };
    }),
    properties: propertyTypes,
    indexes: memo((t) =>
      checker.getIndexInfosOfType(t).map((info) => ({ key: info.keyType, value: info.valueType })),
    ),
    // Only ever asked for `__tableName` (is this an `Id`?), once per branded type.
    propertyType: (t, name) => {
      const key = `${t.id}:${name}`;
      if (!brands.has(key)) {
        const symbol = checker.getPropertyOfType(t, name);
        brands.set(key, symbol && checker.getTypeOfSymbol(symbol));
      }
      return brands.get(key);
    },
  };
}

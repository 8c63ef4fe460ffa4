/**
 * `TypeView` over typescript@7's native checker (`typescript/unstable/sync`). Every checker call is
 * a round trip to the `tsgo` process, and 1,000 functions returning the same few documents ask the
 * same questions again and again, so each answer is kept per type for the view's lifetime (one
 * inference run, one snapshot: types never change under it).
 */
import {
  type Checker,
  type Program,
  SignatureKind,
  SymbolFlags,
  type Symbol as TsSymbol,
  type Type,
  TypeFlags,
  type TypeReference,
} from "typescript/unstable/sync";
import {
  type Kind,
  kindOf,
  type ObjectFacts,
  type PropertyFacts,
  primitiveOf,
  type TypeView,
} from "../view.ts";

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
  const isLibPath = (path: string): boolean => {
    let lib = libFiles.get(path);
    if (lib === undefined) {
      lib = program.getSourceFileMetadataByPath(path as never)?.isDefaultLibrary ?? false;
      libFiles.set(path, lib);
    }
    return lib;
  };
  const declaredInLib = (symbol: TsSymbol): boolean =>
    symbol.declarations.length > 0 && symbol.declarations.every((d) => isLibPath(d.path));

  const propertyTypes = memo((t): readonly PropertyFacts<Type>[] => {
    // Symbol-keyed members (`[Symbol.iterator]`) never reach the wire; their names are internal.
    const props = checker
      .getPropertiesOfType(t)
      .filter((p) => !p.name.startsWith("__@") && !p.name.startsWith("\u00fe"));
    if (props.length === 0) return [];
    const types = checker.getTypeOfSymbol(props); // one round trip for all of them
    return props.map((p, i) => ({
      name: p.name,
      optional: (p.flags & SymbolFlags.Optional) !== 0,
      type: types[i] ?? checker.getAnyType(),
    }));
  });

  return {
    kind: (t): Kind => kindOf(t.flags, TypeFlags),
    literal: (t) => {
      const value = (t as Type & { value: string | number | boolean | bigint }).value;
      return value;
    },
    members: memo((t) => (t.isUnionType() || t.isIntersectionType() ? t.getTypes() : [])),
    primitive: (t) => primitiveOf(t.flags, TypeFlags),
    text: (t) => checker.typeToString(t),
    sequence: memo((t) => {
      if (!(t.flags & TypeFlags.Object)) return undefined;
      if (checker.isTupleType(t))
        return { kind: "tuple", elements: checker.getTypeArguments(t as TypeReference) };
      if (checker.isArrayType(t))
        return { kind: "array", elements: checker.getTypeArguments(t as TypeReference) };
      return undefined;
    }),
    objectFacts: memo((t): ObjectFacts => {
      const symbol = t.getSymbol();
      return {
        name: symbol?.name,
        lib: symbol !== undefined && declaredInLib(symbol),
        isClass: symbol !== undefined && (symbol.flags & SymbolFlags.Class) !== 0,
        isInterface: symbol !== undefined && (symbol.flags & SymbolFlags.Interface) !== 0,
        callable: checker.getSignaturesOfType(t, SignatureKind.Call).length > 0,
        constructable: checker.getSignaturesOfType(t, SignatureKind.Construct).length > 0,
      };
    }),
    properties: propertyTypes,
    indexes: memo((t) =>
      checker.getIndexInfosOfType(t).map((info) => ({ key: info.keyType, value: info.valueType })),
    ),
    propertyType: (t, name) => {
      const symbol = checker.getPropertyOfType(t, name);
      return symbol && checker.getTypeOfSymbol(symbol);
    },
  };
}

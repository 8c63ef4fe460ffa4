/**
 * `TypeView` over the TypeScript 5.9 JavaScript API: every answer is a direct checker call, in
 * process, so nothing here is cached.
 */
import ts from "./ts.ts";
import {
  isStringKey,
  type Kind,
  kindOf,
  type ObjectFacts,
  primitiveOf,
  type TypeView,
} from "./view.ts";

export function tsTypeView(
  checker: ts.TypeChecker,
  isLibFile: (file: ts.SourceFile) => boolean,
): TypeView<ts.Type> {
  const declaredInLib = (symbol: ts.Symbol): boolean => {
    const decls = symbol.getDeclarations() ?? [];
    return decls.length > 0 && decls.every((d) => isLibFile(d.getSourceFile()));
  };
  return {
    kind: (t): Kind => kindOf(t.flags, ts.TypeFlags),
    literal: (t) => {
      if (t.flags & ts.TypeFlags.BooleanLiteral) return t === checker.getTrueType();
      if (t.flags & ts.TypeFlags.BigIntLiteral) {
        const { negative, base10Value } = (t as ts.BigIntLiteralType).value;
        return BigInt(`${negative ? "-" : ""}${base10Value}`);
      }
      return (t as ts.StringLiteralType | ts.NumberLiteralType).value;
    },
    members: (t) => (t as ts.UnionOrIntersectionType).types,
    primitive: (t) => primitiveOf(t.flags, ts.TypeFlags),
    text: (t) => checker.typeToString(t),
    sequence: (t) => {
      if (checker.isTupleType(t))
        return { kind: "tuple", elements: checker.getTypeArguments(t as ts.TypeReference) };
      if (checker.isArrayType(t))
        return { kind: "array", elements: checker.getTypeArguments(t as ts.TypeReference) };
      return undefined;
    },
    objectFacts: (t): ObjectFacts => {
      const symbol = t.getSymbol();
      return {
        name: symbol?.getName(),
        lib: symbol !== undefined && declaredInLib(symbol),
        isClass: symbol !== undefined && (symbol.flags & ts.SymbolFlags.Class) !== 0,
        isInterface: symbol !== undefined && (symbol.flags & ts.SymbolFlags.Interface) !== 0,
        callable: checker.getSignaturesOfType(t, ts.SignatureKind.Call).length > 0,
        constructable: checker.getSignaturesOfType(t, ts.SignatureKind.Construct).length > 0,
      };
    },
    properties: (t) =>
      checker
        .getPropertiesOfType(t)
        .filter((p) => isStringKey(p.getName()))
        .map((p) => ({
          name: p.getName(),
          optional: (p.flags & ts.SymbolFlags.Optional) !== 0,
          type: checker.getTypeOfSymbol(p),
        })),
    indexes: (t) =>
      checker.getIndexInfosOfType(t).map((info) => ({ key: info.keyType, value: info.type })),
    propertyType: (t, name) => {
      const symbol = t.getProperty(name);
      return symbol && checker.getTypeOfSymbol(symbol);
    },
  };
}

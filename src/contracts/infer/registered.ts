/**
 * Reading a Convex export's type: is it a registered function, what does it return, and did the
 * author declare a `returns` validator (then the validator is the contract and we stay out).
 */
import { REGISTERED } from "./messages.ts";
import ts from "./ts.ts";

export type ExportKind =
  | { kind: "function"; returns: ts.Type }
  /** Has Convex's registered-function marker but not the alias: Returns is lost (see CONVEX-FACTS). */
  | { kind: "opaque-function" }
  | { kind: "other" };

export function classifyExport(checker: ts.TypeChecker, type: ts.Type): ExportKind {
  const alias = type.aliasSymbol;
  const args = type.aliasTypeArguments;
  if (alias && REGISTERED.has(alias.getName()) && args?.length === 3 && args[2]) {
    return { kind: "function", returns: checker.getAwaitedType(args[2]) ?? args[2] };
  }
  // Structurally a registered function (the runtime flags are in the type even when the alias is lost).
  const marker = type.getProperty("isConvexFunction");
  const isTrue = marker !== undefined && checker.getTypeOfSymbol(marker) === checker.getTrueType();
  const kinds = ["isQuery", "isMutation", "isAction"].some(
    (k) => type.getProperty(k) !== undefined,
  );
  if (isTrue && kinds) return { kind: "opaque-function" };
  return { kind: "other" };
}

/**
 * True when the export is written `builder({ …, returns: … })`: Convex then validates (and the
 * function spec shows) the declared validator, which beats anything inferred.
 */
export function declaresReturns(symbol: ts.Symbol): boolean {
  const decl = symbol.valueDeclaration ?? symbol.getDeclarations()?.[0];
  if (!decl) return false;
  let expr: ts.Expression | undefined;
  if (ts.isVariableDeclaration(decl)) expr = decl.initializer;
  else if (ts.isExportAssignment(decl)) expr = decl.expression;
  while (
    expr &&
    (ts.isAsExpression(expr) ||
      ts.isSatisfiesExpression(expr) ||
      ts.isParenthesizedExpression(expr))
  ) {
    expr = expr.expression;
  }
  if (!expr || !ts.isCallExpression(expr)) return false;
  const [first] = expr.arguments;
  if (!first || !ts.isObjectLiteralExpression(first)) return false;
  return first.properties.some(
    (p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === "returns",
  );
}

/**
 * The export walk: which exports are registered Convex functions, whether they declare `returns`,
 * and what their handlers return. Asked in batches (one round trip for every module symbol, one for
 * every export's type), because each checker call crosses a process boundary.
 */
import { performance } from "node:perf_hooks";
import { type Node, SyntaxKind } from "typescript/unstable/ast";
import {
  type Checker,
  type Project,
  SignatureKind,
  SymbolFlags,
  type Symbol as TsSymbol,
  type Type,
  TypeFlags,
  type TypeReference,
} from "typescript/unstable/sync";
import type { ValidatorJSON } from "../../../meta.ts";
import { anyObject } from "../../../model.ts";
import { type Degradation, typeToValidator, unionOf } from "../convert.ts";
import type { EntryFile } from "../entries.ts";
import type { WalkResult } from "../index.ts";
import { anyFunction, degraded, notFound, opaqueFunction, REGISTERED } from "../messages.ts";
import type { TypeView } from "../view.ts";

export function collectNativeContracts(
  project: Project,
  view: TypeView<Type>,
  entries: EntryFile[],
  wanted?: Set<string>,
  argsOf?: Set<string>,
): WalkResult {
  const t0 = performance.now();
  const { checker, program } = project;
  const diagnostics: string[] = [];
  const files = entries.flatMap((entry) => {
    const file = program.getSourceFile(entry.path);
    return file ? [{ entry, file }] : [];
  });
  const moduleSymbols = checker.getSymbolAtLocation(files.map((f) => f.file));
  const candidates: { id: string; symbol: TsSymbol }[] = [];
  files.forEach(({ entry }, i) => {
    const moduleSymbol = moduleSymbols[i];
    if (!moduleSymbol) return; // not a module: the bundler skips it too
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const id = `${entry.module}:${exported.name}`;
      if (wanted && !wanted.has(id)) continue;
      const symbol =
        exported.flags & SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (!(symbol.flags & SymbolFlags.Value)) continue; // type-only export
      // Before asking for the type: checking a handler's body is the expensive part of inference.
      if (!wanted && declaresReturns(symbol, project)) continue;
      candidates.push({ id, symbol });
    }
  });
  const types = checker.getTypeOfSymbol(candidates.map((c) => c.symbol));
  const pending: { id: string; returns: Type | undefined; args?: Type }[] = [];
  /** Registered functions (to the loader) whose type TypeScript gave up on: see below. */
  const untyped: { id: string; symbol: TsSymbol }[] = [];
  candidates.forEach(({ id, symbol }, i) => {
    const type = types[i];
    const kind = type ? classifyExport(checker, type) : "other";
    if (kind === "other") {
      if (wanted && type && type.flags & TypeFlags.Any) untyped.push({ id, symbol });
      return;
    }
    if (kind === "opaque-function") {
      diagnostics.push(opaqueFunction(id));
      pending.push({ id, returns: undefined });
      return;
    }
    pending.push({ id, returns: kind.returns, ...(kind.args ? { args: kind.args } : {}) });
  });
  pending.push(...handlersOf(checker, project, untyped, diagnostics));
  if (wanted) {
    const found = new Set(pending.map((p) => p.id));
    const said = new Set(untyped.map((u) => u.id));
    for (const id of wanted) if (!found.has(id) && !said.has(id)) diagnostics.push(notFound(id));
  }
  const t1 = performance.now();
  const contracts: Record<string, ValidatorJSON> = {};
  const argsContracts: Record<string, ValidatorJSON> = {};
  const symbols = new Map(candidates.map((c) => [c.id, c.symbol]));
  for (const { id, returns, args } of pending) {
    if (argsOf?.has(id)) {
      // Best effort, said nowhere: a place that degrades takes any value (compat's argsContract).
      const inferred = args && typeToValidator(view, args, [], "args");
      // A handler without an args parameter registers Convex's default (any object), yet typed
      // clients can only call it with `{}`: that is what they send (seen on a public app, where
      // optional args added later read as "narrowed from any").
      const symbol = symbols.get(id);
      const saysNothing = !inferred || inferred.type === "any" || anyObject(inferred);
      if (saysNothing && symbol && takesNoArgs(symbol, project))
        argsContracts[id] = { type: "object", value: {} };
      else if (inferred) argsContracts[id] = inferred;
    }
    const notes: Degradation[] = [];
    contracts[id] =
      returns === undefined
        ? typeToValidator(view, checker.getAnyType(), notes)
        : awaitedToValidator(checker, view, returns, notes);
    if (notes.length > 0) diagnostics.push(degraded(id, notes));
  }
  return {
    contracts,
    args: argsContracts,
    diagnostics,
    typesMs: t1 - t0,
    convertMs: performance.now() - t1,
  };
}

/** The handler's result type, or whether the export is a function whose result type is lost. */
function classifyExport(
  checker: Checker,
  type: Type,
): { returns: Type; args: Type | undefined } | "opaque-function" | "other" {
  const alias = type.getAliasSymbol();
  if (alias && REGISTERED.has(alias.name)) {
    const args = type.getAliasTypeArguments();
    if (args.length === 3 && args[2]) return { returns: args[2], args: args[1] };
  }
  // Structurally a registered function (the runtime flags are in the type even when the alias is lost).
  const marker = checker.getPropertyOfType(type, "isConvexFunction");
  const markerType = marker && checker.getTypeOfSymbol(marker);
  const isTrue =
    markerType !== undefined &&
    (markerType.flags & TypeFlags.BooleanLiteral) !== 0 &&
    (markerType as Type & { value: unknown }).value === true;
  if (!isTrue) return "other";
  const kinds = ["isQuery", "isMutation", "isAction"].some(
    (k) => checker.getPropertyOfType(type, k) !== undefined,
  );
  return kinds ? "opaque-function" : "other";
}

/**
 * Registrations TypeScript typed as `any` (a type error in the call, often TS2589 in large apps):
 * the handler's own return type, read from the function written in the call, is what the
 * registered type would have carried. When there is none to read, a diagnostic says why.
 */
function handlersOf(
  checker: Checker,
  project: Project,
  untyped: readonly { id: string; symbol: TsSymbol }[],
  diagnostics: string[],
): { id: string; returns: Type }[] {
  const found = untyped.map(({ id, symbol }) => ({ id, node: handlerNode(symbol, project) }));
  const withNode = found.filter((f): f is { id: string; node: Node } => f.node !== undefined);
  const types = checker.getTypeAtLocation(withNode.map((f) => f.node));
  const returns = new Map<string, Type>();
  withNode.forEach(({ id }, i) => {
    const type = types[i];
    const [signature] = type ? checker.getSignaturesOfType(type, SignatureKind.Call) : [];
    const result = signature && checker.getReturnTypeOfSignature(signature);
    if (result && !(result.flags & TypeFlags.Any)) returns.set(id, result);
  });
  for (const { id } of found) if (!returns.has(id)) diagnostics.push(anyFunction(id));
  return [...returns].map(([id, type]) => ({ id, returns: type }));
}

/** Its handler declares no args parameter (`handler: async (ctx) => …`). */
function takesNoArgs(symbol: TsSymbol, project: Project): boolean {
  const handler = handlerNode(symbol, project) as
    | (Node & { parameters?: readonly Node[] })
    | undefined;
  return handler?.parameters !== undefined && handler.parameters.length < 2;
}

/** The function a registration is built from: `builder({ handler })`, `builder(fn)`. */
function handlerNode(symbol: TsSymbol, project: Project): Node | undefined {
  const call = registrationCall(symbol, project);
  const [first] = call?.arguments ?? [];
  if (!first) return undefined;
  if (first.kind === SyntaxKind.ArrowFunction || first.kind === SyntaxKind.FunctionExpression)
    return first;
  if (first.kind !== SyntaxKind.ObjectLiteralExpression) return undefined;
  for (const p of (first as Node & { properties: readonly PropertyNode[] }).properties) {
    if (p.name?.kind !== SyntaxKind.Identifier || p.name.text !== "handler") continue;
    if (p.kind === SyntaxKind.MethodDeclaration) return p;
    if (p.kind === SyntaxKind.PropertyAssignment) return p.initializer;
  }
  return undefined;
}

type PropertyNode = Node & { name?: Node & { text?: string }; initializer?: Node };

/**
 * What awaiting the result gives, converted. The native API has no `getAwaitedType`, so `Promise<T>`
 * is unwrapped here, member by member for `T | Promise<T>` (a handler may return either).
 */
function awaitedToValidator(
  checker: Checker,
  view: TypeView<Type>,
  type: Type,
  notes: Degradation[],
): ValidatorJSON {
  const inner = promised(checker, type);
  if (inner) return awaitedToValidator(checker, view, inner, notes);
  if (type.isUnionType() && type.getTypes().some((m) => promised(checker, m))) {
    return unionOf(type.getTypes().map((m) => awaitedToValidator(checker, view, m, notes)));
  }
  return typeToValidator(view, type, notes);
}

function promised(checker: Checker, type: Type): Type | undefined {
  if (!(type.flags & TypeFlags.Object) || type.getSymbol()?.name !== "Promise") return undefined;
  const [inner] = checker.getTypeArguments(type as TypeReference);
  return inner;
}

/**
 * True when the export is written `builder({ …, returns: … })`: Convex then validates (and the
 * function spec shows) the declared validator, which beats anything inferred.
 */
function declaresReturns(symbol: TsSymbol, project: Project): boolean {
  const [first] = registrationCall(symbol, project)?.arguments ?? [];
  if (first?.kind !== SyntaxKind.ObjectLiteralExpression) return false;
  return (first as Node & { properties: readonly (Node & { name?: Node })[] }).properties.some(
    (p) =>
      p.name?.kind === SyntaxKind.Identifier &&
      (p.name as Node & { text: string }).text === "returns",
  );
}

/** The call an export is written as (`export const f = builder(…)`, `export default builder(…)`). */
function registrationCall(
  symbol: TsSymbol,
  project: Project,
): (Node & { arguments: readonly Node[] }) | undefined {
  const decl = (symbol.valueDeclaration ?? symbol.declarations[0])?.resolve(project);
  if (!decl) return undefined;
  let expr: Node | undefined;
  if (decl.kind === SyntaxKind.VariableDeclaration)
    expr = (decl as Node & { initializer?: Node }).initializer;
  else if (decl.kind === SyntaxKind.ExportAssignment)
    expr = (decl as Node & { expression: Node }).expression;
  while (
    expr &&
    (expr.kind === SyntaxKind.AsExpression ||
      expr.kind === SyntaxKind.SatisfiesExpression ||
      expr.kind === SyntaxKind.ParenthesizedExpression)
  ) {
    expr = (expr as Node & { expression: Node }).expression;
  }
  return expr?.kind === SyntaxKind.CallExpression
    ? (expr as Node & { arguments: readonly Node[] })
    : undefined;
}

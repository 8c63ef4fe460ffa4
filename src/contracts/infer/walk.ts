/**
 * The export walk: every function module's exports, the registered functions among them, and
 * their inferred result validators. Works on any `ts.Program`, so tests can hand it in-memory ones.
 */
import { performance } from "node:perf_hooks";
import type { ValidatorJSON } from "../../meta.ts";
import { type Degradation, typeToValidator } from "./convert.ts";
import type { EntryFile } from "./entries.ts";
import { degraded, notFound, opaqueFunction } from "./messages.ts";
import { classifyExport, declaresReturns } from "./registered.ts";
import ts from "./ts.ts";
import { tsTypeView } from "./ts-view.ts";

export interface WalkResult {
  contracts: Record<string, ValidatorJSON>;
  diagnostics: string[];
  /** Milliseconds spent getting export types, and converting them. */
  typesMs: number;
  convertMs: number;
}

/**
 * @param entries the program's function modules (see `listEntryFiles`).
 * @param wanted when given, only these identifiers, declared `returns` or not.
 */
export function collectContracts(
  program: ts.Program,
  entries: EntryFile[],
  wanted?: Set<string>,
): WalkResult {
  const t0 = performance.now();
  const checker = program.getTypeChecker();
  const diagnostics: string[] = [];
  const pending: { id: string; returns: ts.Type }[] = [];
  for (const entry of entries) {
    const file = program.getSourceFile(entry.path);
    const moduleSymbol = file && checker.getSymbolAtLocation(file);
    if (!moduleSymbol) continue; // not a module: the bundler skips it too
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const id = `${entry.module}:${exported.getName()}`;
      if (wanted && !wanted.has(id)) continue;
      const symbol =
        exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (!(symbol.flags & ts.SymbolFlags.Value)) continue; // type-only export
      // Before asking for the type: checking a handler's body is the expensive part of inference.
      if (!wanted && declaresReturns(symbol)) continue;
      const kind = classifyExport(checker, checker.getTypeOfSymbol(symbol));
      if (kind.kind === "other") continue;
      if (kind.kind === "opaque-function") {
        diagnostics.push(opaqueFunction(id));
        pending.push({ id, returns: checker.getAnyType() });
        continue;
      }
      pending.push({ id, returns: kind.returns });
    }
  }
  if (wanted) {
    const found = new Set(pending.map((p) => p.id));
    for (const id of wanted) {
      if (!found.has(id)) {
        diagnostics.push(notFound(id));
      }
    }
  }
  const t1 = performance.now();
  const view = tsTypeView(checker, (file) => program.isSourceFileDefaultLibrary(file));
  const contracts: Record<string, ValidatorJSON> = {};
  for (const { id, returns } of pending) {
    const notes: Degradation[] = [];
    contracts[id] = typeToValidator(view, returns, notes);
    for (const n of notes) diagnostics.push(degraded(id, n));
  }
  return { contracts, diagnostics, typesMs: t1 - t0, convertMs: performance.now() - t1 };
}

/**
 * The TypeScript 5.9 compiler API, loaded with `require`. Importing this 9 MB CommonJS file from ESM
 * makes Node scan it for named exports first (cjs-module-lexer), which cost ~0.45 s of every
 * inferring CLI run on top of the ~0.15 s the load itself takes.
 */
import { createRequire } from "node:module";
import type * as TS from "ts-compiler-api";

const ts: typeof TS = createRequire(import.meta.url)("ts-compiler-api");

// The compiler's types under the same name as the value, so `ts.Program` reads as usual.
declare namespace ts {
  export type Type = TS.Type;
  export type UnionType = TS.UnionType;
  export type UnionOrIntersectionType = TS.UnionOrIntersectionType;
  export type Program = TS.Program;
  export type CompilerOptions = TS.CompilerOptions;
  export type SourceFile = TS.SourceFile;
  export type IntersectionType = TS.IntersectionType;
  export type TypeReference = TS.TypeReference;
  export type TypeChecker = TS.TypeChecker;
  export type Symbol = TS.Symbol;
  export type StringLiteralType = TS.StringLiteralType;
  export type ObjectType = TS.ObjectType;
  export type NumberLiteralType = TS.NumberLiteralType;
  export type Expression = TS.Expression;
  export type Diagnostic = TS.Diagnostic;
  export type BigIntLiteralType = TS.BigIntLiteralType;
  export type Node = TS.Node;
}

export default ts;

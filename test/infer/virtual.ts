/**
 * Small Convex apps for inference tests, written to a scratch folder inside the repo (so
 * `convex/server`, `convex/values` resolve from its node_modules) and removed after.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { inferNative } from "../../src/contracts/infer/native/index.ts";
import type { ValidatorJSON } from "../../src/meta.ts";

/** Inside the repo so module resolution walks up to its node_modules; nothing is written here. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "__virtual__", "convex");

const OPTIONS = {
  target: "ES2022",
  module: "ESNext",
  moduleResolution: "Bundler",
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  types: [],
  // Versioned exports import the library by name, as apps do.
  allowImportingTsExtensions: true,
  paths: { "convex-versioned": [join(ROOT, "../../../../src/index.ts")] },
};

/** A schema with two tables and the `_generated/` that codegen would write for it, as `.ts`. */
export const BASE_APP: Record<string, string> = {
  "schema.ts": `
    import { defineSchema, defineTable } from "convex/server";
    import { v } from "convex/values";
    export default defineSchema({
      users: defineTable({ name: v.string(), email: v.optional(v.string()), role: v.union(v.literal("admin"), v.literal("member")) }),
      posts: defineTable({ author: v.id("users"), title: v.string(), tags: v.array(v.string()) }),
    });`,
  "_generated/dataModel.ts": `
    import type { DataModelFromSchemaDefinition, DocumentByName, TableNamesInDataModel, SystemTableNames } from "convex/server";
    import type { GenericId } from "convex/values";
    import schema from "../schema";
    export type DataModel = DataModelFromSchemaDefinition<typeof schema>;
    export type TableNames = TableNamesInDataModel<DataModel>;
    export type Doc<T extends TableNames> = DocumentByName<DataModel, T>;
    export type Id<T extends TableNames | SystemTableNames> = GenericId<T>;`,
  "_generated/server.ts": `
    import { actionGeneric, httpActionGeneric, internalQueryGeneric, mutationGeneric, queryGeneric,
      type ActionBuilder, type MutationBuilder, type QueryBuilder } from "convex/server";
    import type { DataModel } from "./dataModel";
    export const query: QueryBuilder<DataModel, "public"> = queryGeneric;
    export const internalQuery: QueryBuilder<DataModel, "internal"> = internalQueryGeneric;
    export const mutation: MutationBuilder<DataModel, "public"> = mutationGeneric;
    export const action: ActionBuilder<DataModel, "public"> = actionGeneric;
    export const httpAction = httpActionGeneric;`,
};

export interface VirtualResult {
  contracts: Record<string, ValidatorJSON>;
  diagnostics: string[];
}

/**
 * Infers over `files` (paths relative to convex/) plus `BASE_APP`. Entry files: every
 * non-generated, non-schema file. `tsgo` reads files itself, so they are written to a scratch
 * folder first, with a tsconfig that says what `OPTIONS` says.
 */
export function inferVirtual(files: Record<string, string>, functions?: string[]): VirtualResult {
  const base = join(dirname(fileURLToPath(import.meta.url)), "../.tmp");
  mkdirSync(base, { recursive: true });
  const scratch = mkdtempSync(join(base, "virtual-"));
  const convexDir = join(scratch, "convex");
  try {
    for (const [rel, text] of Object.entries({ ...BASE_APP, ...files })) {
      mkdirSync(dirname(join(convexDir, rel)), { recursive: true });
      writeFileSync(join(convexDir, rel), text);
    }
    writeFileSync(join(convexDir, "tsconfig.json"), JSON.stringify({ compilerOptions: OPTIONS }));
    const { contracts, diagnostics } = inferNative({
      convexDir,
      ...(functions ? { functions } : {}),
    });
    return { contracts, diagnostics };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Shorthands for expected validators. */
export const V = {
  any: { type: "any" },
  null: { type: "null" },
  string: { type: "string" },
  number: { type: "number" },
  bigint: { type: "bigint" },
  boolean: { type: "boolean" },
  bytes: { type: "bytes" },
  id: (tableName: string): ValidatorJSON => ({ type: "id", tableName }),
  literal: (value: unknown): ValidatorJSON => ({ type: "literal", value }),
  array: (value: ValidatorJSON): ValidatorJSON => ({ type: "array", value }),
  union: (...value: ValidatorJSON[]): ValidatorJSON => ({ type: "union", value }),
  record: (keys: ValidatorJSON, values: ValidatorJSON): ValidatorJSON => ({
    type: "record",
    keys,
    values: { fieldType: values, optional: false },
  }),
  /** `object({ a: V.string, "b?": V.number })`: a trailing `?` marks an optional field. */
  object: (fields: Record<string, ValidatorJSON>): ValidatorJSON => ({
    type: "object",
    value: Object.fromEntries(
      Object.entries(fields).map(([k, fieldType]) =>
        k.endsWith("?")
          ? [k.slice(0, -1), { fieldType, optional: true }]
          : [k, { fieldType, optional: false }],
      ),
    ),
  }),
} satisfies Record<string, ValidatorJSON | ((...a: never[]) => ValidatorJSON)>;

/**
 * The metadata contract between the runtime (`define/`) and the CLI (`contracts/`, `report/`).
 *
 * Every export made by `defineVersioned` carries a `VersionedExportMeta` under
 * `Symbol.for("convex-versioned")`. The CLI bundles a `convex/` folder, imports it in Node and reads
 * this property to learn each version's exact shape and lifecycle dates; the runtime never reads it.
 * It is plain JSON (validators as Convex's `ValidatorJSON`) so it can go straight into the lock file.
 */

/** `Symbol.for` (not `Symbol()`): survives the library being bundled into several entry points. */
export const META = Symbol.for("convex-versioned");

/** Convex's validator JSON, as `exportArgs()`/`exportReturns()` print it. */
export type ValidatorJSON =
  /** `void: true` only in inferred contracts: the handler returns nothing (clients get `null`). */
  | { type: "null"; void?: true }
  | { type: "number" }
  | { type: "bigint" }
  /** `v.commitTs()` (convex ≥ 1.43): an int64 set from the commit timestamp. */
  | { type: "commitTs" }
  /** `v.function()` (convex ≥ 1.49): a function handle; the signature is typing only. */
  | { type: "function"; fnType?: string; args?: ValidatorJSON; returns?: ValidatorJSON }
  | { type: "boolean" }
  | { type: "string" }
  | { type: "bytes" }
  | { type: "any" }
  | { type: "literal"; value: unknown }
  | { type: "id"; tableName: string }
  | { type: "array"; value: ValidatorJSON }
  | { type: "record"; keys: ValidatorJSON; values: { fieldType: ValidatorJSON; optional: false } }
  | { type: "object"; value: Record<string, { fieldType: ValidatorJSON; optional: boolean }> }
  | { type: "union"; value: ValidatorJSON[] };

export interface DeprecatedMeta {
  /** ISO date (YYYY-MM-DD) the version was deprecated. */
  since: string;
  /** ISO date after which the version may be deleted. */
  removeAfter?: string;
  reason?: string;
}

export interface RemovedMeta {
  /** ISO date the version stopped being served (tombstone). */
  since: string;
  message?: string;
}

export interface VersionMeta {
  label: string;
  /** The export that serves this version. */
  exportName: string;
  /** This version's exact args validator (an object validator; `{type:"any"}` for tombstones). */
  args: ValidatorJSON;
  /** This version's returns validator, or null when none is declared. */
  returns: ValidatorJSON | null;
  deprecated?: DeprecatedMeta;
  removed?: RemovedMeta;
}

export interface VersionedExportMeta {
  /** Metadata format version. */
  format: 1;
  /** The definition's `name` (the current export's name). */
  definition: string;
  /** This export's name. */
  exportName: string;
  /** Label of the current (last) version. */
  current: string;
  /** Every version of the definition, oldest first (not only this export's). */
  versions: VersionMeta[];
  /** Labels this export serves, oldest first. */
  serves: string[];
}

/** The JSON object each call through a non-current version logs (one line, `console.log`). */
export interface VersionedCallLog {
  /** Constant marker: lets log readers find these lines among other console output. */
  "convex-versioned": "call";
  definition: string;
  export: string;
  version: string;
  current: string;
  /** "deprecated" when the version has a `deprecated` block, else "old". */
  status: "deprecated" | "old";
  /** Calls this line stands for (>1 when lines are sampled; see README "Log line"). */
  calls: number;
}

/** Every validator `type` this version of the tool knows; any other is a newer Convex's kind. */
export const KNOWN_VALIDATOR_KINDS: readonly string[] = [
  "null",
  "number",
  "bigint",
  "commitTs",
  "function",
  "boolean",
  "string",
  "bytes",
  "any",
  "literal",
  "id",
  "array",
  "record",
  "object",
  "union",
];

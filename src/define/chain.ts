/**
 * The version chain as plain data: what `.version(label, options)` recorded, untyped.
 *
 * The fluent API in `builder.ts` is a typed shell over this; `checks.ts` validates it at module load and
 * `register.ts` turns it into registered functions.
 */
import type { GenericValidator, PropertyValidators } from "convex/values";

export type Adapter = (value: any, ctx: any) => any;

/** How calls through non-current versions are logged (the usage evidence). */
export type LogOption =
  /** One line per version per isolate per window; each line counts the calls it stands for. */
  | { windowMs: number }
  /** One line for every call. */
  | "every"
  /** No lines. The report then only sees renamed exports by their paths. */
  | "off";

export const DEFAULT_LOG: LogOption = { windowMs: 60_000 };

export interface VersionOptions {
  name?: string;
  args?: PropertyValidators | GenericValidator;
  returns?: PropertyValidators | GenericValidator;
  up?: Adapter;
  down?: Adapter;
  deprecated?: { since: string; removeAfter?: string; reason?: string };
  removed?: { since: string; message?: string };
}

export interface VersionEntry extends VersionOptions {
  label: string;
}

export interface ChainDef {
  builder: (definition: any) => any;
  /** How this chain's validators are read (Convex by default; zod from `convex-versioned/zod`). */
  flavor?: import("./flavor.ts").Flavor<any, any>;
  name: string;
  log: LogOption;
  versions: readonly VersionEntry[];
}

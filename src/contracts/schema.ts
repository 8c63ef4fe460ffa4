/**
 * zod schemas for the JSON files the CLI reads: lock files and `npx convex function-spec` output.
 * Validating with a schema (instead of trusting `JSON.parse`) is what lets a malformed file fail
 * with the exact field at fault rather than a crash somewhere inside `check`.
 */
import { z } from "zod";
import { KNOWN_VALIDATOR_KINDS, type ValidatorJSON } from "../meta.ts";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date as YYYY-MM-DD");

const field: z.ZodType<{ fieldType: ValidatorJSON; optional: boolean }> = z.lazy(() =>
  z.looseObject({ fieldType: validatorJson, optional: z.boolean() }),
);

/**
 * Convex's `ValidatorJSON`. Loose objects: a newer Convex may add keys we should carry, not drop;
 * and a kind this release does not know is accepted as `{ type, … }` (check judges it by equality)
 * so a lock written by a newer Convex's app is never rejected.
 */
export const validatorJson: z.ZodType<ValidatorJSON> = z.lazy(() =>
  // Dispatch on `type` (not z.union): a malformed known kind then reports its own field at fault.
  z.unknown().superRefine((value, ctx) => {
    const kind = (value as { type?: unknown } | null)?.type;
    const unknown = typeof kind === "string" && !KNOWN_VALIDATOR_KINDS.includes(kind);
    const result = (unknown ? unknownValidatorJson : knownValidatorJson).safeParse(value);
    if (!result.success) for (const issue of result.error.issues) ctx.addIssue(issue as never);
  }),
) as z.ZodType<ValidatorJSON>;

const unknownValidatorJson = z.looseObject({ type: z.string() });

const knownValidatorJson = z.lazy(() =>
  z.discriminatedUnion("type", [
    z.looseObject({ type: z.literal("null") }),
    z.looseObject({ type: z.literal("number") }),
    z.looseObject({ type: z.literal("bigint") }),
    z.looseObject({ type: z.literal("commitTs") }),
    z.looseObject({
      type: z.literal("function"),
      fnType: z.string().optional(),
      args: validatorJson.optional(),
      returns: validatorJson.optional(),
    }),
    z.looseObject({ type: z.literal("boolean") }),
    z.looseObject({ type: z.literal("string") }),
    z.looseObject({ type: z.literal("bytes") }),
    z.looseObject({ type: z.literal("any") }),
    z.looseObject({ type: z.literal("literal"), value: z.unknown() }),
    z.looseObject({ type: z.literal("id"), tableName: z.string() }),
    z.looseObject({ type: z.literal("array"), value: validatorJson }),
    z.looseObject({
      type: z.literal("record"),
      keys: validatorJson,
      values: z.looseObject({ fieldType: validatorJson, optional: z.literal(false) }),
    }),
    z.looseObject({ type: z.literal("object"), value: z.record(z.string(), field) }),
    z.looseObject({ type: z.literal("union"), value: z.array(validatorJson) }),
  ]),
);

const versionMeta = z.object({
  label: z.string(),
  exportName: z.string(),
  args: validatorJson,
  returns: validatorJson.nullable(),
  deprecated: z
    .object({ since: isoDate, removeAfter: isoDate.optional(), reason: z.string().optional() })
    .optional(),
  removed: z.object({ since: isoDate, message: z.string().optional() }).optional(),
});

const functionSpec = z.object({
  kind: z.enum(["query", "mutation", "action"]),
  visibility: z.enum(["public", "internal"]),
  args: validatorJson,
  returns: validatorJson.nullable(),
  returnsInferred: validatorJson.optional(),
  argsInferred: validatorJson.optional(),
  versioned: z
    .object({
      definition: z.string(),
      current: z.string(),
      serves: z.array(z.string()),
      versions: z.array(versionMeta),
    })
    .optional(),
});

const httpRoute = z.object({ method: z.string(), path: z.string() });

export const lockFileSchema = z.object({
  lockfileVersion: z.literal(1),
  functions: z.record(z.string(), functionSpec),
  httpRoutes: z.array(httpRoute).optional(),
});

/** One entry of `npx convex function-spec`'s `functions` array. */
export const functionSpecEntry = z.discriminatedUnion("functionType", [
  z.looseObject({
    functionType: z.enum(["Query", "Mutation", "Action"]),
    identifier: z.string().regex(/:/, 'must look like "module.js:export"'),
    visibility: z.looseObject({ kind: z.enum(["public", "internal"]) }),
    // Older deployments omit validators entirely; the CLI reads a missing one as `any`.
    args: validatorJson.nullish(),
    returns: validatorJson.nullish(),
  }),
  z.looseObject({ functionType: z.literal("HttpAction"), method: z.string(), path: z.string() }),
]);

export const functionSpecFileSchema = z.looseObject({
  url: z.string().optional(),
  functions: z.array(functionSpecEntry),
});

export type FunctionSpecFile = z.infer<typeof functionSpecFileSchema>;
export type FunctionSpecEntry = z.infer<typeof functionSpecEntry>;

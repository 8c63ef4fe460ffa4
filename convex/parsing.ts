/**
 * zod versions whose newer schemas transform, default and refine (async): an old client's call is
 * parsed by each newer version's schema after that version's `up`, and a result by each older
 * version's `returns` before its `down`, so every handler and adapter receives exactly its type.
 * The adapters below deliberately do not apply defaults or transforms by hand.
 */
import { NoOp } from "convex-helpers/server/customFunctions";
import { defineVersioned, zCustomQuery } from "convex-versioned/zod";
import * as z from "zod/v4";
import { query } from "./_generated/server";

const zQuery = zCustomQuery(query, NoOp);

/** The newest args of every definition here: a transform, a default, an async refinement. */
const measured = {
  n: z
    .string()
    .refine(async (s) => s.length <= 10, "at most 10 characters")
    .transform((s) => s.length),
  mode: z.enum(["x", "y"]).default("x"),
};

/** What the handler received, and the run-time type of `n` (the type says number). */
const seen = (args: { n: number; mode: "x" | "y" }) => ({
  n: args.n,
  nType: typeof args.n,
  mode: args.mode,
});

// A rename: old clients call `measureText`.
export const { measureText, measure } = defineVersioned(zQuery, { name: "measure" })
  .version("2026-06-01", { name: "measureText", args: { text: z.string() } })
  .version("2026-10-01", { args: measured, up: (prev) => ({ n: prev.text }) })
  .handler(async (_ctx, args) => seen(args));

// Two shapes under one export name.
export const { gauge } = defineVersioned(zQuery, { name: "gauge" })
  .version("2026-06-01", { args: { text: z.string() } })
  .version("2026-10-01", { args: measured, up: (prev) => ({ n: prev.text }) })
  .handler(async (_ctx, args) => seen(args));

// Three versions: the middle one trims (a transform) before the newest measures, and results pass
// through each older `returns` schema (a transform, then a default) on their way down.
export const { tallyWords, tallyText, tally } = defineVersioned(zQuery, { name: "tally" })
  .version("2026-01-01", {
    name: "tallyWords",
    args: { words: z.array(z.string()) },
    returns: z.object({ n: z.number(), summary: z.string() }),
  })
  .version("2026-06-01", {
    name: "tallyText",
    args: { text: z.string().transform((s) => s.trim()) },
    up: (prev) => ({ text: prev.words.join(" ") }),
    returns: z.object({ n: z.number(), label: z.string(), note: z.string().default("v2") }),
    down: (result) => ({ n: result.n, summary: `${result.label}/${result.note}` }),
  })
  .version("2026-10-01", {
    args: measured,
    up: (prev) => ({ n: prev.text }),
    returns: z.object({
      n: z.number(),
      nType: z.string(),
      mode: z.enum(["x", "y"]),
      label: z.string().transform((s) => s.toUpperCase()),
    }),
    down: (result) => ({ n: result.n, label: result.label }),
  })
  .handler(async (_ctx, args) => ({ ...seen(args), label: `mode ${args.mode}` }));

// A `down` whose output the older version's schema rejects: the adapter's fault.
export const { badDownV1, badDownV2, badDown } = defineVersioned(zQuery, { name: "badDown" })
  .version("2026-06-01", {
    name: "badDownV1",
    args: {},
    returns: z.object({ n: z.number().int() }),
  })
  .version("2026-07-01", {
    name: "badDownV2",
    args: {},
    returns: z.object({ n: z.number().int(), note: z.string() }),
    down: (result) => ({ n: result.n }),
  })
  .version("2026-10-01", {
    args: {},
    returns: z.object({ half: z.number() }),
    down: (result) => ({ n: result.half, note: "from v3" }),
  })
  .handler(async () => ({ half: 0.5 }));

// An `up` that passes a value through unchecked: the newer schema (sync here) rejects what it lets by.
export const { pickModeV1, pickMode } = defineVersioned(zQuery, { name: "pickMode" })
  .version("2026-06-01", { name: "pickModeV1", args: { mode: z.string() } })
  .version("2026-10-01", {
    args: { mode: z.enum(["x", "y"]) },
    up: (prev) => ({ mode: prev.mode as "x" | "y" }),
  })
  .handler(async (_ctx, { mode }) => mode);

// The same, as the final step: `down`'s output is what the called version's own schema rejects
// (a renamed export, and an old shape sharing the export name).
export const { badFinalV1, badFinal } = defineVersioned(zQuery, { name: "badFinal" })
  .version("2026-06-01", {
    name: "badFinalV1",
    args: {},
    returns: z.object({ n: z.number().int() }),
  })
  .version("2026-10-01", {
    args: {},
    returns: z.object({ half: z.number() }),
    down: (result) => ({ n: result.half }),
  })
  .handler(async () => ({ half: 0.5 }));

export const { badShared } = defineVersioned(zQuery, { name: "badShared" })
  .version("2026-06-01", { args: { old: z.string() }, returns: z.object({ n: z.number().int() }) })
  .version("2026-10-01", {
    args: { fresh: z.string() },
    up: (prev) => ({ fresh: prev.old }),
    returns: z.object({ half: z.number() }),
    down: (result) => ({ n: result.half }),
  })
  .handler(async () => ({ half: 0.5 }));

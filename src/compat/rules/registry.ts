/**
 * The rule table: one row per rule ID, in the order `ls-rules` prints them. IDs are stable: a rule
 * that is retired stays here (as a no-op naming its replacement) so waivers and CI configs keep
 * meaning the same thing.
 *
 * `TAXONOMY` is the symmetry map (oasdiff style): every kind of change, in both directions
 * (args ↔ returns) and both actions (add ↔ remove, narrow ↔ widen), names the rule that reports it,
 * or says in writing why no rule is needed. The audit test fails on a cell that does neither.
 */
import { ARG_RULES } from "./args.ts";
import { FUNCTION_KIND_SAME } from "./function-kind.ts";
import { FUNCTION_RULES } from "./function-removed.ts";
import { FUNCTION_NO_INTERNALIZE } from "./function-visibility.ts";
import { INTERNAL_RULES } from "./internal.ts";
import { LIFECYCLE_RULES } from "./lifecycle.ts";
import { PENDING_RULES } from "./pending.ts";
import { RETURNS_RULES } from "./returns.ts";
import type { RuleSpec } from "./rule.ts";
import { VALIDATOR_KIND_RULES } from "./validator-kinds.ts";
import { OVERLAP_RULES } from "./versioned-overlap.ts";
import { WAIVER_RULES } from "./waivers.ts";

export const RULES: readonly RuleSpec[] = [
  ...FUNCTION_RULES,
  FUNCTION_KIND_SAME,
  FUNCTION_NO_INTERNALIZE,
  ...ARG_RULES,
  ...RETURNS_RULES,
  ...VALIDATOR_KIND_RULES,
  ...INTERNAL_RULES,
  ...LIFECYCLE_RULES,
  ...OVERLAP_RULES,
  ...PENDING_RULES,
  ...WAIVER_RULES,
];

export function ruleById(id: string): RuleSpec | undefined {
  return RULES.find((r) => r.id === id);
}

export type TaxonomyCell = { rule: string } | { gap: string };

/** `area:change` → the rule reporting it, or why nothing needs reporting. */
export const TAXONOMY: Readonly<Record<string, TaxonomyCell>> = {
  // Fields.
  "args:field-add-required": { rule: "ARG_NO_ADD_REQUIRED" },
  "args:field-add-optional": {
    gap: "Old clients never send it and an absent optional field is accepted: nothing changes for them.",
  },
  "args:field-remove": { rule: "ARG_NO_DELETE" },
  "returns:field-add-required": { rule: "RETURNS_FIELD_ADDED" },
  "returns:field-add-optional": { rule: "RETURNS_FIELD_ADDED" },
  "returns:field-remove": { rule: "RETURNS_FIELD_NO_DELETE" },
  // Optionality.
  "args:optional-to-required": { rule: "ARG_OPTIONAL_TO_REQUIRED" },
  "args:required-to-optional": {
    gap: "A widening of inputs: every call old clients make (with the field) is still accepted.",
  },
  "returns:optional-to-required": {
    gap: "A narrowing of outputs: old clients already handle the field being present.",
  },
  "returns:required-to-optional": { rule: "RETURNS_NO_LOOSEN" },
  // Nullability.
  "args:null-added": {
    gap: "A widening of inputs: old clients never send null where it was not allowed.",
  },
  "args:null-removed": { rule: "ARG_TYPE_NO_NARROW" },
  "returns:null-added": { rule: "RETURNS_NO_LOOSEN" },
  "returns:null-removed": {
    gap: "A narrowing of outputs: old clients handle null and simply never see it.",
  },
  // Types and unions.
  "args:type-narrow": { rule: "ARG_TYPE_NO_NARROW" },
  "args:type-widen": { gap: "Every value old clients send is still accepted (e.g. id → string)." },
  "args:type-change": { rule: "ARG_TYPE_NO_NARROW" },
  "returns:type-narrow": {
    gap: "Old clients can read every value the narrower type allows (e.g. string → id).",
  },
  "returns:type-widen": { rule: "RETURNS_TYPE_SAME" },
  "returns:type-change": { rule: "RETURNS_TYPE_SAME" },
  "args:union-member-add": { gap: "A widening of inputs: old clients never send the new member." },
  "args:union-member-remove": { rule: "ARG_TYPE_NO_NARROW" },
  "returns:union-member-add": { rule: "RETURNS_UNION_MEMBER_ADDED" },
  // A literal that became its type (`true` → `boolean`): more values of a kind old clients read.
  "args:literal-widen": {
    gap: "A widening of inputs: the literal old clients send is still accepted.",
  },
  "returns:literal-widen": { rule: "RETURNS_UNION_MEMBER_ADDED" },
  // A member of a kind the old union lacked (`string | null` → `number | null`) is a type change.
  "args:union-member-of-new-kind-add": {
    gap: "A widening of inputs: old clients never send a value of the new kind.",
  },
  "returns:union-member-of-new-kind-add": { rule: "RETURNS_TYPE_SAME" },
  "returns:union-member-remove": {
    gap: "A narrowing of outputs: old clients handle the remaining members as before.",
  },
  "args:became-any": { gap: "`v.any()` accepts every value old clients send." },
  "returns:became-any": { rule: "RETURNS_BECAME_ANY" },
  // A handler that returned nothing (void, inferred) now returns a value; args have no void.
  "returns:void-to-value": { rule: "RETURNS_FROM_VOID" },
  "returns:value-to-void": { rule: "RETURNS_TYPE_SAME" },
  "args:void-to-value": { gap: "Args are always an object: there is no void argument." },
  "args:value-to-void": { gap: "Args are always an object: there is no void argument." },
  // Validator kinds judged by equality only.
  "args:unknown-kind-change": { rule: "VALIDATOR_KIND_UNKNOWN" },
  "returns:unknown-kind-change": { rule: "VALIDATOR_KIND_UNKNOWN" },
  "args:handle-signature-change": { rule: "FUNCTION_HANDLE_SIGNATURE_CHANGED" },
  "returns:handle-signature-change": { rule: "FUNCTION_HANDLE_SIGNATURE_CHANGED" },
  "args:int64-to-commitTs": {
    gap: "commitTs accepts every int64 an old client sends (its placeholder exists only inside the writing mutation).",
  },
  "returns:int64-to-commitTs": {
    gap: "A commitTs field holds an int64 when a client reads it, as before.",
  },
  // Functions.
  "function:add": { gap: "A new function breaks no old client: none calls it." },
  "function:remove": { rule: "FUNCTION_NO_DELETE" },
  "function:move": { rule: "FUNCTION_NO_MOVE" },
  "function:kind-change": { rule: "FUNCTION_KIND_SAME" },
  "function:public-to-internal": { rule: "FUNCTION_NO_INTERNALIZE" },
  "function:internal-to-public": {
    gap: "Old clients could not call it before; nothing they do changes.",
  },
  "function:internal-change": { rule: "INTERNAL_FUNCTION_CHANGED" },
  // Versions and lifecycle.
  "version:add": {
    gap: "A new version is served next to the old ones; old calls still match theirs.",
  },
  "version:remove-after-sunset": { rule: "VERSION_REMOVED_AFTER_SUNSET" },
  "version:remove-before-sunset": { rule: "REMOVED_BEFORE_SUNSET" },
  "version:tombstone": { rule: "VERSION_TOMBSTONED" },
  "version:untombstone": { gap: "Serving a version again only turns errors into answers." },
  "version:tombstone-delete": { rule: "TOMBSTONE_DELETED" },
  "version:deprecate": { rule: "VERSION_DEPRECATED" },
  "version:undeprecate": { gap: "Serving a version longer than promised affects no client." },
  "version:sunset-earlier": { rule: "SUNSET_NO_SHORTEN" },
  "version:sunset-later": { gap: "More time than promised affects no client." },
  "version:overlap-returns": { rule: "VERSIONED_OVERLAP_RETURNS" },
  // Pending work (check --pending): jobs stored in the deployment, crons in the code.
  "pending:target-remove": { rule: "PENDING_TARGET_REMOVED" },
  "pending:target-tombstone": { rule: "PENDING_TARGET_REMOVED" },
  "pending:kind-change": { rule: "PENDING_TARGET_KIND_CHANGED" },
  "pending:args-reject": { rule: "PENDING_ARGS_REJECTED" },
  "pending:args-accept": {
    gap: "A job whose stored args some served version accepts runs as before.",
  },
  "pending:target-internalize": {
    gap: "The scheduler runs internal functions too: a job is unaffected by its function turning internal.",
  },
  "cron:target-remove": { rule: "CRON_TARGET_REMOVED" },
  "cron:args-reject": { rule: "CRON_ARGS_REJECTED" },
  "cron:kind-change": {
    gap: "Not judged: cronJobs() takes mutation and action references only, so a typed reference to a function that became a query fails type-checking.",
  },
  // Waivers.
  "waiver:expired": { rule: "WAIVER_EXPIRED" },
  "waiver:unused": { rule: "WAIVER_UNUSED" },
};

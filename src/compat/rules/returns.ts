/**
 * Return checks (outputs): an old client must be able to read every value the new function
 * returns. A changed type, a removed field, a field or value made optional or nullable break it;
 * a new union member is dangerous (an exhaustive switch falls through); an added field is news.
 * When a side has no `returns` validator, the TypeScript-inferred shape stands in, and findings say so.
 */
import type { FunctionSpec } from "../../model.ts";
import type { Finding } from "../types.ts";
import { validatorKey } from "../validator/canonical.ts";
import { describeValidator } from "../validator/describe.ts";
import { compareReturns, type Issue } from "../validator/subsume.ts";
import { witnessFields } from "./args.ts";
import { isVoid, returnsContract } from "./returns-contract.ts";
import { finding, fnName, type RuleSpec, rule, subPath } from "./rule.ts";
import { kindFinding } from "./validator-kinds.ts";

const DOWN = `Serve the new shape under a new name and keep the old name returning the old shape: a \`down\` adapter turns the new result back into the old one for old clients:

\`\`\`ts
export const { getPost, get } = defineVersioned(query, { name: "getPost" })
  .version("2026-01-01", {
    name: "get",                                                    // the old name, old shape
    args: { id: v.id("posts") },
    returns: v.object({ title: v.string() }),
  })
  .version("2026-03-01", {
    args: { id: v.id("posts") },
    returns: v.object({ title: v.string(), body: v.optional(v.string()) }),
    down: ({ title }) => ({ title }),                               // new result → old shape
  })
  .handler(async (ctx, args) => { /* written for the newest version */ });
\`\`\``;

const lower = (text: string) => `${text.charAt(0).toLowerCase()}${text.slice(1)}`;

/** Said first when a finding was judged on inferred types: the contract itself is missing. */
export const INFERRED_ADVICE =
  "The function declares no `returns` validator, so this was judged on its TypeScript return type. Declare `returns` to make the contract exact";

const INFERRED_FIX = `${INFERRED_ADVICE}, or ${lower(DOWN)}`;

/** Does the new union still hold every member of the old type (only members were added)? */
function keepsOld(issue: Issue): boolean {
  const members = (v: Issue["before"]) => (v?.type === "union" ? v.value : v ? [v] : []);
  const now = new Set(members(issue.after).map(validatorKey));
  const was = members(issue.before);
  return was.length > 0 && was.every((m) => now.has(validatorKey(m)));
}

/** Each rule's own way out, before "or version it": the first sentence of its fix. */
export const RETURNS_ADVICE: Readonly<Record<string, string>> = {
  RETURNS_TYPE_SAME: "Keep returning the old type to old clients",
  RETURNS_FIELD_NO_DELETE: "Keep returning the field (computed or a default)",
  RETURNS_NO_LOOSEN: "Keep the value required and non-null for old clients (a default)",
  RETURNS_UNION_MEMBER_ADDED: "Check that old clients have a fallback for unknown values",
};

export const RETURNS_TYPE_SAME = rule({
  id: "RETURNS_TYPE_SAME",
  level: "breaking",
  purpose: "Checks that a returned value (or field) keeps a type old clients can read.",
  doc: 'An old client\'s code was written for the old type: a string where it expects a number, an object where it expects an id, breaks it at runtime. A union member of a kind the old union did not have is a type change too, null or not beside it: `string | null` → `number | null`, `Id<"users"> | null` → `Doc<"users"> | null` (the `db.get` / `.unique()` / `?? null` shape).',
  fix: DOWN,
});

export const RETURNS_FIELD_NO_DELETE = rule({
  id: "RETURNS_FIELD_NO_DELETE",
  level: "breaking",
  purpose: "Checks that no required field of a returned object is removed.",
  doc: "Old clients still read the field and get `undefined`.",
  fix: `${RETURNS_ADVICE.RETURNS_FIELD_NO_DELETE}, or ${lower(DOWN)}`,
});

export const RETURNS_NO_LOOSEN = rule({
  id: "RETURNS_NO_LOOSEN",
  level: "breaking",
  purpose: "Checks that a returned value or field does not become optional or nullable.",
  doc: "Old clients assume the value is present and not null (`result.author.name`), so a missing or null value crashes them.",
  fix: `${RETURNS_ADVICE.RETURNS_NO_LOOSEN}, or ${lower(DOWN)}`,
});

export const RETURNS_UNION_MEMBER_ADDED = rule({
  id: "RETURNS_UNION_MEMBER_ADDED",
  level: "dangerous",
  purpose:
    'Flags a new variant of a kind a returned union already had: a new literal beside literals (a status enum) or beside the one literal it was (`"a"` → `"a" | "b"`, `true` → `boolean`), a new object variant of a discriminated union (a new value of a required literal field two or more old object variants share), a new id table beside ids.',
  doc: "Old clients already read values of that kind, but not this one: a `switch` without a default, or a lookup table, misses it. A literal that became its whole type is the same news, often from inference alone (`{ ok: true as const }` → `{ ok: true }` infers `boolean`). A member of a kind the old union did not have is RETURNS_TYPE_SAME instead. Teams whose clients switch exhaustively can make this rule breaking (see Rule levels).",
  fix: `${RETURNS_ADVICE.RETURNS_UNION_MEMBER_ADDED}, or ${lower(DOWN)}`,
});

export const RETURNS_FIELD_ADDED = rule({
  id: "RETURNS_FIELD_ADDED",
  level: "info",
  purpose: "Notes a field added to a returned object.",
  doc: "Old clients ignore fields they do not know, so this is safe; listed so reviewers see the contract grow.",
  fix: "Nothing to do.",
});

export const RETURNS_BECAME_ANY = rule({
  id: "RETURNS_BECAME_ANY",
  level: "dangerous",
  purpose: "Flags a returns validator that became `v.any()` where it promised a shape.",
  doc: "The server no longer checks what it returns, so nothing guarantees old clients still get the shape they read.",
  fix: "Declare the precise `returns` validator again.",
});

export const RETURNS_FROM_VOID = rule({
  id: "RETURNS_FROM_VOID",
  level: "info",
  purpose:
    "Notes a function that returned nothing (its handler was `void`) and now returns a value.",
  doc: "Clients received `null` from it and had nothing to read, so no client breaks; listed so reviewers see the new result. Judged on inferred contracts, which record `void` apart from a deliberate `null`.",
  fix: "Nothing to do.",
});

export const RETURNS_RULES: RuleSpec[] = [
  RETURNS_TYPE_SAME,
  RETURNS_FIELD_NO_DELETE,
  RETURNS_NO_LOOSEN,
  RETURNS_UNION_MEMBER_ADDED,
  RETURNS_FIELD_ADDED,
  RETURNS_BECAME_ANY,
  RETURNS_FROM_VOID,
];

/** Findings for returns that went from `before` to `after`; nothing when either side has no contract. */
export function checkReturns(
  fn: string,
  before: Pick<FunctionSpec, "returns" | "returnsInferred">,
  after: Pick<FunctionSpec, "returns" | "returnsInferred">,
  version?: string,
): Finding[] {
  const old = returnsContract(before);
  const now = returnsContract(after);
  if (!old || !now) return [];
  const inferred = old.inferred || now.inferred;
  if (isVoid(old.validator)) {
    // Nothing was returned (clients got null and read nothing): any result now is news, not a break.
    if (now.validator.type === "null") return [];
    return [
      finding(
        RETURNS_FROM_VOID,
        fn,
        `${fnName(fn, version)} returned nothing and now returns ${describeValidator(now.validator)}; old clients read no result.`,
        { ...(version === undefined ? {} : { version }), inferred: true },
      ),
    ];
  }
  const out: Finding[] = [];
  for (const issue of compareReturns(old.validator, now.validator).issues) {
    // Inference writes `any` where it cannot resolve a type: that is "unknown", not a loosened contract.
    if (inferred && issue.kind === "became-any") continue;
    const f = returnsFinding(fn, issue, version);
    if (inferred) {
      f.inferred = true;
      f.message = `${f.message.slice(0, -1)} (inferred from TypeScript types).`;
      if (f.level !== "info") f.fix = INFERRED_FIX;
    }
    out.push(f);
  }
  return out;
}

export function returnsFinding(fn: string, issue: Issue, version?: string): Finding {
  const name = fnName(fn, version);
  const field = subPath(issue.path);
  const subject =
    field === "" ? `The return value of ${name}` : `Returned field "${field}" of ${name}`;
  const extra = witnessFields(issue, version);
  const members = (issue.members ?? []).map(describeValidator).join(", ");
  switch (issue.kind) {
    case "field-removed":
      return finding(
        RETURNS_FIELD_NO_DELETE,
        fn,
        `Returned field "${field}" was removed from ${name}; old clients still read it.`,
        extra,
      );
    case "became-optional":
      return finding(
        RETURNS_NO_LOOSEN,
        fn,
        `${subject} became optional; old clients expect it to be present.`,
        extra,
      );
    case "became-nullable":
      return finding(
        RETURNS_NO_LOOSEN,
        fn,
        `${subject} can now be null; old clients do not expect null.`,
        extra,
      );
    case "union-member-added":
      return finding(
        RETURNS_UNION_MEMBER_ADDED,
        fn,
        `${subject} gained union member ${members}; old clients may not handle it.`,
        extra,
      );
    case "literal-widened":
      return finding(
        RETURNS_UNION_MEMBER_ADDED,
        fn,
        `${subject} widened from ${describeValidator(issue.before!)} to ${describeValidator(issue.after!)}; old clients may not handle the values it adds.`,
        extra,
      );
    case "unknown-kind":
    case "handle-signature-changed":
      return kindFinding(fn, issue, version);
    case "field-added":
      return finding(
        RETURNS_FIELD_ADDED,
        fn,
        `Returned field "${field}" was added to ${name}; old clients ignore it.`,
        {
          path: issue.path,
          ...(version === undefined ? {} : { version }),
        },
      );
    case "became-any":
      return finding(
        RETURNS_BECAME_ANY,
        fn,
        `${subject} became any (was ${describeValidator(issue.before ?? { type: "any" })}); nothing checks its shape for old clients any more.`,
        extra,
      );
    default: {
      // New members of a union beside the old type: name them, not two types that a long shared
      // start cuts off alike ("changed from { _creationTime… to { _creationTime…").
      if (issue.members?.length && keepsOld(issue)) {
        return finding(
          RETURNS_TYPE_SAME,
          fn,
          `${subject} can now also be ${members}; old clients cannot read it.`,
          extra,
        );
      }
      const from = describeValidator(issue.before ?? { type: "any" });
      const to = describeValidator(issue.after ?? { type: "any" });
      return finding(
        RETURNS_TYPE_SAME,
        fn,
        `${subject} changed from ${from} to ${to}; old clients cannot read the new value.`,
        extra,
      );
    }
  }
}

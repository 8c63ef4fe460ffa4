/**
 * Validator kinds that compat judges by equality only: a kind newer than this release
 * (VALIDATOR_KIND_UNKNOWN), and the signature of a `v.function()` handle, which Convex checks in
 * TypeScript but not at runtime (FUNCTION_HANDLE_SIGNATURE_CHANGED). Neither ever fails a check
 * by default: compat cannot prove a break, and must not crash or cry wolf on a newer Convex.
 */
import type { ValidatorJSON } from "../../meta.ts";
import type { Finding } from "../types.ts";
import { validatorCode } from "../validator/code.ts";
import { describeValidator } from "../validator/describe.ts";
import type { Issue } from "../validator/subsume.ts";
import { witnessFields } from "./args.ts";
import { finding, fnName, type RuleSpec, rule, subPath } from "./rule.ts";

export const VALIDATOR_KIND_UNKNOWN = rule({
  id: "VALIDATOR_KIND_UNKNOWN",
  level: "dangerous",
  purpose:
    "Flags a change that involves a validator kind this release of convex-versioned does not know.",
  doc: "A newer Convex added a validator kind (its JSON `type` is new here). Equal validators are no change; a changed one cannot be judged value by value, so it is reported for a person to review instead of failing the check or crashing.",
  fix: "Review the change by hand (would an old client's call or read still pass?), and update convex-versioned: a release that knows the kind judges it exactly.",
});

export const FUNCTION_HANDLE_SIGNATURE_CHANGED = rule({
  id: "FUNCTION_HANDLE_SIGNATURE_CHANGED",
  level: "dangerous",
  purpose:
    "Flags a changed signature (fnType, args or returns) of a `v.function()` handle in args or returns.",
  doc: "Convex checks at runtime only that the value is a function handle; the signature is for TypeScript. A handle an old client passes (or reads) still points at a function with the old signature, so calling it the new way can fail when it runs.",
  fix: "Keep calling handles the old way until old clients are gone, or accept both signatures (e.g. a new field for the new kind of handle).",
});

export const VALIDATOR_KIND_RULES: RuleSpec[] = [
  VALIDATOR_KIND_UNKNOWN,
  FUNCTION_HANDLE_SIGNATURE_CHANGED,
];

/** A handle's validator as it is written, on one line. */
const signature = (v: ValidatorJSON | undefined) =>
  validatorCode(v ?? { type: "any" }, "", Infinity);

/** The finding for an `unknown-kind` or `handle-signature-changed` issue, args or returns. */
export function kindFinding(fn: string, issue: Issue, version?: string): Finding {
  const name = fnName(fn, version);
  const area = issue.path.startsWith("returns") ? "Returned value" : "Argument";
  const at = subPath(issue.path);
  const subject =
    at === ""
      ? `The ${area === "Argument" ? "args" : "return value"} of ${name}`
      : `${area} "${at}" of ${name}`;
  const from = describeValidator(issue.before ?? { type: "any" });
  const to = describeValidator(issue.after ?? { type: "any" });
  const extra = witnessFields(issue, version);
  if (issue.kind === "handle-signature-changed") {
    return finding(
      FUNCTION_HANDLE_SIGNATURE_CHANGED,
      fn,
      `${subject} changed its function handle signature from ${signature(issue.before)} to ${signature(issue.after)}; Convex does not check signatures at runtime, so handles made for the old one may be called the new way.`,
      extra,
    );
  }
  return finding(
    VALIDATOR_KIND_UNKNOWN,
    fn,
    `${subject} changed from ${from} to ${to}; it involves an unknown validator kind, so convex-versioned cannot judge it. Review it by hand.`,
    extra,
  );
}

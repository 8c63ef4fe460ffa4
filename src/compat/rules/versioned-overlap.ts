/**
 * VERSIONED_OVERLAP_RETURNS: two served versions under one export name accept a common call but
 * declare different returns. The dispatcher serves such a call with the newest matching version,
 * so a client built for the older one can get the newer shape. Reported when it appears (a pair
 * that already overlapped in the baseline is not news).
 */
import type { VersionedSpec } from "../../model.ts";
import type { Finding } from "../types.ts";
import { sameValidator } from "../validator/canonical.ts";
import { describeValue } from "../validator/describe.ts";
import { overlaps } from "../validator/overlap.ts";
import { accepts, samples } from "../validator/value.ts";
import { finding, type RuleSpec, rule } from "./rule.ts";

export const VERSIONED_OVERLAP_RETURNS = rule({
  id: "VERSIONED_OVERLAP_RETURNS",
  level: "dangerous",
  purpose: "Flags two versions under one export name whose args overlap but whose returns differ.",
  doc: "A call valid for both versions is served by the newer one, and its result is not adapted down: a client built for the older version gets the newer shape.",
  fix: "Make the shapes disjoint (a field only the newer version requires, e.g. a literal `apiVersion: v.literal(2)`), or give the newer version its own export name.",
});

export const OVERLAP_RULES: RuleSpec[] = [VERSIONED_OVERLAP_RETURNS];

interface Pair {
  older: string;
  newer: string;
  example?: unknown;
}

function overlappingPairs(spec: VersionedSpec): Pair[] {
  const live = spec.versions.filter((v) => spec.serves.includes(v.label) && !v.removed);
  const out: Pair[] = [];
  for (let i = 0; i < live.length; i++) {
    for (let j = i + 1; j < live.length; j++) {
      const a = live[i]!;
      const b = live[j]!;
      if (a.returns === null || b.returns === null || sameValidator(a.returns, b.returns)) continue;
      if (!overlaps(a.args, b.args)) continue;
      const example = samples(a.args).find((s) => accepts(b.args, s));
      out.push({ older: a.label, newer: b.label, ...(example === undefined ? {} : { example }) });
    }
  }
  return out;
}

export function checkOverlap(fn: string, after: VersionedSpec, before?: VersionedSpec): Finding[] {
  const known = new Set(
    before ? overlappingPairs(before).map((p) => `${p.older}\n${p.newer}`) : [],
  );
  return overlappingPairs(after)
    .filter((p) => !known.has(`${p.older}\n${p.newer}`))
    .map((p) =>
      finding(
        VERSIONED_OVERLAP_RETURNS,
        fn,
        `Versions "${p.older}" and "${p.newer}" of "${fn}" overlap${p.example === undefined ? "" : ` (a call like ${describeValue(p.example)} matches both)`} but return different shapes; clients of "${p.older}" making such a call get the "${p.newer}" result.`,
        { version: p.older },
      ),
    );
}

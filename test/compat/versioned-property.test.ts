/**
 * Property test of the dispatcher's view: a versioned export accepts a call when one of its served
 * versions' exact args does. Random chains of 1–3 versions (none deprecated, so nothing may be
 * dropped), a random edit of one version's args or the deletion of one version; whenever
 * `checkCompat` finds nothing breaking, every call some baseline version accepted is accepted by
 * some current version. The judge is the oracle (Convex's `v` + convex-helpers' `validate`).
 */
import { jsonToConvex } from "convex/values";
import fc from "fast-check";
import { expect, test } from "vitest";
import { checkCompat } from "../../src/compat/index.ts";
import type { ValidatorJSON } from "../../src/meta.ts";
import { argsArb, change, valuesOf } from "./arbitraries.ts";
import { app, NOW, version, versioned } from "./helpers.ts";
import { oracleAccepts } from "./oracle.ts";

const chain = fc.array(argsArb, { minLength: 1, maxLength: 3 });

/** The baseline chain, and the current one: one version's args edited, or one version dropped. */
const scenario = chain.chain((before) =>
  fc.tuple(fc.nat(before.length - 1), fc.boolean(), fc.constant(before)).chain(([i, drop]) =>
    drop && before.length > 1
      ? fc.constant({ before, after: before.filter((_, k) => k !== i), dropped: i })
      : change(before[i]!)
          .filter((x) => x.type === "object")
          .map((edited) => ({
            before,
            after: before.map((a, k) => (k === i ? edited : a)),
            dropped: -1,
          })),
  ),
);

function spec(chainArgs: ValidatorJSON[], labels: string[]) {
  return versioned(chainArgs.map((a, k) => version(labels[k]!, a, null)));
}

test("property: no breaking finding ⇒ every call a baseline version accepted is still accepted", () => {
  const seen = { ok: 0, breaking: 0 };
  fc.assert(
    fc.property(
      scenario.chain((s) =>
        fc.tuple(
          fc.constant(s),
          fc.array(
            fc.nat(s.before.length - 1).chain((k) => valuesOf(s.before[k]!)),
            {
              maxLength: 6,
            },
          ),
        ),
      ),
      ([{ before, after, dropped }, calls]) => {
        const labels = before.map((_, k) => `v${k}`);
        const afterLabels = labels.filter((_, k) => k !== dropped);
        const result = checkCompat(
          app({ "m:f": spec(before, labels) }),
          app({ "m:f": spec(after, afterLabels) }),
          { now: NOW },
        );
        const breaking = result.changes.filter((f) => f.level === "breaking");
        if (breaking.length === 0) {
          seen.ok++;
          for (const call of calls) {
            expect(
              after.some(
                (a) => oracleAccepts(a, call),
                JSON.stringify({ before, after, call }, big),
              ),
            ).toBe(true);
          }
          return;
        }
        seen.breaking++;
        for (const f of breaking) {
          if (f.witness === undefined) continue;
          // Findings carry witnesses as Convex JSON (`{"$integer": …}` for an int64).
          const w = jsonToConvex(f.witness as never);
          const where = JSON.stringify({ before, after, finding: f }, big);
          expect(
            before.some((a) => oracleAccepts(a, w)),
            where,
          ).toBe(true);
          expect(
            after.some((a) => oracleAccepts(a, w)),
            where,
          ).toBe(false);
        }
      },
    ),
    { numRuns: 200, seed: 99 },
  );
  expect(seen.ok).toBeGreaterThan(20);
  expect(seen.breaking).toBeGreaterThan(20);
});

function big(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return `${value}n`;
  if (value instanceof ArrayBuffer) return `ArrayBuffer(${value.byteLength})`;
  return value;
}

/**
 * Property tests: random validators (bounded depth), random changes of them, random values.
 * Whenever compat calls a change compatible, values the old side accepts must pass the new side;
 * whenever it calls it breaking, its witness must be accepted by one side and rejected by the
 * other, or it must say why there is none. The judge is `oracle.ts` (Convex's `v` +
 * convex-helpers' `validate`), not compat's own value checker.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { overlaps } from "../../src/compat/validator/overlap.ts";
import { compareArgs, compareReturns, isBlocking } from "../../src/compat/validator/subsume.ts";
import { change, validatorArb, valuesOf } from "./arbitraries.ts";
import { oracleAccepts } from "./oracle.ts";

const pairs = validatorArb.chain((before) => fc.tuple(fc.constant(before), change(before)));

describe("property: compat's verdicts agree with Convex's validators", () => {
  test("args: compatible ⇒ every old value passes; breaking ⇒ a real witness or a reason", () => {
    const seen = { compatible: 0, breaking: 0, witnesses: 0 };
    fc.assert(
      fc.property(
        pairs.chain(([before, after]) =>
          fc.tuple(
            fc.constant(before),
            fc.constant(after),
            fc.array(valuesOf(before), { maxLength: 6 }),
          ),
        ),
        ([before, after, values]) => {
          const result = compareArgs(before, after);
          if (result.compatible) {
            seen.compatible++;
            for (const value of values) {
              expect(oracleAccepts(before, value)).toBe(true);
              expect(
                oracleAccepts(after, value),
                JSON.stringify({ before, after, value }, big),
              ).toBe(true);
            }
            return;
          }
          seen.breaking++;
          for (const issue of result.issues.filter((i) => isBlocking(i.kind))) {
            if (issue.witness === undefined) {
              expect(issue.noWitness).toMatch(/\w/);
              continue;
            }
            seen.witnesses++;
            expect(
              oracleAccepts(before, issue.witness),
              JSON.stringify({ before, after, issue }, big),
            ).toBe(true);
            expect(
              oracleAccepts(after, issue.witness),
              JSON.stringify({ before, after, issue }, big),
            ).toBe(false);
          }
        },
      ),
      { numRuns: 200, seed: 4242 },
    );
    // The generators must exercise both verdicts, or the property proves nothing.
    expect(seen.compatible).toBeGreaterThan(20);
    expect(seen.breaking).toBeGreaterThan(20);
    expect(seen.witnesses).toBeGreaterThan(20);
  });

  test("returns: compatible ⇒ old clients read every new value; breaking ⇒ a real witness or a reason", () => {
    const seen = { compatible: 0, breaking: 0 };
    fc.assert(
      fc.property(
        pairs.chain(([before, after]) =>
          fc.tuple(
            fc.constant(before),
            fc.constant(after),
            fc.array(valuesOf(after), { maxLength: 6 }),
          ),
        ),
        ([before, after, values]) => {
          const result = compareReturns(before, after);
          // Only blocking kinds promise anything; dangerous/info kinds are allowed to let values through.
          if (result.issues.length === 0) {
            seen.compatible++;
            for (const value of values)
              expect(
                oracleAccepts(before, value, true),
                JSON.stringify({ before, after, value }, big),
              ).toBe(true);
            return;
          }
          if (!result.compatible) seen.breaking++;
          for (const issue of result.issues.filter((i) => isBlocking(i.kind))) {
            if (issue.witness === undefined) {
              expect(issue.noWitness).toMatch(/\w/);
              continue;
            }
            expect(oracleAccepts(after, issue.witness)).toBe(true);
            expect(oracleAccepts(before, issue.witness, true)).toBe(false);
          }
        },
      ),
      { numRuns: 200, seed: 4243 },
    );
    expect(seen.compatible).toBeGreaterThan(20);
    expect(seen.breaking).toBeGreaterThan(20);
  });
});

function big(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return `${value}n`;
  if (value instanceof ArrayBuffer) return `ArrayBuffer(${value.byteLength})`;
  return value;
}

test("property: overlaps is sound for 'no' (no value passes both sides)", () => {
  let disjoint = 0;
  fc.assert(
    fc.property(
      pairs.chain(([a, b]) =>
        fc.tuple(fc.constant(a), fc.constant(b), fc.array(valuesOf(a), { maxLength: 6 })),
      ),
      ([a, b, values]) => {
        if (overlaps(a, b)) return;
        disjoint++;
        for (const value of values)
          expect(oracleAccepts(b, value), JSON.stringify({ a, b, value }, big)).toBe(false);
      },
    ),
    { numRuns: 200, seed: 4244 },
  );
  expect(disjoint).toBeGreaterThan(20);
});

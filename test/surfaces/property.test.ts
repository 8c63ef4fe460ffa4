/**
 * Property: what `check` says about client surfaces agrees with Convex's validators. Random apps
 * (a few functions, each absent, as first written, or changed) stand for the recorded builds, the
 * baseline and the code being checked. Whenever a surface is served (the beacon lists it), every
 * call its build can make passes the new args validators — judged by `oracle.ts` (Convex's `v` +
 * convex-helpers' `validate`), not by compat. And the merge loses nothing: every breaking finding
 * of a surface's own judgement names that surface in the output, no finding names a surface that
 * does not call its function, and `ok` is false exactly when an unwaived breaking finding is left.
 */
import fc from "fast-check";
import { expect, test } from "vitest";
import { checkCompat } from "../../src/compat/diff.ts";
import type { AppSpec, FunctionSpec, ValidatorJSON } from "../../src/model.ts";
import { surfaceAsApp, surfaceOf } from "../../src/surfaces/canonical.ts";
import type { SurfaceRecord } from "../../src/surfaces/file.ts";
import { surfaceId } from "../../src/surfaces/id.ts";
import { judgeSurfaces } from "../../src/surfaces/judge.ts";
import { argsArb, change, valuesOf } from "../compat/arbitraries.ts";
import { oracleAccepts } from "../compat/oracle.ts";

const NAMES = ["m:a", "m:b", "n:c"];
const options = { now: "2026-12-01" };

/** Each function as first written: its args (the part a build sends). */
const origins = fc.tuple(...NAMES.map(() => argsArb));

/** One app made from the origins: each function absent, as first written, or changed. */
function appOf(first: ValidatorJSON[]): fc.Arbitrary<AppSpec> {
  return fc
    .tuple(
      ...first.map((args) =>
        fc.oneof(
          { weight: 1, arbitrary: fc.constant(undefined) },
          { weight: 2, arbitrary: fc.constant(args) },
          { weight: 2, arbitrary: change(args) },
        ),
      ),
    )
    .map((all) => {
      const functions: Record<string, FunctionSpec> = {};
      all.forEach((args, i) => {
        if (args && args.type === "object")
          functions[NAMES[i]!] = { kind: "mutation", visibility: "public", args, returns: null };
      });
      return { functions };
    });
}

const scenario = origins.chain((first) =>
  fc.tuple(appOf(first), appOf(first), fc.array(appOf(first), { minLength: 1, maxLength: 3 })),
);

const big = (_: string, value: unknown) => (typeof value === "bigint" ? `${value}n` : value);

test("served surfaces' calls pass the new validators; every surface finding is attributed", () => {
  const seen = { served: 0, broken: 0, calls: 0 };
  fc.assert(
    fc.property(
      scenario.chain(([baseline, current, builds]) =>
        fc.tuple(
          fc.constant(baseline),
          fc.constant(current),
          fc.constant(builds),
          // Calls each build may make: values its args accept, per function.
          fc.tuple(
            ...builds.map((build) =>
              fc.tuple(
                ...NAMES.map((name) => {
                  const fn = build.functions[name];
                  return fn ? fc.array(valuesOf(fn.args), { maxLength: 3 }) : fc.constant([]);
                }),
              ),
            ),
          ),
        ),
      ),
      ([baseline, current, builds, calls]) => {
        const live: SurfaceRecord[] = builds.map((build, i) => {
          const functions = surfaceOf(build);
          return {
            surfaceVersion: 1,
            label: `web@${i}`,
            kind: "web",
            id: surfaceId(functions),
            recordedAt: "2026-11-01T00:00:00.000Z",
            functions,
          };
        });
        const { result, verdicts } = judgeSurfaces(
          checkCompat(baseline, current, options),
          live,
          current,
          options,
        );
        live.forEach((surface, i) => {
          const own = checkCompat(surfaceAsApp(surface.functions), current, options).changes.filter(
            (f) => f.level === "breaking" && Object.hasOwn(surface.functions, f.function),
          );
          expect(verdicts[i]!.served).toBe(own.length === 0);
          for (const f of own) {
            expect(
              result.changes.some(
                (out) =>
                  out.function === f.function &&
                  out.path === f.path &&
                  out.surfaces?.includes(surface.label),
              ),
            ).toBe(true);
          }
          if (!verdicts[i]!.served) {
            seen.broken++;
            return;
          }
          seen.served++;
          NAMES.forEach((name, n) => {
            for (const value of calls[i]![n]!) {
              seen.calls++;
              const now = current.functions[name];
              expect(now, `${name} is gone but ${surface.label} is served`).toBeDefined();
              expect(
                oracleAccepts(now!.args, value),
                JSON.stringify({ build: surface.functions[name], now, value }, big),
              ).toBe(true);
            }
          });
        });
        for (const f of result.changes) {
          for (const label of f.surfaces ?? []) {
            const surface = live.find((s) => s.label === label)!;
            expect(Object.hasOwn(surface.functions, f.function)).toBe(true);
          }
          // One call per build it breaks, naming the args that build's own shape has.
          expect(f.calls?.map((c) => c.surface)).toEqual(f.surfaces);
          for (const call of f.calls ?? []) {
            const own = live.find((s) => s.label === call.surface)!.functions[f.function]!.args;
            expect(call.args).toEqual(own.type === "object" ? Object.keys(own.value) : undefined);
          }
        }
        expect(result.ok).toBe(!result.changes.some((f) => f.level === "breaking" && !f.waived));
      },
    ),
    { numRuns: 150, seed: 1515 },
  );
  // Both verdicts and real calls must occur, or the property proves nothing.
  expect(seen.served).toBeGreaterThan(20);
  expect(seen.broken).toBeGreaterThan(20);
  expect(seen.calls).toBeGreaterThan(50);
});

/**
 * `check` never exits 2 on a lock file `snapshot` wrote, whatever validators the app uses: random
 * apps (every kind in convex/values, commitTs and v.function handles included, plus kinds this
 * release does not know) are written as `snapshot` writes them, read back as `check` reads a
 * baseline, and judged against each other; every output format renders. In-process: a spawned
 * CLI per sample would cost a Node start each (one real app runs end to end in test/cli).
 */
import fc from "fast-check";
import { expect, test } from "vitest";
import { checkCompat, renderCheck } from "../../src/compat/index.ts";
import { serializeLockFile } from "../../src/contracts/canonical.ts";
import { parseLockFile } from "../../src/contracts/lockfile.ts";
import type { ValidatorJSON } from "../../src/meta.ts";
import type { AppSpec, FunctionSpec } from "../../src/model.ts";
import { argsArb, change, validatorArb } from "./arbitraries.ts";
import { NOW, version, versioned } from "./helpers.ts";

/** Some `bytes` leaves become kinds from a Convex newer than this release. */
function withFutureKinds(x: ValidatorJSON, on: boolean): ValidatorJSON {
  if (!on) return x;
  return JSON.parse(JSON.stringify(x), (_key, value) =>
    value?.type === "bytes" ? { type: "vector", dimensions: 3 } : value,
  );
}

const plain = fc
  .record({
    kind: fc.constantFrom("query", "mutation", "action"),
    visibility: fc.constantFrom("public", "internal"),
    args: argsArb,
    returns: fc.option(validatorArb, { nil: null }),
    future: fc.boolean(),
  })
  .map(
    ({ future, ...f }): FunctionSpec => ({
      ...f,
      args: withFutureKinds(f.args, future),
      returns: f.returns && withFutureKinds(f.returns, future),
    }),
  );

const chain = fc
  .array(fc.tuple(argsArb, fc.option(validatorArb, { nil: null })), { minLength: 1, maxLength: 3 })
  .map((versions) => versioned(versions.map(([a, r], i) => version(`2026-0${i + 1}-01`, a, r))));

const fnArb = fc.oneof(plain, chain);
const NAMES = ["m:a", "m:b", "n:a", "n:c"];
const appArb = fc
  .dictionary(fc.constantFrom(...NAMES), fnArb, { maxKeys: 4 })
  .map((functions): AppSpec => ({ functions }));

/** The current side: the baseline with some functions edited the way developers edit them. */
const pairArb = appArb.chain((baseline) =>
  fc.tuple(
    fc.constant(baseline),
    fc.oneof(
      appArb,
      fc
        .tuple(
          ...Object.entries(baseline.functions).map(([name, f]) =>
            (f.returns ? change(f.returns) : fc.constant(null)).map((returns) => [
              name,
              { ...f, returns },
            ]),
          ),
        )
        .map((entries): AppSpec => ({ functions: Object.fromEntries(entries) })),
    ),
  ),
);

/** What `snapshot` writes, read back the way `check` reads a baseline or `--current` file. */
const roundTrip = (spec: AppSpec, file: string): Promise<AppSpec> =>
  parseLockFile(JSON.parse(serializeLockFile(spec)), file);

test("property: snapshot's lock → check never throws, never rejects the lock, renders every format", async () => {
  let findings = 0;
  await fc.assert(
    fc.asyncProperty(pairArb, async ([baseline, current]) => {
      const result = checkCompat(
        await roundTrip(baseline, "base.json"),
        await roundTrip(current, "cur.json"),
        { now: NOW },
      );
      findings += result.changes.length;
      for (const format of ["text", "json", "markdown", "github"] as const)
        expect(renderCheck(result, format, { color: false })).toMatch(/\S/);
    }),
    { numRuns: 150, seed: 1111 },
  );
  // The generator must produce changes, or the property proves little.
  expect(findings).toBeGreaterThan(100);
});

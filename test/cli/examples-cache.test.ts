/**
 * The CI examples cache node_modules/.cache/convex-versioned per dependency set: the key and any
 * restore prefix include the lock file's hash, so a run never starts from another dependency set's
 * entries (they would only be recomputed, but that is the cost the cache exists to avoid).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";

const dir = join(process.cwd(), "examples/ci");

it("every cache step in the CI examples is keyed on the lock file, with no looser restore key", () => {
  let steps = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".yml"))) {
    const text = readFileSync(join(dir, file), "utf8");
    for (const m of text.matchAll(
      /path: node_modules\/\.cache\/convex-versioned\n(\s+key: .*\n)(\s+restore-keys: .*\n)?/g,
    )) {
      steps++;
      expect(m[1], file).toContain("hashFiles('package-lock.json')");
      if (m[2]) expect(m[2], file).toContain("hashFiles('package-lock.json')");
    }
  }
  expect(steps).toBeGreaterThan(0);
});

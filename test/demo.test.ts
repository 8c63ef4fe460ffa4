/** The first command of the README's "Try this repo" (`npm run demo`) keeps telling the true story. */
import { execFileSync } from "node:child_process";
import { expect, test } from "vitest";

test("npm run demo: in-place edit breaks the old client; defineVersioned serves every version", () => {
  const out = execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/demo.ts"], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  const section = (n: number) => out.split("▌ ")[n] ?? "";
  expect(section(1)).toContain("✔ ok");
  expect(section(2).match(/✘ error/g)).toHaveLength(2);
  expect(section(2)).toContain("no such export");
  // Act 2 runs the real check against v1's lock and prints its finding.
  expect(section(2)).toContain("breaking FUNCTION_NO_DELETE messages:send");
  expect(section(2)).toContain("check → exit 1");
  expect(section(3)).not.toContain("✘");
  expect(section(3).match(/✔ ok/g)).toHaveLength(4);
  expect(section(3)).toContain('"convex-versioned":"call"');
  expect(section(4)).toContain("ConvexError VERSION_REMOVED");
  expect(section(4)).toContain("isVersionRemovedError(error) = true");
}, 60_000);

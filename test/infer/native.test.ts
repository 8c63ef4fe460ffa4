/** The native engine's process handling, which the contract tests do not see. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";

it("stopping tsgo prints nothing on the stderr it shares with the CLI", () => {
  // Before tsgo was killed with SIGKILL, about one close in ten printed "context canceled".
  const fixture = join(process.cwd(), "test/fixtures/infer/field-renamed/before/convex");
  const code = `
    import { inferNative } from "./src/spec/infer/native/index.ts";
    for (let i = 0; i < 25; i++) inferNative({ convexDir: ${JSON.stringify(fixture)} });
    process.stdout.write("ran");`;
  const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
    cwd: process.cwd(),
    encoding: "utf8",
  });
  expect(run.stdout).toBe("ran");
  expect(run.stderr).toBe("");
}, 60_000);

/** The native engine's process handling, which the contract tests do not see. */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { inferNative } from "../../src/contracts/infer/native/index.ts";
import { goMemorySettings } from "../../src/contracts/infer/native/tsgo.ts";

const fixture = join(process.cwd(), "test/fixtures/infer/field-renamed/before/convex");

it("stopping tsgo prints nothing on the stderr it shares with the CLI", () => {
  // Before tsgo was killed with SIGKILL, about one close in twelve printed "context canceled".
  // Each round is what an inference does to the process (start, a request, stop) without the
  // checking between: with SIGTERM put back, 50 rounds printed it 1–3 times in each of 3 runs
  // (~1.7 s), where 25 whole inferences took ~13 s for about the same odds.
  const code = `
    import { startTsgo, stopTsgo } from "./src/contracts/infer/native/tsgo.ts";
    for (let i = 0; i < 50; i++) {
      const api = startTsgo({ cwd: ${JSON.stringify(fixture)}, files: {} });
      api.updateSnapshot({ openProjects: [] });
      stopTsgo(api);
    }
    process.stdout.write("ran");`;
  const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
    cwd: process.cwd(),
    encoding: "utf8",
  });
  expect(run.stdout).toBe("ran");
  expect(run.stderr).toBe("");
}, 60_000);

describe("Go runtime settings for tsgo", () => {
  const GiB = 2 ** 30;

  it("no collection until an eighth of the memory is used, at least 512 MiB", () => {
    expect(goMemorySettings({}, 16 * GiB)).toEqual({ GOGC: "off", GOMEMLIMIT: "2048MiB" });
    expect(goMemorySettings({}, 2 * GiB)).toEqual({ GOGC: "off", GOMEMLIMIT: "512MiB" });
  });

  it("whoever sets GOGC or GOMEMLIMIT keeps their own", () => {
    expect(goMemorySettings({ GOGC: "100" }, 8 * GiB)).toEqual({});
    expect(goMemorySettings({ GOMEMLIMIT: "1GiB" }, 8 * GiB)).toEqual({});
  });

  it("our own environment is left as it was", () => {
    const before = { GOGC: process.env.GOGC, GOMEMLIMIT: process.env.GOMEMLIMIT };
    inferNative({ convexDir: fixture });
    expect({ GOGC: process.env.GOGC, GOMEMLIMIT: process.env.GOMEMLIMIT }).toEqual(before);
  }, 60_000);
});

describe.runIf(process.platform === "linux")("Ctrl-C reaches the CLI, not tsgo", () => {
  it("tsgo runs in a process group of its own, and spawn is left as it was", async () => {
    const childProcess = await import("node:child_process");
    const spawnBefore = childProcess.spawn;
    const { startTsgo, stopTsgo } = await import("../../src/contracts/infer/native/tsgo.ts");
    const api = startTsgo({ cwd: fixture, files: {} });
    try {
      const child = (api as unknown as { client: { channel: { child: { pid: number } } } }).client
        .channel.child;
      const group = (pid: number) =>
        Number(readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")[2]);
      expect(group(child.pid)).toBe(child.pid);
      expect(group(child.pid)).not.toBe(group(process.pid));
    } finally {
      stopTsgo(api);
    }
    expect(childProcess.spawn).toBe(spawnBefore);
  }, 60_000);
});

/**
 * The CLI writes its output to descriptors 1 and 2 without creating `process.stdout` (src/cli/io.ts):
 * every byte must still arrive through a pipe a slow reader drains, and a reader that goes away
 * early (`| head`) must not turn into an error or a changed exit code.
 */
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect, it } from "vitest";

const io = pathToFileURL(join(process.cwd(), "dist/cli/io.js")).href;
const MB = 1024 * 1024;
/** A child that writes `lines` lines of 1 KiB through `processIo().stdout`, then exits 0. */
const writer = (lines: number) => `
  const { processIo } = await import(${JSON.stringify(io)});
  const out = processIo();
  const line = "x".repeat(1023) + "\\n";
  for (let i = 0; i < ${lines}; i++) out.stdout(line);
  out.stderr("done\\n");
`;

it("a megabyte written to a pipe arrives whole", () => {
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", writer(1024)], {
    encoding: "utf8",
    maxBuffer: 4 * MB,
  });
  expect(run.stderr).toBe("done\n");
  expect(run.stdout.length).toBe(MB);
  expect(run.status).toBe(0);
}, 60_000);

it("a reader that is slow to start still gets every byte", async () => {
  const child = spawn(process.execPath, ["--input-type=module", "-e", writer(1024)]);
  await new Promise((r) => setTimeout(r, 300)); // the pipe (64 KiB) is full long before this
  let bytes = 0;
  child.stdout.on("data", (chunk: Buffer) => {
    bytes += chunk.length;
  });
  const status = await new Promise((done) => child.on("close", done));
  expect(status).toBe(0);
  expect(bytes).toBe(MB);
}, 60_000);

// A descriptor inherited non-blocking (some CI runners' pipes) answers EAGAIN once it is full: the
// rest goes through the stream. Node cannot make such a pipe, so Python (on this machine) does.
const python = spawnSync("python3", ["--version"]).status === 0;
it.skipIf(!python)(
  "a non-blocking pipe that fills up still gets every byte",
  () => {
    const script = `
import os, subprocess, sys, time
r, w = os.pipe()
os.set_blocking(w, False)
child = subprocess.Popen([sys.argv[1], "--input-type=module", "-e", sys.argv[2]], stdout=w, stderr=subprocess.PIPE)
os.close(w)
time.sleep(0.3)
data = b""
while True:
    chunk = os.read(r, 65536)
    if not chunk:
        break
    data += chunk
err = child.stderr.read().decode()
print(len(data), child.wait(), err.strip())
`;
    const run = spawnSync("python3", ["-c", script, process.execPath, writer(1024)], {
      encoding: "utf8",
    });
    expect(run.stdout.trim()).toBe(`${MB} 0 done`);
  },
  60_000,
);

it("a reader that leaves early ends the output quietly: exit 0, nothing on stderr", async () => {
  const child = spawn(process.execPath, ["--input-type=module", "-e", writer(4096)]);
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk;
  });
  child.stdout.once("data", () => child.stdout.destroy());
  const status = await new Promise((done) => child.on("close", done));
  expect(stderr).toBe("done\n");
  expect(status).toBe(0);
}, 60_000);

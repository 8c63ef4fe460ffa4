/**
 * One real browser run: examples/react-skew bundled with esbuild and served over HTTP, opened in
 * headless Chromium (Debian's /usr/bin/chromium, driven over CDP by playwright-core). A simulated
 * deploy drops the page's surface: the prompt appears; Reload reloads the page once; the reloaded
 * page, still the same stale build, says reloading did not help and offers no second reload.
 *
 * Without /usr/bin/chromium the test is skipped, saying so (.ci/run installs it on CI machines).
 * `UPDATE_SCREENSHOT=1` also writes the prompt's screenshot to docs/skew-prompt.png.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
const title = available
  ? "headless Chromium shows the prompt after a simulated deploy, reloads once, never loops"
  : `SKIPPED: ${CHROMIUM} is missing (apt-get install -y chromium) — headless Chromium run of examples/react-skew`;

// The default reporter shows only a count of skipped tests; say which and why.
if (!available) console.warn(`test/browser/skew-prompt.test.ts: ${title}`);

let server: Server | undefined;
let browserProcess: ChildProcess | undefined;
let browser: Browser | undefined;
let profile: string | undefined;
let origin = "";

/** Starts Chromium with a fresh profile and returns its DevTools websocket address. */
function launch(userDataDir: string): Promise<string> {
  const child = spawn(
    CHROMIUM,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--user-data-dir=${userDataDir}`,
      "--remote-debugging-port=0",
      "about:blank",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  browserProcess = child;
  return new Promise((resolve, reject) => {
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
      if (match) resolve(match[1]!);
    });
    child.on("exit", (code) => reject(new Error(`chromium exited (${code}): ${stderr}`)));
  });
}

beforeAll(async () => {
  if (!available) return;
  const bundled = await build({
    entryPoints: [join(repo, "examples/react-skew/main.ts")],
    absWorkingDir: repo,
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    logLevel: "silent",
    alias: { "convex-versioned/react": "./src/react.ts" },
    define: { "process.env.NODE_ENV": '"production"' },
  });
  const files: Record<string, [string, string | Uint8Array]> = {
    "/": ["text/html", readFileSync(join(repo, "examples/react-skew/index.html"))],
    "/main.js": ["text/javascript", bundled.outputFiles[0]!.contents],
  };
  server = createServer((req, res) => {
    const file = files[req.url ?? ""];
    if (file === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": file[0] }).end(file[1]);
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  mkdirSync(join(repo, "test/.tmp"), { recursive: true });
  profile = mkdtempSync(join(repo, "test/.tmp/chromium-"));
  browser = await chromium.connectOverCDP(await launch(profile));
}, 120_000);

afterAll(async () => {
  const child = browserProcess;
  const exited =
    child === undefined || child.exitCode !== null
      ? Promise.resolve()
      : new Promise((resolve) => child.once("exit", resolve));
  // Browser.close shuts Chromium down with all its helper processes (connectOverCDP's close()
  // would only disconnect); the kill is for a browser that does not answer.
  const session = await browser?.newBrowserCDPSession().catch(() => undefined);
  await session?.send("Browser.close").catch(() => {});
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  if (child !== undefined && child.exitCode === null) child.kill("SIGKILL");
  await exited;
  server?.close();
  // Helper processes may still be flushing the profile for a moment after the browser exits.
  if (profile) rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

describe("examples/react-skew in a real browser", () => {
  test.skipIf(!available)(
    title,
    async () => {
      const page = await browser!.contexts()[0]!.newPage();
      await page.setViewportSize({ width: 720, height: 360 });
      await page.goto(`${origin}/`);
      await page.getByText("page load 1").waitFor();
      expect(await page.getByRole("alert").count()).toBe(0);

      // The deploy drops this build's surface: the beacon re-runs and the prompt appears.
      await page.evaluate(() => (window as any).deploy(["s1-0000000000000000"]));
      const alert = page.getByRole("alert");
      await alert.waitFor();
      expect(await alert.textContent()).toContain("A new version of this app is available");
      const shot = await page.screenshot();
      writeFileSync(join(repo, "test/.tmp/skew-prompt.png"), shot);
      if (process.env.UPDATE_SCREENSHOT) writeFileSync(join(repo, "docs/skew-prompt.png"), shot);

      // Reload: a real location.reload(), remembered in the tab's sessionStorage.
      await page.getByRole("button", { name: "Reload" }).click();
      await page.getByText("page load 2").waitFor();
      // Still the same stale build after reloading: the guard says so and offers no reload.
      await page.getByText("reloading has not fixed it").waitFor();
      expect(await page.getByRole("button", { name: "Reload" }).count()).toBe(0);
      expect(await page.evaluate(() => sessionStorage.getItem("react-skew-demo:loads"))).toBe("2");
      await page.close();
    },
    120_000,
  );
});

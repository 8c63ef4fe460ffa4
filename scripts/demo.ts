/**
 * `npm run demo`: the seed incident and its fix, played on convex-test with real Convex apps.
 *
 *   1. v1 is live; an old client (a staged Vercel build, an open tab) calls `messages:send`.
 *   2. v2 is deployed by editing in place: the old client's call fails.
 *   3. v2 is deployed with `defineVersioned` (this repo's convex/): old and new clients both work
 *      through a rename, a changed argument shape and a changed return shape.
 *   4. A removed version answers with a typed error the client can act on.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeFunctionReference } from "convex/server";
import { main as cli } from "../src/cli/index.ts";
import { isSkewError, isVersionRemovedError, versionedErrorData } from "../src/client.ts";
import { createColors } from "../src/colors.ts";
import { loadApp } from "./load-app.ts";

const mutation = (path: string) => makeFunctionReference<"mutation">(path);
const query = (path: string) => makeFunctionReference<"query">(path);

// Colour as picocolors decides it: a terminal (not TERM=dumb), unless NO_COLOR; FORCE_COLOR or CI forces it.
const pc = createColors(
  !process.env.NO_COLOR &&
    (!!process.env.FORCE_COLOR ||
      !!process.env.CI ||
      (process.stdout.isTTY === true && process.env.TERM !== "dumb")),
);
const say = (text: string) => console.log(text);
const step = (title: string) => say(`\n${pc.bold(pc.cyan(`▌ ${title}`))}`);
const call = (who: string, path: string, args: unknown) =>
  say(`  ${pc.dim(who)} → ${pc.bold(path)}(${JSON.stringify(args)})`);
const ok = (value: unknown) => say(`    ${pc.green("✔ ok")} ${JSON.stringify(value)}`);
const fail = (error: unknown) => {
  const data = versionedErrorData(error);
  const message = data
    ? `ConvexError ${data.code}: ${data.message}`
    : error instanceof Error
      ? error.message
      : String(error);
  say(`    ${pc.red("✘ error")} ${message.split("\n")[0]}`);
};

async function attempt(who: string, run: () => Promise<unknown>, path: string, args: unknown) {
  call(who, path, args);
  try {
    const value = await run();
    ok(value);
    return { ok: true as const, value };
  } catch (error) {
    fail(error);
    return { ok: false as const, error };
  }
}

const OLD = "old client (v1 build)";
const NEW = "new client (v3 build)";
const oldArgs = { body: "hello from an open tab", author: "ada" };

/** `snapshot` of v1, then `check` of the in-place v2 against it: the real CLI, in process. */
async function checkAgainstV1() {
  const dir = mkdtempSync(join(tmpdir(), "cv-demo-"));
  const lock = join(dir, "v1.lock.json");
  const run = async (argv: string[]) => {
    let stdout = "";
    let stderr = "";
    const io = {
      cwd: process.cwd(),
      env: { NO_COLOR: "1" },
      stdout: (t: string) => {
        stdout += t;
      },
      stderr: (t: string) => {
        stderr += t;
      },
      isTTY: false,
    };
    return { code: await cli(argv, io), stdout, stderr };
  };
  try {
    const snap = await run([
      "snapshot",
      "--convex-dir",
      "examples/evolution/v1/convex",
      "--out",
      lock,
      "--no-infer-returns",
    ]);
    if (snap.code !== 0) throw new Error(snap.stderr);
    const check = await run([
      "check",
      "--convex-dir",
      "examples/evolution/v2-in-place/convex",
      "--baseline",
      lock,
      "--no-infer-returns",
      "--format",
      "json",
    ]);
    const { changes } = JSON.parse(check.stdout) as {
      changes: { rule: string; level: string; function: string; message: string }[];
    };
    for (const c of changes.filter((c) => c.level === "breaking"))
      say(`    ${pc.red("breaking")} ${pc.bold(c.rule)} ${c.function}: ${c.message}`);
    say(`    ${pc.dim(`$ npx convex-versioned check → exit ${check.code}`)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  say(
    pc.bold(
      "convex-versioned demo — a deploy goes live at once; old clients keep calling old names",
    ),
  );

  step("1. v1 is live: messages:send({ body, author }) → id");
  const v1 = await loadApp("examples/evolution/v1/convex");
  await attempt(
    OLD,
    () => v1.mutation(mutation("messages:send"), oldArgs),
    "messages:send",
    oldArgs,
  );

  step(
    "2. v2 deployed by editing in place (renamed, channelId required, body → text, object result)",
  );
  const v2 = await loadApp("examples/evolution/v2-in-place/convex");
  const channel = await v2.mutation(mutation("channels:create"), { name: "general" });
  const broken = await attempt(
    OLD,
    () => v2.mutation(mutation("messages:send"), oldArgs),
    "messages:send",
    oldArgs,
  );
  await attempt(
    OLD,
    () => v2.mutation(mutation("messages:sendMessage"), oldArgs),
    "messages:sendMessage",
    oldArgs,
  );
  const newArgs = { channelId: channel, text: "hi", author: "bob" };
  await attempt(
    "new client (v2 build)",
    () => v2.mutation(mutation("messages:sendMessage"), newArgs),
    "messages:sendMessage",
    newArgs,
  );
  say(
    pc.yellow(
      "    Every frontend still running v1 code is broken until it reloads: the staged Vercel build,\n" +
        "    yesterday's tabs, the mobile app. `convex-versioned check`, run before the deploy against\n" +
        "    v1's lock file, fails it:",
    ),
  );
  await checkAgainstV1();
  if (!broken.ok)
    say(
      `    isSkewError(error) = ${isSkewError(broken.error)}: the client can at least offer a reload.`,
    );

  step(
    "3. v2 deployed with defineVersioned (convex/messages.ts): one handler, every version served",
  );
  const app = await loadApp("convex");
  const general = await app.mutation(mutation("channels:create"), { name: "general" });
  say(
    pc.dim(
      "  rename + changed args + changed result: `up` maps v1 args (and looks up the default channel);",
    ),
  );
  say(pc.dim("  `down` maps the v3 result back to v1's plain id"));
  const logLines: string[] = [];
  /** Runs a call with its console output (the usage log line) set aside, to show it afterwards. */
  const quietly = async <T>(run: () => Promise<T>): Promise<T> => {
    const original = console.log;
    console.log = (line: unknown) => logLines.push(String(line));
    try {
      return await run();
    } finally {
      console.log = original;
    }
  };
  const v2Args = { channelId: general, text: "hi", author: "bob" };
  const v3Args = { channelId: general, text: "**hi**", author: "cy", format: "markdown" as const };
  const listArgs = { channel: "general" };
  await attempt(
    OLD,
    () => quietly(() => app.mutation(mutation("messages:send"), oldArgs)),
    "messages:send",
    oldArgs,
  );
  await attempt(
    "v2 client",
    () => quietly(() => app.mutation(mutation("messages:sendMessage"), v2Args)),
    "messages:sendMessage",
    v2Args,
  );
  await attempt(
    NEW,
    () => quietly(() => app.mutation(mutation("messages:sendMessage"), v3Args)),
    "messages:sendMessage",
    v3Args,
  );
  await attempt(
    OLD,
    () => quietly(() => app.query(query("messages:list"), listArgs)),
    "messages:list",
    listArgs,
  );
  say(
    pc.dim(
      "  usage evidence logged by calls through old versions (what `convex-versioned report` reads):",
    ),
  );
  for (const line of logLines) say(`    ${pc.dim(line)}`);

  step("4. A removed version answers with a typed error the client can act on");
  const tombstone = await attempt(
    "ancient client",
    () => app.mutation(mutation("messages:post"), { body: "hi" }),
    "messages:post",
    { body: "hi" },
  );
  if (!tombstone.ok) {
    say(`    isVersionRemovedError(error) = ${isVersionRemovedError(tombstone.error)}`);
    say(`    error.data = ${JSON.stringify(versionedErrorData(tombstone.error))}`);
    say(
      pc.green(
        "    → the frontend shows “A new version is available — reload” instead of crashing.",
      ),
    );
  }
  say("");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

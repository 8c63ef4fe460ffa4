/**
 * `check --pending` on an app that mounts components: every component instance has its own
 * `_scheduled_functions`, whose jobs run the component's code. The project is built the way an app
 * that installed components looks: test/fixtures/pending-components/convex (a local `counter`
 * component, mounted twice) plus two component packages in node_modules (`mailer-component`,
 * mounted as `mail`, which mounts `limiter-component` itself: instance `mail/limiter`). The
 * Convex CLI is a stand-in on node_modules/.bin that answers `data … --component PATH` from one
 * JSONL file per instance and logs how it was called. mailer-component imports a dependency of
 * its own that the app's node_modules does not have (pnpm does not hoist): a component is bundled
 * with its dependencies, as Convex deploys it.
 */
import {
  chmodSync,
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { DATA_LIMIT } from "../../src/cli/pending-source.ts";
import type { Finding } from "../../src/compat/types.ts";
import { fixtures, tempDir } from "../contracts/helpers.ts";
import { cli } from "./helpers.ts";

const fixture = join(fixtures, "pending-components");
const repo = join(fixtures, "../..");
let project: string;
let baseline: string;

/** A project with the fixture's functions folder and `convex` installed (a link to this repo's). */
function appProject(): string {
  const dir = tempDir("cv-components-");
  writeFileSync(join(dir, "package.json"), '{ "name": "app", "private": true }\n');
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(join(repo, "node_modules/convex"), join(dir, "node_modules/convex"));
  cpSync(join(fixture, "convex"), join(dir, "convex"), { recursive: true });
  return dir;
}

/** One `_scheduled_functions` document as `npx convex data --format jsonl` prints it. */
const doc = (id: string, name: string, args: object, kind = "pending", at = 1796126400000) =>
  JSON.stringify({
    _creationTime: at - 1000,
    _id: id,
    args: [args],
    name,
    scheduledTime: at,
    state: { kind },
  });

/** Each queue, by component instance path ("" is the app's own). */
const queues: Record<string, string[]> = {
  "": [
    doc("r1ok", "jobs.js:sendEmail", { to: "a@example.com", subject: "hi" }),
    doc("r2bad", "jobs.js:sendEmail", { to: "a@example.com" }),
  ],
  counter: [
    doc("c1ok", "lib.js:bump", { by: 2 }),
    doc("c2bad", "lib.js:bump", { by: "two" }),
    doc("c3gone", "lib.js:gone", {}),
    doc("c4query", "lib.js:total", {}),
    doc("c5done", "lib.js:bump", { by: "over" }, "success"),
  ],
  tally: [doc("t1ok", "lib.js:bump", { by: 1 })],
  mail: [
    doc("m1ok", "send.js:deliver", { to: "a@example.com", attempt: 1 }),
    doc("m2bad", "send.js:deliver", { to: "a@example.com" }, "pending", 1796126400500),
    doc("m3bad", "send.js:deliver", { to: "b@example.com" }, "inProgress", 1796126400100),
  ],
  "mail/limiter": [doc("l1bad", "window.js:reset", { key: 5 })],
};

const file = (path: string) => join(project, `queue-${path.replace("/", "-") || "app"}.jsonl`);

beforeAll(async () => {
  project = appProject();
  const modules = join(project, "node_modules");
  mkdirSync(join(modules, ".bin"), { recursive: true });
  for (const name of readdirSync(join(fixture, "packages")))
    cpSync(join(fixture, "packages", name), join(modules, name), { recursive: true });
  // A dependency only the package can reach, as pnpm installs it (not hoisted to the app).
  const dep = join(modules, "mailer-component/node_modules/mailer-dep");
  mkdirSync(dep, { recursive: true });
  writeFileSync(
    join(dep, "package.json"),
    '{ "name": "mailer-dep", "type": "module", "main": "index.js" }\n',
  );
  writeFileSync(join(dep, "index.js"), "export const maxAttempts = 5;\n");
  writeFileSync(
    join(project, "convex/convex.config.ts"),
    [
      'import { defineApp } from "convex/server";',
      'import mailer from "mailer-component/convex.config";',
      'import counter from "./components/counter/convex.config";',
      "",
      "const app = defineApp();",
      "app.use(counter);",
      'app.use(counter, { name: "tally" });',
      'app.use(mailer, { name: "mail" });',
      "",
      "export default app;",
      "",
    ].join("\n"),
  );
  // The app's own crons.ts (one fine cron): a component's cron finding must not point at it.
  writeFileSync(
    join(project, "convex/crons.ts"),
    [
      'import { cronJobs, makeFunctionReference } from "convex/server";',
      "const crons = cronJobs();",
      'crons.daily("bad tick", { hourUTC: 1 }, makeFunctionReference<"mutation">("jobs:sendEmail"), {',
      '  to: "team@example.com",',
      '  subject: "daily",',
      "});",
      "export default crons;",
      "",
    ].join("\n"),
  );
  for (const [path, lines] of Object.entries(queues))
    writeFileSync(file(path), `${lines.join("\n")}\n`);
  const cases = Object.keys(queues)
    .map((path) =>
      path === ""
        ? `  *" --limit ${DATA_LIMIT}") cat ${JSON.stringify(file(path))} ;;`
        : `  *" --component ${path}") cat ${JSON.stringify(file(path))} ;;`,
    )
    .join("\n");
  const fake = join(modules, ".bin/convex");
  writeFileSync(
    fake,
    `#!/bin/sh\necho "$*" >> ${JSON.stringify(join(project, "calls.log"))}\ncase "$*" in\n${cases}\n  *) echo "asked for: $*" >&2; exit 3 ;;\nesac\n`,
  );
  chmodSync(fake, 0o755);
  baseline = join(project, "lock.json");
  const snap = await cli(
    ["snapshot", "--convex-dir", "convex", "--out", baseline, "--no-infer-returns"],
    project,
  );
  expect(snap.code, snap.stderr).toBe(0);
});

type Result = { ok: boolean; changes: Finding[]; pending?: { judged: number; sources: unknown[] } };

const check = (extra: string[], stdin?: Readable, where = project) =>
  cli(
    [
      "check",
      "--convex-dir",
      "convex",
      "--baseline",
      baseline,
      "--no-infer-returns",
      "--now",
      "2026-12-01",
      ...extra,
    ],
    where,
    {},
    stdin,
  );

const rows = (changes: Finding[]) =>
  changes
    .filter((f) => /^(PENDING|CRON)_/.test(f.rule))
    .map((f) => `${f.rule} ${f.function} ${f.pending?.jobs}`)
    .sort();

describe("check --pending deployment on an app with components", () => {
  let run: Awaited<ReturnType<typeof check>>;
  let out: Result;
  beforeAll(async () => {
    run = await check(["--pending", "deployment", "--format", "json"]);
    out = JSON.parse(run.stdout || "{}");
  });

  it("reads the app's queue, then each mounted instance's, nested ones too, with --component", () => {
    expect(run.code, run.stderr).toBe(1);
    const calls = readFileSync(join(project, "calls.log"), "utf8").trim().split("\n");
    const data = `data _scheduled_functions --format jsonl --limit ${DATA_LIMIT}`;
    expect(calls.slice(0, 5)).toEqual([
      data,
      `${data} --component counter`,
      `${data} --component tally`,
      `${data} --component mail`,
      `${data} --component mail/limiter`,
    ]);
    // 2 + 4 waiting (one is over) + 1 + 3 + 1.
    expect(out.pending?.judged).toBe(11);
    expect(out.pending?.sources).toHaveLength(5);
  });

  it("judges each queue against its component's own functions, and each instance's crons", () => {
    expect(rows(out.changes)).toEqual([
      "CRON_ARGS_REJECTED counter/lib:bump 1",
      "CRON_ARGS_REJECTED mail/limiter/window:reset 1",
      "CRON_ARGS_REJECTED tally/lib:bump 1",
      "PENDING_ARGS_REJECTED counter/lib:bump 1",
      "PENDING_ARGS_REJECTED jobs:sendEmail 1",
      "PENDING_ARGS_REJECTED mail/limiter/window:reset 1",
      "PENDING_ARGS_REJECTED mail/send:deliver 2",
      "PENDING_TARGET_KIND_CHANGED counter/lib:total 1",
      "PENDING_TARGET_REMOVED counter/lib:gone 1",
    ]);
  });

  it("a component's finding names the component, its jobs and a fix that fits whose code it is", () => {
    const deliver = out.changes.find((f) => f.function === "mail/send:deliver")!;
    expect(deliver).toMatchObject({ component: "mail", level: "breaking" });
    expect(deliver.message).toContain(
      '2 pending jobs for "send:deliver" of component "mail" hold args',
    );
    expect(deliver.pending?.witnesses.map((w) => w.job)).toEqual(["m2bad", "m3bad"]);
    expect(deliver.pending?.earliest).toBe(new Date(1796126400100).toISOString());
    // A package's code is not edited: keep the version that accepts the jobs, or let them drain.
    expect(deliver.fix).toContain("keep the package version that accepts these jobs installed");
    expect(deliver.fix).toContain("--component mail");
    // The app's own component is the app's code: serve the stored shape from it.
    const bump = out.changes.find(
      (f) => f.rule === "PENDING_ARGS_REJECTED" && f.function === "counter/lib:bump",
    )!;
    expect(bump.fix).toContain("defineVersioned");
    expect(bump.pending?.witnesses).toEqual([
      { job: "c2bad", path: "args.by", expected: "number", got: "string" },
    ]);
    // A package's cron is not the app's to fix; a local component's cron keeps the rule's fix.
    const cron = (fn: string) =>
      out.changes.find((f) => f.rule === "CRON_ARGS_REJECTED" && f.function === fn)!;
    expect(cron("mail/limiter/window:reset").fix).toContain("component package's own crons.ts");
    expect(cron("counter/lib:bump").fix).not.toContain("package");
    // The same definition mounted as "tally" holds only a job it accepts.
    expect(
      out.changes.some((f) => f.function.startsWith("tally/") && f.rule.startsWith("PENDING_")),
    ).toBe(false);
  });

  it("the text output shows the component-qualified name", async () => {
    const text = await check(["--pending", "deployment"]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain("mail/limiter/window:reset");
    expect(text.stdout).toContain('"window:reset" of component "mail/limiter"');
    expect(text.stdout).toContain(
      "--component mail/limiter): 1 document, 1 pending or in progress",
    );
  });

  it("GitHub annotations: a component's finding names no file of the app", async () => {
    const github = await check(["--pending", "deployment", "--format", "github"]);
    const lines = github.stdout.split("\n");
    const component = lines.filter(
      (l) => l.includes('of component \\"') || l.includes("of component"),
    );
    expect(component.length).toBeGreaterThan(0);
    for (const line of component) expect(line).not.toContain("file=");
    // The app's own finding is still placed in its module.
    expect(lines.find((l) => l.includes('"jobs:sendEmail"'))).toContain("file=convex/jobs.ts");
  });
});

describe("waivers on a component's finding", () => {
  it("name it by its component-qualified function, or by fingerprint; nothing else is waived", async () => {
    const first = JSON.parse(
      (await check(["--pending", "deployment", "--format", "json"])).stdout,
    ) as Result;
    const bump = first.changes.find(
      (f) => f.rule === "PENDING_ARGS_REJECTED" && f.function === "counter/lib:bump",
    )!;
    const waivers = join(project, "waivers.json");
    writeFileSync(
      waivers,
      JSON.stringify([
        {
          rule: "PENDING_ARGS_REJECTED",
          function: "mail/send:deliver",
          reason: "the mailer upgrade ships after its queue drains",
          expires: "2026-12-31",
        },
        {
          fingerprint: bump.fingerprint,
          reason: "jobs re-enqueued by hand",
          expires: "2026-12-31",
        },
      ]),
    );
    const run = await check(["--pending", "deployment", "--waivers", waivers, "--format", "json"]);
    const out = JSON.parse(run.stdout) as Result;
    const waived = out.changes
      .filter((f) => f.waived)
      .map((f) => f.function)
      .sort();
    expect(waived).toEqual(["counter/lib:bump", "mail/send:deliver"]);
    // Not the same function in the other mount ("tally"), its crons finding, or the app's own.
    expect(out.changes.some((f) => f.rule === "WAIVER_UNUSED")).toBe(false);
    expect(out.changes.find((f) => f.function === "jobs:sendEmail")?.waived).toBeUndefined();
    expect(run.code).toBe(1);
  });
});

describe("check --pending PATH=FILE: one component's jobs from a file", () => {
  it("judges the file against the named component; the app's queue is not asked for", async () => {
    const run = await check([
      "--pending",
      `counter=${file("counter")}`,
      "--pending",
      `mail/limiter=${file("mail/limiter")}`,
      "--format",
      "json",
    ]);
    expect(run.code, run.stderr).toBe(1);
    const out = JSON.parse(run.stdout) as Result;
    expect(rows(out.changes)).toEqual([
      "CRON_ARGS_REJECTED counter/lib:bump 1",
      "CRON_ARGS_REJECTED mail/limiter/window:reset 1",
      "CRON_ARGS_REJECTED tally/lib:bump 1",
      "PENDING_ARGS_REJECTED counter/lib:bump 1",
      "PENDING_ARGS_REJECTED mail/limiter/window:reset 1",
      "PENDING_TARGET_KIND_CHANGED counter/lib:total 1",
      "PENDING_TARGET_REMOVED counter/lib:gone 1",
    ]);
    expect(out.pending?.judged).toBe(5);
  });

  it("PATH=- reads standard input", async () => {
    const run = await check(
      ["--pending", "mail=-", "--format", "json"],
      Readable.from([readFileSync(file("mail"))]),
    );
    expect(run.code, run.stderr).toBe(1);
    expect(rows((JSON.parse(run.stdout) as Result).changes)).toContain(
      "PENDING_ARGS_REJECTED mail/send:deliver 2",
    );
  });

  it("a component the app does not mount is exit 2 naming the ones it does", async () => {
    const run = await check(["--pending", `workpool=${file("counter")}`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "--pending workpool=" +
        file("counter") +
        ': the app has no component "workpool" (it mounts: counter, tally, mail, mail/limiter)',
    );
  });

  it("with --current (a lock, no code): only the app's own queue, and the output says so", async () => {
    const run = await cli(
      [
        "check",
        "--current",
        baseline,
        "--baseline",
        baseline,
        "--pending",
        "deployment",
        "--format",
        "json",
      ],
      project,
    );
    const out = JSON.parse(run.stdout) as Result & { warnings: string[] };
    expect(out.pending?.judged).toBe(2);
    expect(out.warnings).toContainEqual(
      expect.stringContaining("only the app's own queue was judged"),
    );
    const named = await cli(
      [
        "check",
        "--current",
        baseline,
        "--baseline",
        baseline,
        "--pending",
        `counter=${file("counter")}`,
      ],
      project,
    );
    expect(named.code).toBe(2);
    expect(named.stderr).toContain("check --current has no code to read them from");
  });

  it("a convex.config that ends the process is exit 2 naming it, never a pass", async () => {
    const other = appProject();
    writeFileSync(
      join(other, "convex/convex.config.ts"),
      'import { defineApp } from "convex/server";\nprocess.exit(0);\nexport default defineApp();\n',
    );
    const run = await check(["--pending", `counter=${file("counter")}`], undefined, other);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "convex/convex.config.ts to find the components it mounts (their scheduled jobs are judged against their own code): it called process.exit(0) while being imported.",
    );
  });
});

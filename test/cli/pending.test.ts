/**
 * `check --pending` and `report --pending` end to end over the pending fixture
 * (test/fixtures/pending): its jobs.ts and crons.ts are the code about to be deployed,
 * scheduled.jsonl holds the deployment's `_scheduled_functions` documents in the Convex CLI's own
 * `data --format jsonl` syntax, and the baseline is the fixture's own lock with the edits a past
 * deploy would explain (`recount` was a mutation, `notify` had no `channel`, `cleanup` existed,
 * `charge` took its amount as a float64).
 * The deployment source runs a stand-in `convex` CLI on the project's node_modules/.bin.
 */
import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/index.ts";
import { DATA_LIMIT } from "../../src/cli/pending-source.ts";
import type { Finding } from "../../src/compat/types.ts";
import { fixtures, tempDir } from "../contracts/helpers.ts";
import { cli, spawnCli } from "./helpers.ts";

const app = join(fixtures, "pending/convex");
const jobsFile = join(fixtures, "pending/scheduled.jsonl");
let cwd: string;
let baseline: string;

beforeAll(async () => {
  cwd = tempDir();
  const lock = join(cwd, "lock.json");
  const snap = await cli(
    ["snapshot", "--convex-dir", app, "--out", lock, "--no-infer-returns"],
    cwd,
  );
  expect(snap.code, snap.stderr).toBe(0);
  const spec = JSON.parse(readFileSync(lock, "utf8"));
  spec.functions["jobs:recount"].kind = "mutation";
  delete spec.functions["jobs:notify"].args.value.channel;
  spec.functions["jobs:cleanup"] = structuredClone(spec.functions["jobs:default"]);
  spec.functions["jobs:charge"].args.value.amount.fieldType = { type: "number" };
  baseline = join(cwd, "baseline.json");
  writeFileSync(baseline, JSON.stringify(spec));
});

const base = () => [
  "check",
  "--convex-dir",
  app,
  "--baseline",
  baseline,
  "--no-infer-returns",
  "--now",
  "2026-12-01",
];

type Result = { ok: boolean; changes: Finding[]; pending?: unknown; warnings?: string[] };

/** Standard input holding `text`, as a pipe gives it. */
const piped = (text: string | Buffer) => Readable.from([text]);

async function checkJson(
  extra: string[],
  where = cwd,
  stdin?: Readable,
): Promise<{ code: number; out: Result; stderr: string; stdout: string }> {
  const run = await cli([...base(), ...extra, "--format", "json"], where, {}, stdin);
  return {
    code: run.code,
    out: JSON.parse(run.stdout || "{}"),
    stderr: run.stderr,
    stdout: run.stdout,
  };
}

const rows = (changes: Finding[]) =>
  changes
    .filter((f) => /^(PENDING|CRON)_/.test(f.rule))
    .map((f) => `${f.rule} ${f.function} ${f.pending?.jobs}`)
    .sort();

describe("check --pending FILE", () => {
  let run: Awaited<ReturnType<typeof checkJson>>;
  beforeAll(async () => {
    run = await checkJson(["--pending", jobsFile]);
  });

  it("finds every incompatible job and cron, per function with counts, and nothing else", () => {
    expect(run.code).toBe(1);
    expect(run.out.ok).toBe(false);
    expect(rows(run.out.changes)).toEqual([
      "CRON_ARGS_REJECTED jobs:sendEmail 1",
      "CRON_TARGET_REMOVED jobs:cleanup 1",
      "PENDING_ARGS_REJECTED jobs:charge 2",
      "PENDING_ARGS_REJECTED jobs:processOrder 1",
      "PENDING_ARGS_REJECTED jobs:sendEmail 4",
      "PENDING_ARGS_REJECTED jobs:tag 2",
      "PENDING_TARGET_KIND_CHANGED jobs:recount 1",
      "PENDING_TARGET_KIND_CHANGED jobs:summarize 1",
      "PENDING_TARGET_REMOVED admin/old:purge 1",
      "PENDING_TARGET_REMOVED jobs:cleanup 1",
      "PENDING_TARGET_REMOVED jobs:legacyExport 1",
    ]);
    for (const f of run.out.changes.filter((c) => /^(PENDING|CRON)_/.test(c.rule)))
      expect(f.level, f.rule).toBe("breaking");
    // Compatible jobs (an old version's shape, int64 and bytes in both encodings, a default export,
    // ignored states) are never reported: jobs:default and the "ok"/"done" ids appear nowhere.
    expect(run.stdout).not.toMatch(/kx\d\dok|kx\d\ddone|jobs:default/);
    expect(run.out.pending).toEqual({
      judged: 22,
      sources: [{ source: jobsFile, documents: 26, waiting: 22 }],
    });
  });

  it("says when the jobs are due and shows up to 3 witnesses, never a stored value", () => {
    const send = run.out.changes.find(
      (f) => f.rule === "PENDING_ARGS_REJECTED" && f.function === "jobs:sendEmail",
    )!;
    expect(send.pending).toEqual({
      jobs: 4,
      earliest: "2026-12-01T13:00:00.000Z",
      latest: "2026-12-03T09:00:00.000Z",
      witnesses: [
        { job: "kx09bad", path: "args.subject", expected: "string", got: "missing" },
        { job: "kx10bad", path: "args.cc", expected: "no such field", got: "string" },
        { job: "kx11bad", path: "args.to", expected: "string", got: "number" },
      ],
    });
    expect(send.message).toContain('4 pending jobs for "jobs:sendEmail" hold args');
    expect(send.message).toContain("the last at 2026-12-03T09:00:00.000Z");
    // Args may hold personal data: no stored value reaches the output.
    expect(run.stdout).not.toMatch(/example\.com|"o1"|kh78zb69|kh714btc|order-1234/);
  });

  it("names the kind change, the tombstone and the removed function in the message", () => {
    const message = (rule: string, fn: string) =>
      run.out.changes.find((f) => f.rule === rule && f.function === fn)!.message;
    expect(message("PENDING_TARGET_KIND_CHANGED", "jobs:recount")).toContain(
      "scheduled as a mutation and now an action",
    );
    expect(message("PENDING_TARGET_KIND_CHANGED", "jobs:summarize")).toContain("now a query");
    expect(message("PENDING_TARGET_REMOVED", "jobs:legacyExport")).toContain("tombstone");
    expect(message("PENDING_TARGET_REMOVED", "admin/old:purge")).toContain("no longer has");
    // The baseline knows the function: the fix is its own restore snippet.
    const cleanup = run.out.changes.find(
      (f) => f.rule === "PENDING_TARGET_REMOVED" && f.function === "jobs:cleanup",
    )!;
    expect(cleanup.fix).toContain("export const { cleanup } = defineVersioned(internalMutation");
    // The args changed since the baseline: the fix serves the baseline's shape as a version.
    const charge = run.out.changes.find(
      (f) => f.rule === "PENDING_ARGS_REJECTED" && f.function === "jobs:charge",
    )!;
    expect(charge.fix).toContain("export const { charge } = defineVersioned(internalAction");
    expect(charge.fix).toContain("amount: v.number(),");
    expect(charge.fix).toContain("the last of these jobs is due at 2026-12-01T21:20:00.000Z");
    // An id must be a document ID: a stored string that is not one fails whatever the table.
    expect(charge.pending?.witnesses).toEqual([
      { job: "kx14bad", path: "args.amount", expected: "bigint", got: "number" },
      { job: "kx26bad", path: "args.orderId", expected: 'Id<"orders">', got: "non-ID string" },
    ]);
    // sendEmail's args did not change (its jobs hold shapes no deploy made): a chain named for it,
    // its current args, and the stored shape left to fill in with what the check found; never the
    // rule's generic example.
    const send = run.out.changes.find(
      (f) => f.rule === "PENDING_ARGS_REJECTED" && f.function === "jobs:sendEmail",
    )!;
    expect(send.fix).toContain("Or wait until the queue drains");
    expect(send.fix).toContain(
      'export const { sendEmail } = defineVersioned(internalMutation, { name: "sendEmail" })',
    );
    expect(send.fix).toContain(
      "// TODO: the args the pending jobs hold (the check found args.subject: missing)",
    );
    expect(send.fix).toContain("subject: v.string(),");
    expect(send.fix).not.toContain("processOrder");
  });

  it("INTERNAL_FUNCTION_CHANGED is info on a function no job targets, dangerous where jobs wait", () => {
    const internal = run.out.changes.filter((f) => f.rule === "INTERNAL_FUNCTION_CHANGED");
    expect(internal.map((f) => `${f.function} ${f.level}`).sort()).toEqual([
      "jobs:charge dangerous",
      "jobs:cleanup dangerous",
      "jobs:notify info",
      "jobs:recount dangerous",
    ]);
    expect(internal.find((f) => f.function === "jobs:notify")!.message).toContain(
      "no pending jobs target it (--pending), so reported as info (ARG_NO_ADD_REQUIRED)",
    );
  });

  it("reports an unknown state instead of guessing", () => {
    expect(run.out.warnings).toContainEqual(
      expect.stringContaining('"paused" (1 job, first on line 25)'),
    );
    expect(run.stderr).toContain("warning: ");
  });
});

describe("check --pending: an ID's table, from the deployed code", () => {
  it("a job's ID where the baseline took another table's is rejected, its table named", async () => {
    // As if the deployed charge took invoices' ids: the orders it is given now are another table.
    const spec = JSON.parse(readFileSync(baseline, "utf8"));
    spec.functions["jobs:charge"].args.value.orderId.fieldType = {
      type: "id",
      tableName: "invoices",
    };
    const invoices = join(cwd, "baseline-invoices.json");
    writeFileSync(invoices, JSON.stringify(spec));
    const run = await cli(
      [...base(), "--baseline", invoices, "--pending", jobsFile, "--format", "json"],
      cwd,
    );
    const out = JSON.parse(run.stdout) as Result;
    const charge = out.changes.find(
      (f) => f.rule === "PENDING_ARGS_REJECTED" && f.function === "jobs:charge",
    )!;
    expect(charge.pending).toMatchObject({
      jobs: 4,
      witnesses: [
        { job: "kx05ok", path: "args.orderId", expected: 'Id<"orders">', got: 'Id<"invoices">' },
        { job: "kx06ok", path: "args.orderId", expected: 'Id<"orders">', got: 'Id<"invoices">' },
        { job: "kx14bad", path: "args.orderId", expected: 'Id<"orders">', got: 'Id<"invoices">' },
      ],
    });
    // The fix serves the args the jobs were scheduled with, invoices' ids included.
    expect(charge.fix).toContain('orderId: v.id("invoices")');
    // Nothing else moved.
    expect(rows(out.changes).filter((r) => !r.includes("jobs:charge"))).toEqual(
      rows((await checkJson(["--pending", jobsFile])).out.changes).filter(
        (r) => !r.includes("jobs:charge"),
      ),
    );
  });
});

describe("check --pending - (standard input)", () => {
  it("judges the piped JSONL exactly as the file, and names it <stdin>", async () => {
    const [fromFile, fromStdin] = [
      await checkJson(["--pending", jobsFile]),
      await checkJson(["--pending", "-"], cwd, piped(readFileSync(jobsFile))),
    ];
    expect(fromStdin.code).toBe(1);
    expect(rows(fromStdin.out.changes)).toEqual(rows(fromFile.out.changes));
    expect(fromStdin.out.pending).toEqual({
      judged: 22,
      sources: [{ source: "<stdin>", documents: 26, waiting: 22 }],
    });
    expect(fromStdin.out.warnings).toContainEqual(
      expect.stringMatching(/^<stdin>: .*"paused" \(1 job, first on line 25\)/),
    );
  });

  it("a bad line on standard input is an input error naming <stdin> and the line", async () => {
    const first = readFileSync(jobsFile, "utf8").split("\n")[0];
    const run = await cli([...base(), "--pending", "-"], cwd, {}, piped(`${first}\n{"_id":"x"}\n`));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("<stdin>:2: not a _scheduled_functions document");
    expect(run.stdout).toBe("");
  });

  it("a terminal, no standard input, or standard input named twice: exit 2 before the app is loaded", async () => {
    const tty = Object.assign(Readable.from([]), { isTTY: true });
    const fromTty = await cli([...base(), "--pending", "-"], cwd, {}, tty);
    expect(fromTty.code).toBe(2);
    expect(fromTty.stderr).toContain(
      "--pending -: standard input is a terminal; pipe the scheduled jobs in (npx convex data _scheduled_functions --format jsonl | convex-versioned check --pending -)",
    );
    const reportTty = await cli(["report", "--convex-dir", app, "--pending", "-"], cwd, {}, tty);
    expect(reportTty.code).toBe(2);
    expect(reportTty.stderr).toContain("| convex-versioned report --pending -)");
    const none = await cli([...base(), "--pending", "-"], cwd);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("--pending -: there is no standard input to read");
    const twice = await cli([...base(), "--pending", "-", "--pending", "-"], cwd, {}, piped(""));
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain("--pending - given twice: standard input can be read only once");
    const both = await cli(
      ["report", "--convex-dir", app, "--usage", "-", "--pending", "-"],
      cwd,
      {},
      piped(""),
    );
    expect(both.code).toBe(2);
    expect(both.stderr).toContain(
      "--usage - and --pending -: standard input can be read only once",
    );
  });

  it("as CI runs it: the real process reads a pipe", async () => {
    const run = await spawnCli(
      [...base(), "--pending", "-", "--format", "json"],
      cwd,
      {},
      piped(readFileSync(jobsFile)),
    );
    expect(run.code, run.stderr).toBe(1);
    expect(JSON.parse(run.stdout).pending).toEqual({
      judged: 22,
      sources: [{ source: "<stdin>", documents: 26, waiting: 22 }],
    });
  }, 120_000);

  it("a Node process without WebAssembly (--jitless) is told so: exit 2, nothing judged", async () => {
    const bin = fileURLToPath(new URL("../../bin/convex-versioned.js", import.meta.url));
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile(
        process.execPath,
        ["--jitless", bin, ...base(), "--pending", jobsFile],
        { cwd, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" } },
        (error, stdout, stderr) => done({ code: error ? Number(error.code) : 0, stdout, stderr }),
      );
    });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      "--pending: reading scheduled jobs needs WebAssembly, which this Node process was started without (node --jitless)",
    );
  }, 120_000);

  it("standard input is never touched unless - is given", async () => {
    let touched = 0;
    let stdout = "";
    const code = await main([...base(), "--pending", jobsFile, "--format", "json"], {
      cwd,
      env: {},
      stdout: (t) => {
        stdout += t;
      },
      stderr: () => {},
      isTTY: false,
      // The real process's stdin is a lazy getter: creating the stream costs startup time.
      get stdin() {
        touched++;
        return piped("");
      },
    });
    expect(code).toBe(1);
    expect(JSON.parse(stdout).pending.judged).toBe(22);
    expect(touched).toBe(0);
  });
});

describe("without --pending", () => {
  it("the crons are still judged; INTERNAL_FUNCTION_CHANGED stays dangerous", async () => {
    const { code, out } = await checkJson([]);
    expect(code).toBe(1);
    expect(rows(out.changes)).toEqual([
      "CRON_ARGS_REJECTED jobs:sendEmail 1",
      "CRON_TARGET_REMOVED jobs:cleanup 1",
    ]);
    const cron = out.changes.find((f) => f.rule === "CRON_ARGS_REJECTED")!;
    expect(cron.pending?.witnesses).toEqual([
      { job: "bad digest", path: "args.subject", expected: "string", got: "missing" },
    ]);
    expect(out.changes.find((f) => f.function === "jobs:notify")!.level).toBe("dangerous");
    expect(out.pending).toBeUndefined();
  });

  it("rule levels and waivers apply to the new rules", async () => {
    const waivers = join(cwd, "waivers.json");
    writeFileSync(
      waivers,
      JSON.stringify([
        {
          rule: "CRON_TARGET_REMOVED",
          function: "jobs:cleanup",
          reason: "cron goes next deploy",
          expires: "2026-12-31",
        },
      ]),
    );
    const { code, out } = await checkJson([
      "--waivers",
      waivers,
      "--rule",
      "CRON_ARGS_REJECTED=dangerous",
    ]);
    expect(code).toBe(0);
    expect(out.changes.find((f) => f.rule === "CRON_TARGET_REMOVED")!.waived).toBeDefined();
    expect(out.changes.find((f) => f.rule === "CRON_ARGS_REJECTED")!.level).toBe("dangerous");
  });
});

describe("output formats carry counts and witnesses", () => {
  it("text, markdown and github", async () => {
    const text = await cli([...base(), "--pending", jobsFile], cwd);
    expect(text.stdout).toContain('job "kx09bad": args.subject: expected string, got missing');
    expect(text.stdout).toContain("Pending jobs judged: 22");
    const md = await cli([...base(), "--pending", jobsFile, "--format", "markdown"], cwd);
    expect(md.stdout).toContain('<br>`job "kx10bad": args.cc: expected no such field, got string`');
    const gh = await cli([...base(), "--pending", jobsFile, "--format", "github"], cwd);
    expect(gh.stdout).toMatch(
      /::error [^:]*title=PENDING_ARGS_REJECTED::4 pending jobs for "jobs:sendEmail".*%0Ajob "kx11bad": args.to: expected string, got number/,
    );
    // A cron finding points at the cron's own registration in crons.ts, where it is fixed.
    const cronsText = readFileSync(join(app, "crons.ts"), "utf8").split("\n");
    const lineOf = (needle: string) => cronsText.findIndex((l) => l.includes(needle)) + 1;
    expect(lineOf('crons.daily("bad digest"')).toBeGreaterThan(0);
    const at = (line: number, rule: string) =>
      new RegExp(`::error file=[^,]*/crons\\.ts,line=${line},title=${rule}::`);
    expect(gh.stdout).toMatch(at(lineOf('crons.daily("bad digest"'), "CRON_ARGS_REJECTED"));
    expect(gh.stdout).toMatch(at(lineOf('crons.hourly("old cleanup"'), "CRON_TARGET_REMOVED"));
    for (const out of [text.stdout, md.stdout, gh.stdout]) expect(out).not.toContain("example.com");
  });
});

describe("bad input exits 2 naming the file and line", () => {
  it("a line that is not a document, and a missing file", async () => {
    const bad = join(cwd, "bad.jsonl");
    writeFileSync(
      bad,
      `${readFileSync(jobsFile, "utf8").split("\n")[0]}\n{"_id":"x","name":"jobs.js:a"}\n`,
    );
    const run = await cli([...base(), "--pending", bad], cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `${bad}:2: not a _scheduled_functions document (\`args\` is not an array)`,
    );
    expect(run.stdout).toBe("");
    const missing = await cli([...base(), "--pending", "nope.jsonl"], cwd);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--pending nope.jsonl: no such file");
  });
});

/**
 * A project whose `node_modules/.bin/convex` stands in for the Convex CLI: it prints the fixture's
 * documents when its arguments are exactly `expected`, else fails naming them.
 */
function projectWithFakeConvex(expected: string): string {
  const project = tempDir();
  mkdirSync(join(project, "node_modules/.bin"), { recursive: true });
  const fake = join(project, "node_modules/.bin/convex");
  writeFileSync(
    fake,
    `#!/bin/sh\nif [ "$*" = "${expected}" ]; then cat ${JSON.stringify(jobsFile)}; else echo "asked for: $*" >&2; exit 3; fi\n`,
  );
  chmodSync(fake, 0o755);
  return project;
}

describe("check --pending deployment (a stand-in Convex CLI)", () => {
  const dataArgs = `data _scheduled_functions --format jsonl --limit ${DATA_LIMIT}`;

  it("deployment runs `npx convex data _scheduled_functions` and judges what it prints", async () => {
    const project = projectWithFakeConvex(dataArgs);
    const { code, out } = await checkJson(["--pending", "deployment"], project);
    expect(code).toBe(1);
    expect(rows(out.changes)).toContain("PENDING_ARGS_REJECTED jobs:sendEmail 4");
    expect(out.pending).toMatchObject({ judged: 22 });
  });

  it("deployment:NAME passes --deployment NAME; a failing CLI exits 2 with its stderr and the command", async () => {
    const project = projectWithFakeConvex(`${dataArgs} --deployment prod`);
    const prod = await checkJson(["--pending", "deployment:prod"], project);
    expect(prod.code).toBe(1);
    const staging = await cli([...base(), "--pending", "deployment:staging"], project);
    expect(staging.code).toBe(2);
    expect(staging.stderr).toContain(
      `--pending deployment:staging: \`npx convex ${dataArgs} --deployment staging\` failed: asked for: ${dataArgs} --deployment staging`,
    );
  });

  it("an empty table (the Convex CLI says so on stderr, exit 0): nothing pending anywhere", async () => {
    const project = tempDir();
    mkdirSync(join(project, "node_modules/.bin"), { recursive: true });
    const fake = join(project, "node_modules/.bin/convex");
    writeFileSync(fake, "#!/bin/sh\necho 'There are no documents in this table.' >&2\n");
    chmodSync(fake, 0o755);
    const { out } = await checkJson(["--pending", "deployment"], project);
    expect(out.pending).toMatchObject({ judged: 0 });
    expect(rows(out.changes).filter((r) => r.startsWith("PENDING_"))).toEqual([]);
    expect(
      out.changes.filter((f) => f.rule === "INTERNAL_FUNCTION_CHANGED").map((f) => f.level),
    ).toEqual(["info", "info", "info", "info"]);
  });
});

describe("report --pending", () => {
  it("a version past removeAfter with jobs waiting to call it is still-called, not removable", async () => {
    const argv = ["report", "--convex-dir", app, "--now", "2026-12-01", "--format", "json"];
    const version = (out: string) =>
      JSON.parse(out)
        .definitions.find((d: { definition: string }) => d.definition === "processOrder")
        .versions.find((v: { label: string }) => v.label === "2026-06-01");
    const without = await cli(argv, cwd);
    expect(version(without.stdout)).toMatchObject({ status: "removable" });
    const withJobs = await cli([...argv, "--pending", jobsFile], cwd);
    expect(withJobs.code).toBe(1);
    // kx03ok matches the old version; kx04ok the new one; kx13bad neither.
    expect(version(withJobs.stdout)).toMatchObject({
      status: "still-called",
      basis: "pending",
      pendingJobs: 1,
    });
    // The same jobs piped in give the same verdict.
    const piped_ = await cli([...argv, "--pending", "-"], cwd, {}, piped(readFileSync(jobsFile)));
    expect(piped_.code).toBe(1);
    expect(version(piped_.stdout)).toMatchObject({ status: "still-called", pendingJobs: 1 });
  });

  it("the text and Markdown tables show each version's pending jobs, as the JSON's pendingJobs", async () => {
    const argv = ["report", "--convex-dir", app, "--now", "2026-12-01"];
    const json = await cli([...argv, "--format", "json", "--pending", jobsFile], cwd);
    const expected = new Map<string, number>();
    for (const d of JSON.parse(json.stdout).definitions)
      for (const v of d.versions) expected.set(`${v.label} ${v.function}`, v.pendingJobs);
    // The fixture's jobs reach three versions with 1 each and leave one at 0: a real spread.
    expect([...expected.values()].sort()).toEqual([0, 1, 1, 1]);

    const text = (await cli([...argv, "--pending", jobsFile], cwd)).stdout.split("\n");
    for (const [key, jobs] of expected) {
      const [label, fn] = key.split(" ");
      const at = text.findIndex((l) => l.includes(`${label}  ${fn} `));
      // Each definition's table has its own widths: read the column from the header above the row.
      const header = text.slice(0, at).findLast((l) => l.trim().startsWith("version"))!;
      const column = header.indexOf("pending");
      expect(column).toBeGreaterThan(header.indexOf("last call"));
      expect(text[at]!.slice(column).split(/\s+/)[0], key).toBe(String(jobs));
    }

    const md = (await cli([...argv, "--pending", jobsFile, "--format", "markdown"], cwd)).stdout;
    expect(md).toContain("| Calls | Last call | Pending | Notes |");
    for (const [key, jobs] of expected) {
      const [label, fn] = key.split(" ");
      expect(md).toMatch(new RegExp(`\\| ${label} \\| \`${fn}\` \\|[^\\n]*\\| — \\| ${jobs} \\|`));
    }

    // Without --pending there is no such column: nothing was counted.
    const plain = await cli(argv, cwd);
    expect(plain.stdout).not.toMatch(/last call\s+pending/);
    const plainMd = await cli([...argv, "--format", "markdown"], cwd);
    expect(plainMd.stdout).toContain("| Calls | Last call | Notes |");
  });
});

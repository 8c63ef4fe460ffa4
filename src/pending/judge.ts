/**
 * Judges pending work against the functions this code would deploy: each scheduled job as it
 * streams past (nothing per job is kept, so 100,000 jobs cost what 1,000 do), and the app's crons.
 * Findings are per function and rule, not per job: how many jobs would fail, when the first and the
 * last of them are due, and up to three witnesses that name the job and the failing path, never the
 * stored value.
 *
 * What the runtime does when a job runs, and so what is judged here:
 * - the path must exist (a tombstone exists but throws VERSION_REMOVED: as good as gone);
 * - the function must be a mutation or an action, of the kind it was when scheduled (the baseline
 *   says which, when it has the function);
 * - the stored args must pass the args validator; for a `defineVersioned` export, the validator of
 *   any version it still serves (its dispatcher picks the newest that accepts them).
 */

import {
  CRON_ARGS_REJECTED,
  CRON_TARGET_REMOVED,
  PENDING_ARGS_REJECTED,
  PENDING_TARGET_KIND_CHANGED,
  PENDING_TARGET_REMOVED,
} from "../compat/rules/pending.ts";
import type { RuleSpec } from "../compat/rules/rule.ts";
import { finding } from "../compat/rules/rule.ts";
import {
  argsVersionSnippet,
  restoreSnippet,
  storedShapeSnippet,
} from "../compat/rules/snippets.ts";
import type { Finding, PendingWitness } from "../compat/types.ts";
import { sameValidator } from "../compat/validator/canonical.ts";
import type { Value } from "../compat/validator/value.ts";
import type { AppSpec, CronSpec, FunctionSpec, ValidatorJSON } from "../model.ts";
import { type Check, compile, type Rejection } from "./accepts.ts";
import type { JobSink, QuickJobs, ScheduledJob } from "./jobs.ts";
import { withStoredTables } from "./stored-tables.ts";
import { decodeConvexJson } from "./value.ts";

export const MAX_WITNESSES = 3;

/**
 * A component whose own queue is judged: its jobs name functions relative to it (`lib:run`), and
 * its findings name them with its instance path in front (`workpool/lib:run`, `component` set).
 */
export interface JudgedComponent {
  /** Instance path, as `npx convex data --component` takes it: `workpool`, `workflow/workpool`. */
  path: string;
  /** Defined in a package, not in the app: its code is fixed by keeping a version, not by editing. */
  packaged: boolean;
}

/** A finding's function and `component` field for `fn` of `component` (or of the app). */
function named(fn: string, component: JudgedComponent | undefined) {
  return component
    ? { fn: `${component.path}/${fn}`, quoted: `"${fn}" of component "${component.path}"` }
    : { fn, quoted: `"${fn}"` };
}

/** The fix for a component's jobs: its code is the component's, not the app's. */
function componentFix(component: JudgedComponent, latest: string): string {
  const drain = `, or deploy this change once the queue has drained (the last of these jobs is due at ${latest})`;
  return component.packaged
    ? `This is the component package's code: keep the package version that accepts these jobs installed${drain}. \`npx convex data _scheduled_functions --component ${component.path}\` lists them.`
    : `Serve the shape these jobs hold from the component's function as well (a \`defineVersioned\` chain works in a component's code too)${drain}.`;
}

interface Bucket {
  rule: RuleSpec;
  fn: string;
  /** Why, for the message (a kind change, a tombstone). */
  detail?: string;
  jobs: number;
  earliest: number;
  latest: number;
  witnesses: PendingWitness[];
}

/** Served, not-removed validators of a function, newest first: what its dispatcher tries. */
function acceptingShapes(spec: FunctionSpec): ValidatorJSON[] {
  const chain = spec.versioned;
  if (!chain) return [spec.args];
  const shapes: ValidatorJSON[] = [];
  for (const version of chain.versions) {
    if (chain.serves.includes(version.label) && !version.removed) shapes.unshift(version.args);
  }
  return shapes;
}

/** The rejection of the newest served shape, or undefined when some served shape accepts. */
export function argsRejection(
  shapes: readonly ValidatorJSON[],
  args: Value,
): Rejection | undefined {
  return checkArgs(shapes.map(compile), args);
}

function checkArgs(checks: readonly Check[], args: Value): Rejection | undefined {
  let newest: Rejection | undefined;
  for (const check of checks) {
    const r = check(args);
    if (!r) return undefined;
    newest ??= r;
  }
  return newest && { ...newest, path: `args${newest.path}` };
}

/** What is known of a job's target before its args are read: once per function, not per job. */
type Target =
  | { fixed: { rule: RuleSpec; detail?: string } }
  /** `checks` are compiled on the first job the quick test does not take: most functions have none. */
  | { fixed?: undefined; shapes: readonly ValidatorJSON[]; checks?: Check[] };

interface Judged {
  jobs: number;
  target: Target;
}

/**
 * One function's quick test and its count, as the reader holds it. A class, not a closure per
 * function: `accepted` is then one piece of code that V8 warms up once for every function.
 */
class QuickTarget implements QuickJobs {
  constructor(
    private readonly judge: { judged: number },
    private readonly judged: Judged,
    readonly args: readonly ValidatorJSON[],
  ) {}

  accepted(jobs: number): void {
    this.judge.judged += jobs;
    this.judged.jobs += jobs;
  }
}

export class PendingJudge implements JobSink {
  private readonly buckets = new Map<string, Bucket>();
  private readonly byFunction = new Map<string, Judged>();
  /** Pending and in-progress jobs judged. */
  judged = 0;

  constructor(
    private readonly current: AppSpec,
    /**
     * The deployed side, when check has one: it says which kind a job was scheduled for, and the
     * fix can then show the shape the jobs were scheduled with.
     */
    private readonly baseline?: AppSpec,
    /** Today (YYYY-MM-DD): the label of the new version in a tailored fix. */
    private readonly now?: string,
    /** Set when this judges a component's queue; `current` is then the component's functions. */
    private readonly component?: JudgedComponent,
  ) {}

  add(job: ScheduledJob): void {
    this.judged++;
    const fn = job.function;
    const target = this.judgedFor(fn);
    target.jobs++;
    if (target.target.fixed) {
      const { rule, detail } = target.target.fixed;
      this.count(rule, fn, job, {}, detail);
      return;
    }
    target.target.checks ??= target.target.shapes.map(compile);
    const r = checkArgs(target.target.checks, job.args);
    if (r) this.count(PENDING_ARGS_REJECTED, fn, job, r);
  }

  /**
   * Jobs of `fn` whose args its served shapes accept are only counted: the reader tests their
   * bytes and never builds them. A function whose every job fails has no such test.
   */
  quick(fn: string): QuickJobs | undefined {
    const judged = this.judgedFor(fn);
    const { target } = judged;
    if (target.fixed) return undefined;
    return new QuickTarget(this, judged, target.shapes);
  }

  private judgedFor(fn: string): Judged {
    let judged = this.byFunction.get(fn);
    if (!judged) {
      judged = { jobs: 0, target: this.target(fn) };
      this.byFunction.set(fn, judged);
    }
    return judged;
  }

  /** Pending jobs per function, whatever their verdict (INTERNAL_FUNCTION_CHANGED reads it). */
  get targets(): ReadonlyMap<string, number> {
    return new Map([...this.byFunction].map(([fn, t]) => [fn, t.jobs]));
  }

  /** Why every job of `fn` fails whatever its args, or the checks its args must pass. */
  private target(fn: string): Target {
    const spec = Object.hasOwn(this.current.functions, fn) ? this.current.functions[fn] : undefined;
    if (!spec) return { fixed: { rule: PENDING_TARGET_REMOVED } };
    const shapes = acceptingShapes(spec);
    if (shapes.length === 0)
      return { fixed: { rule: PENDING_TARGET_REMOVED, detail: "tombstone" } };
    const before = this.baseline?.functions[fn];
    const was = before?.kind;
    if (spec.kind === "query" || (was !== undefined && was !== spec.kind)) {
      return { fixed: { rule: PENDING_TARGET_KIND_CHANGED, detail: `${was ?? ""}>${spec.kind}` } };
    }
    // The jobs hold args the deployed function accepted: it says which table their IDs are of.
    const deployed = before ? acceptingShapes(before) : [];
    const judged = deployed.length > 0 ? withStoredTables(shapes, deployed) : shapes;
    return { shapes: judged };
  }

  private count(
    rule: RuleSpec,
    fn: string,
    job: ScheduledJob,
    witness: Partial<Rejection>,
    detail?: string,
  ): void {
    const key = `${rule.id}\u0000${fn}`;
    let b = this.buckets.get(key);
    if (!b) {
      b = {
        rule,
        fn,
        jobs: 0,
        earliest: job.scheduledTime,
        latest: job.scheduledTime,
        witnesses: [],
        ...(detail ? { detail } : {}),
      };
      this.buckets.set(key, b);
    }
    b.jobs++;
    if (job.scheduledTime < b.earliest) b.earliest = job.scheduledTime;
    if (job.scheduledTime > b.latest) b.latest = job.scheduledTime;
    if (b.witnesses.length < MAX_WITNESSES) b.witnesses.push({ job: job.id, ...witness });
  }

  private tailoredFix(b: Bucket, latest: string): string | undefined {
    if (this.component) return componentFix(this.component, latest);
    const has = (app: AppSpec | undefined) =>
      app && Object.hasOwn(app.functions, b.fn) ? app.functions[b.fn] : undefined;
    return tailored(b, latest, has(this.baseline), has(this.current), this.now);
  }

  /** One finding per (rule, function), in function order. */
  findings(): Finding[] {
    return [...this.buckets.values()]
      .sort((a, b) => (a.fn < b.fn ? -1 : a.fn > b.fn ? 1 : 0))
      .map((b) => {
        const earliest = new Date(b.earliest).toISOString();
        const latest = new Date(b.latest).toISOString();
        const jobs = `${b.jobs} pending job${b.jobs === 1 ? "" : "s"}`;
        const when =
          b.jobs === 1
            ? `It is due at ${earliest}.`
            : `The first is due at ${earliest}, the last at ${latest}.`;
        const fix = this.tailoredFix(b, latest);
        const { fn, quoted } = named(b.fn, this.component);
        return finding(b.rule, fn, `${pendingMessage(b, quoted, jobs)} ${when}`, {
          pending: { jobs: b.jobs, earliest, latest, witnesses: b.witnesses },
          ...(fix ? { fix } : {}),
          ...(this.component ? { component: this.component.path } : {}),
        });
      });
  }
}

/** The fix with this function's own code, when the baseline has the shape the jobs were made for. */
function tailored(
  b: Bucket,
  latest: string,
  before: FunctionSpec | undefined,
  after: FunctionSpec | undefined,
  now: string | undefined,
): string | undefined {
  if (!now) return undefined;
  const drain = `Or wait until the queue drains: the last of these jobs is due at ${latest}.`;
  const witness = b.witnesses[0];
  // The stored shape unknown (no baseline function, or the same args there): the chain to fill in,
  // named for this function rather than the rule's generic example.
  if (
    b.rule === PENDING_ARGS_REJECTED &&
    after &&
    !after.versioned &&
    witness?.path !== undefined &&
    witness.got !== undefined &&
    (!before || before.versioned || sameValidator(before.args, after.args))
  ) {
    const seen = { path: witness.path, got: witness.got };
    return `Serve the args the jobs hold as their own version (internal builders work too):\n\n${storedShapeSnippet(b.fn, after, now, seen)}\n\n${drain}`;
  }
  if (!before || before.versioned) return undefined;
  // Only when the args changed: then the baseline's are the shape the jobs were scheduled with.
  if (
    b.rule === PENDING_ARGS_REJECTED &&
    after &&
    !after.versioned &&
    !sameValidator(before.args, after.args)
  ) {
    return `Serve the args the jobs were scheduled with as their own version (internal builders work too):\n\n${argsVersionSnippet(b.fn, before, after, now)}\n\n${drain}`;
  }
  if (b.rule === PENDING_TARGET_REMOVED && !after) {
    return `Put the function back until its jobs have run:\n\n${restoreSnippet(b.fn, before, now)}\n\n${drain}`;
  }
  return undefined;
}

function pendingMessage(b: Bucket, fn: string, jobs: string): string {
  const one = b.jobs === 1;
  const target = one ? "targets" : "target";
  const they = one ? "it fails" : "they fail";
  switch (b.rule.id) {
    case PENDING_TARGET_REMOVED.id:
      return b.detail === "tombstone"
        ? `${jobs} ${target} ${fn}, which is now a tombstone: ${they} with VERSION_REMOVED when ${one ? "it runs" : "they run"}.`
        : `${jobs} ${target} ${fn}, which this code no longer has: ${they} when ${one ? "it runs" : "they run"}.`;
    case PENDING_TARGET_KIND_CHANGED.id: {
      const [was, now] = b.detail!.split(">");
      return now === "query"
        ? `${jobs} ${target} ${fn}, which is now a query: the scheduler runs only mutations and actions, so ${they}.`
        : `${jobs} ${target} ${fn}, scheduled as ${an(was!)} and now ${an(now!)}: ${one ? "it runs" : "they run"} with other guarantees than ${one ? "it was" : "they were"} scheduled with.`;
    }
    default: {
      const w = b.witnesses[0]!;
      return `${jobs} for ${fn} ${one ? "holds" : "hold"} args its new args validator rejects (e.g. ${w.path}: expected ${w.expected}, got ${w.got}): ${they} when ${one ? "it runs" : "they run"}.`;
    }
  }
}

function an(kind: string): string {
  return `${/^[aeiou]/.test(kind) ? "an" : "a"} ${kind}`;
}

/**
 * The app's crons judged against its own functions: a missing target, args it rejects. A
 * component's crons (its own crons.ts) against the component's functions, with `component`.
 */
export function judgeCrons(
  app: AppSpec,
  crons: readonly CronSpec[],
  component?: JudgedComponent,
): Finding[] {
  const groups = new Map<string, { rule: RuleSpec; fn: string; witnesses: PendingWitness[] }>();
  const add = (rule: RuleSpec, fn: string, witness: PendingWitness) => {
    const key = `${rule.id}\u0000${fn}`;
    const g = groups.get(key) ?? { rule, fn, witnesses: [] };
    g.witnesses.push(witness);
    groups.set(key, g);
  };
  for (const cron of crons) {
    const spec = Object.hasOwn(app.functions, cron.function)
      ? app.functions[cron.function]
      : undefined;
    const shapes = spec ? acceptingShapes(spec) : [];
    if (shapes.length === 0) {
      add(CRON_TARGET_REMOVED, cron.function, { job: cron.name });
      continue;
    }
    const r = argsRejection(shapes, decodeConvexJson(cron.args));
    if (r) add(CRON_ARGS_REJECTED, cron.function, { job: cron.name, ...r });
  }
  return [...groups.values()]
    .sort((a, b) => (a.fn < b.fn ? -1 : a.fn > b.fn ? 1 : 0))
    .map(({ rule, fn: raw, witnesses }) => {
      const { fn, quoted } = named(raw, component);
      const names = witnesses.map((w) => `"${w.job}"`).join(", ");
      const crons = `Cron${witnesses.length === 1 ? "" : "s"} ${names}`;
      const w = witnesses[0]!;
      const message =
        rule === CRON_TARGET_REMOVED
          ? `${crons} of crons.ts name${witnesses.length === 1 ? "s" : ""} ${quoted}, which this code does not deploy (or only as a tombstone): every run fails.`
          : `${crons} of crons.ts pass${witnesses.length === 1 ? "es" : ""} args ${quoted} rejects (${w.path}: expected ${w.expected}, got ${w.got}): every run fails.`;
      return finding(rule, fn, message, {
        pending: { jobs: witnesses.length, witnesses: witnesses.slice(0, MAX_WITNESSES) },
        ...(component ? { component: component.path } : {}),
        // A package's own crons.ts is not the app's to edit (a local component's is: the rule's
        // own fix applies).
        ...(component?.packaged
          ? {
              fix: `This cron is in the component package's own crons.ts: every run fails with this version of the package. Keep the version whose cron works installed, and tell the package's authors.`,
            }
          : {}),
      });
    });
}

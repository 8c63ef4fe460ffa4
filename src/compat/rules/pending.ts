/**
 * Pending work (`check --pending`): scheduled jobs waiting in the deployment and the app's crons,
 * judged against the functions this code would deploy. A job stores its function's path and args
 * when it is scheduled and runs whatever code is deployed when its time comes, so a deploy that
 * removed the function or stopped accepting the stored args loses the job. The checks are in
 * src/pending/judge.ts; these are the rules they report under.
 */
import { type RuleSpec, rule } from "./rule.ts";

const VERSION_CHAIN = `Keep the stored shape working with a version chain (internal builders work too):

\`\`\`ts
export const { processOrder } = defineVersioned(internalMutation, { name: "processOrder" })
  .version("2026-06-01", { args: { orderId: v.id("orders") } })          // what pending jobs hold
  .version("2026-12-01", {
    args: { orderId: v.id("orders"), priority: v.number() },
    up: (prev) => ({ ...prev, priority: 0 }),
  })
  .handler(async (ctx, args) => { /* the new code */ });
\`\`\`

Or wait until the queue drains: the finding's latest scheduled time says when the last of these jobs runs (\`npx convex data _scheduled_functions\` shows them; \`ctx.scheduler.cancel(id)\` cancels one).`;

export const PENDING_TARGET_REMOVED = rule({
  id: "PENDING_TARGET_REMOVED",
  level: "breaking",
  purpose:
    "Checks that every pending scheduled job still finds its function in the code being deployed.",
  doc: "A job scheduled with `ctx.scheduler.runAfter`/`runAt` stores the function's path; if the deploy removes or renames that function (or turns it into a tombstone), the job fails when its time comes and its work is lost.",
  fix: `Keep the function under its old path until its jobs have run: a renamed function can stay as an alias with defineVersioned (\`.version(label, { name: "oldName", args })\`).\n\n${VERSION_CHAIN}`,
});

export const PENDING_TARGET_KIND_CHANGED = rule({
  id: "PENDING_TARGET_KIND_CHANGED",
  level: "breaking",
  purpose: "Checks that the function of every pending scheduled job keeps its kind.",
  doc: "The scheduler runs mutations and actions. A job whose function became a query cannot run at all, and one whose mutation became an action (or the reverse) runs with other guarantees than it was scheduled with (a mutation runs exactly once, in a transaction; an action at most once).",
  fix: "Keep a function of the old kind under the old path until the jobs have run (it can call the new one), or wait until the queue drains.",
});

export const PENDING_ARGS_REJECTED = rule({
  id: "PENDING_ARGS_REJECTED",
  level: "breaking",
  purpose:
    "Checks that the args stored in every pending scheduled job are accepted by its function's new args validator.",
  doc: "A job's args are validated when it runs, against the code deployed then. A new required field, a removed field (unknown fields are rejected) or a narrower type makes every job scheduled with the old shape fail. For a versioned function a job is accepted when any version the export still serves accepts it, exactly as the runtime dispatches. An id must be a Convex document ID (any other string fails, whatever the table). Its table cannot be read from the stored value, but where the baseline's args took only `v.id(\"users\")` at that place, the jobs' IDs there are users' (the deployed code accepted them), so a new `v.id(\"accounts\")` there rejects them; elsewhere an ID of another table is not caught.",
  fix: VERSION_CHAIN,
});

export const CRON_TARGET_REMOVED = rule({
  id: "CRON_TARGET_REMOVED",
  level: "breaking",
  purpose: "Checks that every cron job of `crons.ts` names a function this code deploys.",
  doc: "A cron names its function by path (`internal.jobs.cleanup`, a string at runtime); one that names a function that no longer exists fails on every run.",
  fix: "Point the cron at the function's new path in `crons.ts`, or keep the old function.",
});

export const CRON_ARGS_REJECTED = rule({
  id: "CRON_ARGS_REJECTED",
  level: "breaking",
  purpose:
    "Checks that the args every cron job of `crons.ts` passes are accepted by its function's args validator.",
  doc: "Cron args are written in `crons.ts` and validated on every run; `internal.*` references are untyped at runtime, so a changed args validator is not caught by the type checker when the cron names its function by string, and every run fails.",
  fix: "Update the cron's args in `crons.ts` to the function's new args, or make the function accept the old shape (an optional field, or a version chain with `up`).",
});

export const PENDING_RULES: RuleSpec[] = [
  PENDING_TARGET_REMOVED,
  PENDING_TARGET_KIND_CHANGED,
  PENDING_ARGS_REJECTED,
  CRON_TARGET_REMOVED,
  CRON_ARGS_REJECTED,
];

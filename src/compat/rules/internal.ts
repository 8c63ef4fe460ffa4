/**
 * INTERNAL_FUNCTION_CHANGED: internal functions have no clients in browsers, but scheduled jobs
 * (`ctx.scheduler.runAfter`) and crons enqueued before the deploy still carry the old args and path.
 * A breaking-class change to one is therefore reported one level down, as dangerous, keeping the
 * rule that found it in `originalRule`. A change no job can hit is info, like one to a function no
 * pending job targets: to an internal query (the scheduler and crons run only mutations and
 * actions, convex/server's `SchedulableFunctionReference`), or to what an internal function
 * returns (a job's result is discarded).
 */
import type { AppSpec } from "../../model.ts";
import type { Finding, RuleLevel } from "../types.ts";
import { type RuleSpec, rule } from "./rule.ts";

export const INTERNAL_FUNCTION_CHANGED = rule({
  id: "INTERNAL_FUNCTION_CHANGED",
  level: "dangerous",
  purpose: "Reports a breaking-class change to an internal function at the dangerous level.",
  doc: "No client calls an internal function, but jobs scheduled before the deploy (`ctx.scheduler.runAfter`, `runAt`) run after it with the old path and the old args, and fail if those are no longer accepted. It is info where no job can be hurt: on an internal query (the scheduler and crons run only mutations and actions), and for what an internal function returns (a scheduled job's result is discarded).",
  fix: "Make sure no job is pending for the old shape (`check --pending deployment` counts them and names the ones that would fail), or keep the old args accepted until they have run. `originalRule` names the rule that found the change; its fix applies too.",
});

export const INTERNAL_RULES: RuleSpec[] = [INTERNAL_FUNCTION_CHANGED];

/** The fix where no scheduled job can meet the change (an internal query, a result). */
const NO_JOB_FIX =
  "No scheduled job can meet this change; only an action already running when the deploy lands could, if it calls this function: keep the old shape accepted until such actions are done, or nothing need be done. `originalRule` names the rule that found the change.";

export function relevelInternal(
  findings: Finding[],
  baseline: AppSpec,
  /** The level the team set for INTERNAL_FUNCTION_CHANGED, said in the message. */
  level: RuleLevel = INTERNAL_FUNCTION_CHANGED.level,
): Finding[] {
  return findings.map((f) => {
    // Pending-work findings are about the jobs themselves: they keep their own level.
    if (f.pending) return f;
    if (baseline.functions[f.function]?.visibility !== "internal") return f;
    // No browser calls it: say who the old callers are (the rules' messages and fixes say "old
    // clients", and "new clients" for the code deployed with it).
    const noJob = jobsCannotHit(f, baseline);
    const callers = noJob
      ? "actions running across the deploy"
      : "jobs scheduled before the deploy";
    const reword = (text: string) =>
      text
        .replaceAll("old clients", callers)
        .replaceAll("Old clients", `${callers[0]!.toUpperCase()}${callers.slice(1)}`)
        .replaceAll("new clients call", "the new code calls")
        .replaceAll("new clients", "the new code");
    if (f.level !== "breaking") {
      const said = { ...f, message: reword(f.message), ...(f.fix ? { fix: reword(f.fix) } : {}) };
      // A warning no job can meet (a new member in an internal query's result) is info, as a
      // breaking change there is (beyondPendingJobs).
      if (f.level !== "dangerous" || !noJob) return said;
      const why = `"${f.function}" ${noJobWhy(f, baseline)}; only an action running across the deploy could still see it, so reported as info`;
      return { ...said, level: "info", message: `${said.message} ${why}.` };
    }
    const { defaultLevel: _levelOfOriginalRule, ...rest } = f;
    const head = noJob ? NO_JOB_FIX : INTERNAL_FUNCTION_CHANGED.fix;
    return {
      ...rest,
      rule: INTERNAL_FUNCTION_CHANGED.id,
      level: INTERNAL_FUNCTION_CHANGED.level,
      originalRule: f.rule,
      fix: f.fix ? `${head}\n\n${reword(f.fix)}` : head,
      message: `${reword(f.message)} "${f.function}" is internal, so only pending scheduled jobs are at risk: reported as ${level} (${f.rule}).`,
    };
  });
}

/** A change to an internal query, or to what an internal function returns: no job meets it. */
function jobsCannotHit(f: Finding, baseline: AppSpec): boolean {
  return (
    baseline.functions[f.function]?.kind === "query" ||
    f.path === "returns" ||
    f.path?.startsWith("returns.") === true
  );
}

/**
 * With `--pending`: INTERNAL_FUNCTION_CHANGED on a function no pending job targets drops to `info`.
 * Its risk is jobs scheduled with the old shape, and the deployment has none (jobs the old code
 * schedules between this check and the push are not seen: run it inside `npx convex deploy --cmd`).
 */
export function noPendingJobs(
  findings: Finding[],
  targets: ReadonlyMap<string, number>,
): Finding[] {
  return findings.map((f) => {
    if (f.rule !== INTERNAL_FUNCTION_CHANGED.id || (targets.get(f.function) ?? 0) > 0) return f;
    if (f.level === "info") return f;
    // The tail relevelInternal wrote ("… reported as dangerous (ARG_NO_DELETE).") says why now.
    const message = f.message.replace(
      /reported as \w+ \((\w+)\)\.$/,
      "no pending jobs target it (--pending), so reported as info ($1).",
    );
    return { ...f, level: "info", message };
  });
}

/**
 * INTERNAL_FUNCTION_CHANGED that no pending job can hit drops to `info`: a change to an internal
 * query (no job can be scheduled for a query: the scheduler and crons run mutations and actions),
 * and a change to what an internal function returns (a scheduled job's result is discarded; only
 * server code deployed with it reads it). What is left is an action running across the deploy.
 */
export function beyondPendingJobs(findings: Finding[], baseline: AppSpec): Finding[] {
  return findings.map((f) => {
    if (f.rule !== INTERNAL_FUNCTION_CHANGED.id || f.level === "info") return f;
    if (!jobsCannotHit(f, baseline)) return f;
    const why = noJobWhy(f, baseline);
    const message = f.message.replace(
      /is internal, so only pending scheduled jobs are at risk: reported as \w+ \((\w+)\)\.$/,
      `${why}; only an action running across the deploy could still see the old shape, so reported as info ($1).`,
    );
    return { ...f, level: "info", message };
  });
}

/** Why no scheduled job meets a change to `f.function` (see `jobsCannotHit`). */
function noJobWhy(f: Finding, baseline: AppSpec): string {
  return baseline.functions[f.function]?.kind === "query"
    ? "is an internal query: no client calls it and no job can be scheduled for it (the scheduler and crons run mutations and actions)"
    : "is internal, and this is its result: a scheduled job's result is discarded, and only server code deployed with it reads it";
}

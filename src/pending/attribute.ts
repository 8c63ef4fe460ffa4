/**
 * Which version of a `defineVersioned` export a pending job will be served by, for `report
 * --pending`: a job waiting to run is a call that has not happened yet, so its version is still
 * called. The runtime's dispatch decides: the newest served version whose args validator accepts
 * the stored args. An export that serves a single version (a renamed alias, a tombstone) takes
 * every job of its path, whatever the args.
 */
import type { AppSpec } from "../model.ts";
import { rejection } from "./accepts.ts";
import type { ScheduledJob } from "./jobs.ts";

/** The label `job` will be served by, or undefined (not a versioned export, or no version fits). */
export function versionOfJob(app: AppSpec, job: ScheduledJob): string | undefined {
  const chain = Object.hasOwn(app.functions, job.function)
    ? app.functions[job.function]?.versioned
    : undefined;
  if (!chain) return undefined;
  if (chain.serves.length === 1) return chain.serves[0];
  for (let i = chain.versions.length - 1; i >= 0; i--) {
    const version = chain.versions[i]!;
    if (!chain.serves.includes(version.label) || version.removed) continue;
    if (!rejection(version.args, job.args)) return version.label;
  }
  return undefined;
}

/**
 * Which version of a `defineVersioned` export a pending job will be served by, for `report
 * --pending`: a job waiting to run is a call that has not happened yet, so its version is still
 * called. The runtime's dispatch decides: the newest served version whose args validator accepts
 * the stored args. An export that serves a single version (a renamed alias, a tombstone) takes
 * every job of its path, whatever the args.
 */
import type { ValidatorJSON } from "../meta.ts";
import type { AppSpec } from "../model.ts";
import { rejection } from "./accepts.ts";
import type { JobSink, ScheduledJob } from "./jobs.ts";

/** Any args at all. */
const ANY: readonly ValidatorJSON[] = [{ type: "any" }];

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

/**
 * Where `report --pending` sends a queue: each job counted (`count`) under the version it will be
 * served by. Most jobs are told from their bytes (./jobs.ts): a function that is not versioned, or
 * serves one version, takes every job whatever its args; one serving several takes a job quickly
 * when its newest served version accepts it. Any other job is read whole and `versionOfJob`
 * decides, as it always did.
 */
export function versionCounter(
  app: AppSpec,
  count: (fn: string, label: string, jobs: number) => void,
): JobSink {
  const ignore = () => {};
  return {
    add(job) {
      const label = versionOfJob(app, job);
      if (label !== undefined) count(job.function, label, 1);
    },
    quick(fn) {
      const chain = Object.hasOwn(app.functions, fn) ? app.functions[fn]?.versioned : undefined;
      if (!chain) return { args: ANY, accepted: ignore };
      if (chain.serves.length === 1) {
        const label = chain.serves[0]!;
        return { args: ANY, accepted: (jobs) => count(fn, label, jobs) };
      }
      const newest = chain.versions.findLast((v) => chain.serves.includes(v.label) && !v.removed);
      if (!newest) return { args: ANY, accepted: ignore };
      return { args: [newest.args], accepted: (jobs) => count(fn, newest.label, jobs) };
    },
  };
}

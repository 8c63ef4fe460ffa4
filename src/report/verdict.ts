/**
 * Which versions fail the run under a `failOn` policy, and the exit code that follows.
 * `removable` is the stricter threshold: it fails on every overdue version, called or not.
 */
import type { VersionStatus } from "../lifecycle/status.ts";
import type { FailOn } from "./policy.ts";
import type { Registry, RegistryDefinition, RegistryVersion } from "./registry.ts";

const FAILING: Record<FailOn, ReadonlySet<VersionStatus>> = {
  "still-called": new Set(["still-called"]),
  removable: new Set(["still-called", "removable"]),
  never: new Set(),
};

export function failsUnder(failOn: FailOn, status: VersionStatus): boolean {
  return FAILING[failOn].has(status);
}

export interface Failure {
  definition: RegistryDefinition;
  version: RegistryVersion;
}

export function failures(registry: Registry, failOn: FailOn): Failure[] {
  const out: Failure[] = [];
  for (const definition of registry.definitions) {
    for (const version of definition.versions) {
      if (failsUnder(failOn, version.status)) out.push({ definition, version });
    }
  }
  return out;
}

/**
 * Everything a renderer needs: the registry, the evidence it rests on, the policy and the verdict.
 */
import type { ReportPolicy } from "./policy.ts";
import type { Registry } from "./registry.ts";
import type { UsageEvidence } from "./usage/aggregate.ts";
import { type Failure, failures } from "./verdict.ts";

export interface ReportData {
  registry: Registry;
  usage?: UsageEvidence;
  policy: ReportPolicy;
  failures: Failure[];
  exitCode: 0 | 1;
  /** Loader and registry warnings, shown in every format. */
  warnings: string[];
}

export function reportData(
  registry: Registry,
  policy: ReportPolicy,
  usage: UsageEvidence | undefined,
  loaderWarnings: readonly string[] = [],
): ReportData {
  const failing = failures(registry, policy.failOn);
  return {
    registry,
    ...(usage ? { usage } : {}),
    policy,
    failures: failing,
    exitCode: failing.length > 0 ? 1 : 0,
    warnings: [...loaderWarnings, ...registry.warnings],
  };
}

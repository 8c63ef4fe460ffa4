/**
 * The report's public surface for the CLI and for tools: run it, or build and render the pieces.
 */
export {
  type AppLoader,
  REPORT_FORMATS,
  type ReportFormat,
  type RunReportOptions,
  type RunReportResult,
  runReport,
} from "./command.ts";
export {
  CONFIG_FILE,
  DEFAULT_POLICY,
  FAIL_ON,
  type FailOn,
  loadReportConfig,
  type ReportPolicy,
  resolvePolicy,
} from "./policy.ts";
export {
  buildRegistry,
  type Registry,
  type RegistryDefinition,
  type RegistryVersion,
} from "./registry.ts";
export { type ReportData, reportData } from "./report-data.ts";
export type { UsageEvidence } from "./usage/aggregate.ts";
export { readUsageFiles } from "./usage/read.ts";

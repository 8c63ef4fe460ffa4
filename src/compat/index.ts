/**
 * compat: is the current app compatible with clients built against the baseline? Pure functions
 * over JSON and dates (no I/O, no Convex runtime): validator subsumption, the rule table, the diff,
 * waivers and the renderers of `check` and `ls-rules`.
 */
export { checkCompat } from "./diff.ts";
export { fingerprint } from "./fingerprint.ts";
export {
  CONFIG_FILE_NAME,
  parseRuleConfig,
  parseRuleFlags,
} from "./levels.ts";
export { type CheckFormat, renderCheck, renderRules } from "./render/index.ts";
export { RULES, ruleById, TAXONOMY, type TaxonomyCell } from "./rules/registry.ts";
export type { RuleSpec } from "./rules/rule.ts";
export type {
  CheckOptions,
  CheckResult,
  Finding,
  Level,
  RuleLevel,
  RuleLevels,
  Waiver,
} from "./types.ts";
export { LEVELS, RULE_LEVELS } from "./types.ts";
export { canonicalize, sameValidator } from "./validator/canonical.ts";
export { describeValidator } from "./validator/describe.ts";
export { overlaps } from "./validator/overlap.ts";
export {
  type Comparison,
  compareArgs,
  compareReturns,
  type Direction,
  type Issue,
  type IssueKind,
} from "./validator/subsume.ts";
export { accepts, idPlaceholder, type Value } from "./validator/value.ts";
export { parseWaivers } from "./waiver-file.ts";
export { applyWaivers } from "./waivers.ts";

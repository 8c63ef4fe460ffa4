/**
 * Per-rule levels: teams differ on what fails CI (a new enum value for clients with an exhaustive
 * `switch`, changes to internal functions), so any rule may be set to `breaking`, `dangerous`,
 * `info` or `off`. Parsing (config JSON, `--rule ID=level`) is here so the CLI and tests share one
 * set of messages; reading files is the CLI's job. Unknown rule IDs are input errors, with the
 * closest known ID suggested: a typo must not silently leave a rule at its default.
 */
import { InputError } from "../input-error.ts";
import { fingerprint } from "./fingerprint.ts";
import { RULES, ruleById } from "./rules/registry.ts";
import { type Finding, RULE_LEVELS, type RuleLevel, type RuleLevels } from "./types.ts";

/** The config file `check` and `ls-rules` read from the project root when it exists. */
export const CONFIG_FILE_NAME = "convex-versioned.config.json";

/** `Did you mean "ARG_NO_DELETE"?`, or "" when nothing is close. */
export function closestRule(id: string): string {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const rule of RULES) {
    const d = distance(id.toUpperCase(), rule.id);
    if (d < bestDistance) {
      best = rule.id;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(3, Math.floor(id.length / 3))
    ? ` Did you mean "${best}"?`
    : "";
}

/** Throws an InputError when `id` names no rule; `where` says where it was written. */
export function assertKnownRule(id: string, where: string, file?: string, field?: string): void {
  if (ruleById(id)) return;
  throw new InputError(
    `${where}: unknown rule ID ${JSON.stringify(id)}.${closestRule(id)} (\`convex-versioned ls-rules\` lists them.)`,
    file,
    field,
  );
}

function levelOf(value: unknown, where: string, file?: string, field?: string): RuleLevel {
  if (typeof value === "string" && (RULE_LEVELS as readonly string[]).includes(value))
    return value as RuleLevel;
  throw new InputError(
    `${where} must be one of ${RULE_LEVELS.map((l) => JSON.stringify(l)).join(", ")} (got ${JSON.stringify(value)}).`,
    file,
    field,
  );
}

/**
 * Validates the config file's parsed JSON: `{ "rules": { "RULE_ID": "breaking" | "dangerous" |
 * "info" | "off" } }` (every key optional; no other keys, so a misspelt one is not ignored).
 * @throws InputError naming the file and field, e.g. `convex-versioned.config.json: rules.ARG_NO_DELET: unknown rule ID`.
 */
export function parseRuleConfig(json: unknown, file: string): RuleLevels {
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new InputError(
      `${file}: expected an object like { "rules": { "RULE_ID": "off" } }.`,
      file,
    );
  }
  for (const key of Object.keys(json)) {
    if (key !== "rules" && key !== "$schema")
      throw new InputError(
        `${file}: unknown field ${JSON.stringify(key)} (the config has "rules").`,
        file,
        key,
      );
  }
  const rules = (json as { rules?: unknown }).rules;
  if (rules === undefined) return {};
  if (rules === null || typeof rules !== "object" || Array.isArray(rules)) {
    throw new InputError(
      `${file}: rules must be an object of rule ID → level, e.g. { "RETURNS_UNION_MEMBER_ADDED": "breaking" }.`,
      file,
      "rules",
    );
  }
  const out: Record<string, RuleLevel> = {};
  for (const [id, value] of Object.entries(rules)) {
    const field = `rules.${id}`;
    assertKnownRule(id, `${file}: ${field}`, file, field);
    out[id] = levelOf(value, `${file}: ${field}`, file, field);
  }
  return out;
}

/** `--rule RULE_ID=level` values (repeatable; a later one for the same rule wins). */
export function parseRuleFlags(values: readonly string[]): RuleLevels {
  const out: Record<string, RuleLevel> = {};
  for (const value of values) {
    const eq = value.indexOf("=");
    if (eq <= 0) {
      throw new InputError(
        `--rule ${value}: expected RULE_ID=level, e.g. --rule RETURNS_UNION_MEMBER_ADDED=breaking.`,
      );
    }
    const id = value.slice(0, eq);
    assertKnownRule(id, `--rule ${value}`);
    out[id] = levelOf(value.slice(eq + 1), `--rule ${value}: the level`);
  }
  return out;
}

/** Only the levels that differ from the rules' defaults (what output needs to mention). */
export function effectiveOverrides(levels: RuleLevels): RuleLevels {
  const out: Record<string, RuleLevel> = {};
  for (const [id, level] of Object.entries(levels)) {
    const rule = ruleById(id);
    if (!rule) assertKnownRule(id, "rule levels");
    if (rule && rule.level !== level) out[id] = level;
  }
  return out;
}

/** Findings of the rules `levels` names, at those levels (`off` drops them); others unchanged. */
export function applyLevels(findings: Finding[], levels: RuleLevels): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    const level = Object.hasOwn(levels, f.rule) ? levels[f.rule]! : f.level;
    if (level === "off") continue;
    if (level === f.level) out.push(f);
    else out.push({ ...f, level, defaultLevel: ruleById(f.rule)?.level ?? f.level });
  }
  return out;
}

/** The levels of the rules `keep` accepts. */
export function pickLevels(levels: RuleLevels, keep: (id: string) => boolean): RuleLevels {
  return Object.fromEntries(Object.entries(levels).filter(([id]) => keep(id)));
}

/** Each finding with its fingerprint. */
export function withFingerprints(findings: Finding[]): Finding[] {
  return findings.map((f) => (f.fingerprint ? f : { ...f, fingerprint: fingerprint(f) }));
}

/** Levenshtein distance (IDs are short: the quadratic table is nothing). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(
        prev[j]! + 1,
        cur[j - 1]! + 1,
        prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = cur;
  }
  return prev[b.length]!;
}

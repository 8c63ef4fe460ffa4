/**
 * `--config FILE` and `--rule RULE_ID=level` (repeatable), shared by `check` and `ls-rules`. The
 * config file is `convex-versioned.config.json` at the project root when it exists (Convex's own
 * convex.json rejects keys it does not know, so the settings cannot live there); a `--rule` flag
 * wins over the file for its rule.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { Option } from "commander";
import type { RuleLevels } from "../compat/types.ts";
import { readJsonFile } from "../contracts/json-file.ts";

export interface RuleLevelFlags {
  config?: string;
  rule?: string[];
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function ruleLevelOptions(): Option[] {
  return [
    new Option(
      "--config <file>",
      'Rule levels from this JSON file ({ "rules": { "RULE_ID": "breaking" | "dangerous" | "info" | "off" } }). Default: convex-versioned.config.json, when it exists.',
    ),
    new Option(
      "--rule <RULE_ID=level>",
      "Set one rule's level: breaking, dangerous, info or off (repeatable; wins over the config file).",
    )
      .argParser(collect)
      .default([]),
  ];
}

/** The levels the config file and the flags set; {} when neither sets any. */
export async function loadRuleLevels(flags: RuleLevelFlags, cwd: string): Promise<RuleLevels> {
  // Loaded on use, like the rest of compat: commands that never judge start without the rule table.
  const { CONFIG_FILE_NAME, parseRuleConfig, parseRuleFlags } = await import("../compat/levels.ts");
  let fromFile: RuleLevels = {};
  const file = flags.config ?? CONFIG_FILE_NAME;
  const path = flags.config ? resolve(cwd, flags.config) : join(cwd, CONFIG_FILE_NAME);
  // The default file is optional; a file named by --config must exist (readJsonFile says so).
  if (flags.config || existsSync(path))
    fromFile = parseRuleConfig(await readJsonFile(path, file), file);
  return { ...fromFile, ...parseRuleFlags(flags.rule ?? []) };
}

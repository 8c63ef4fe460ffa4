/**
 * `convex-versioned ls-rules`: the compatibility rule table (ID, level, explanation), generated
 * from compat's registry so it can never drift from what `check` enforces; with the team's rule
 * levels (config file, `--rule`) applied, as `check` would apply them.
 */
import { type Command, Option } from "commander";
import type { CliIo, CommandResult } from "../io.ts";
import { loadRuleLevels, type RuleLevelFlags, ruleLevelOptions } from "../rule-levels.ts";

export function lsRulesCommand(
  program: Command,
  io: CliIo,
  done: (r: CommandResult) => void,
): Command {
  const command = program
    .command("ls-rules")
    .summary("List every compatibility rule with its ID, level (as configured) and fix.")
    .addOption(
      new Option("--format <format>", "Output format.").choices(["text", "json"]).default("text"),
    );
  for (const option of ruleLevelOptions()) command.addOption(option);
  return command.action(async (o: { format: "text" | "json" } & RuleLevelFlags) => {
    // Loaded on use, like check: the other commands start without the rule table.
    const { renderRules } = await import("../../compat/render/index.ts");
    done({ exitCode: 0, output: renderRules(o.format, await loadRuleLevels(o, io.cwd)) });
  });
}

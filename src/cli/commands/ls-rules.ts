/**
 * `convex-versioned ls-rules`: the compatibility rule table (ID, level, explanation), generated
 * from compat's registry so it can never drift from what `check` enforces.
 */
import { type Command, Option } from "commander";
import type { CliIo, CommandResult } from "../io.ts";

export function lsRulesCommand(
  program: Command,
  _io: CliIo,
  done: (r: CommandResult) => void,
): Command {
  return program
    .command("ls-rules")
    .summary("List every compatibility rule with its ID, level and fix.")
    .addOption(
      new Option("--format <format>", "Output format.").choices(["text", "json"]).default("text"),
    )
    .action(async (o: { format: "text" | "json" }) => {
      // Loaded on use, like check: the other commands start without the rule table.
      const { renderRules } = await import("../../compat/index.ts");
      done({ exitCode: 0, output: renderRules(o.format) });
    });
}

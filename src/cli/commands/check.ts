/**
 * `convex-versioned check`: would deploying this code break a client built against the baseline?
 * The command-line definition; the run is ./check-run.ts (loaded only when `check` runs): both
 * sides loaded (../baseline.ts, contracts/load.ts), compat's `checkCompat` with the waivers and
 * the team's rule levels (../rule-levels.ts), every live client surface (../surfaces-check.ts) and
 * the findings rendered; exit 1 exactly when an unwaived breaking change exists after the levels.
 * Writes nothing but the skew beacon (`--beacon`, on success).
 */
import { type Command, Option } from "commander";
import { SURFACES_DIR_NAME } from "../../surfaces/dir-name.ts";
import type { CliIo, CommandResult } from "../io.ts";
import { type EnvFlags, type InferOptionFlags, withContractOptions } from "../options.ts";
import { type RuleLevelFlags, ruleLevelOptions } from "../rule-levels.ts";
import type { SurfaceFlags } from "../surfaces-check.ts";

export const CHECK_FORMATS = ["text", "json", "markdown", "github"] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export interface CheckOptions extends EnvFlags, InferOptionFlags, RuleLevelFlags, SurfaceFlags {
  /** A lock/function-spec file, `git:REF`, `deployment` or `deployment:NAME`; default the lock file. */
  baseline?: string;
  /** A lock/function-spec file; default: load the functions folder. */
  current?: string;
  convexDir?: string;
  format?: CheckFormat;
  waivers?: string;
  now?: string;
  /** `--pending` sources (repeatable): JSONL files, `-` (standard input), `deployment`, `deployment:NAME`, `COMPONENT=FILE`. */
  pending?: string[];
}

export function checkCommand(
  program: Command,
  io: CliIo,
  done: (r: CommandResult) => void,
): Command {
  const command = withContractOptions(
    program
      .command("check")
      .summary("Fail when the functions would break clients built against the baseline.")
      .description(
        "Compares the functions this code would deploy with a baseline and reports every change an old client would notice, with a rule ID and a fix. Exit 1 when an unwaived breaking change exists.",
      )
      .option(
        "--baseline <source>",
        "The old side: a lock or function-spec file, git:REF (the lock as committed at REF), deployment (npx convex function-spec), or deployment:NAME (its --deployment NAME, e.g. deployment:prod). Default: convex-versioned.lock.json.",
      )
      .option(
        "--current <file>",
        "Compare this lock or function-spec file instead of loading the functions folder.",
      )
      .addOption(
        new Option("--format <format>", "Output format.").choices(CHECK_FORMATS).default("text"),
      )
      .option(
        "--waivers <file>",
        "JSON file of waivers (rule and function, or a finding's fingerprint; reason, expires).",
      )
      .option("--now <date>", "Judge dates as of this day (YYYY-MM-DD). Default: today (UTC).")
      .option(
        "--pending <source>",
        "Also judge the scheduled jobs waiting in the deployment against the new functions (repeatable): deployment (npx convex data _scheduled_functions, for the app and every component it mounts), deployment:NAME (its --deployment NAME), a JSONL file of _scheduled_functions documents, - to read that JSONL from standard input, or COMPONENT=FILE for one component's jobs.",
        (value: string, previous: string[] = []) => [...previous, value],
      )
      .option(
        "--surfaces <dir>",
        `Also judge every live client surface recorded in this folder (surfaces record). Default: ${SURFACES_DIR_NAME}/ when it exists.`,
      )
      .option(
        "--beacon <file>",
        "When the check passes, write the skew beacon module here (e.g. convex/skewBeacon.ts): the surface ids this code serves, for defineSkewBeacon. Written only when its content changes.",
      ),
  );
  for (const option of ruleLevelOptions()) command.addOption(option);
  return command.action(async (o: CheckOptions) => {
    // Loaded on use: the other commands start without the rule table or the loader.
    const { runCheck } = await import("./check-run.ts");
    done(await runCheck(o, io));
  });
}

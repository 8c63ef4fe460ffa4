/**
 * The report's policy: how long an overdue version must be quiet, which statuses fail the run, and
 * the removal window for versions that declare none. Flags override the config file, which overrides
 * the defaults.
 *
 * Config file: `convex-versioned.config.json` in the working directory (or `--config FILE`), with a
 * `report` section; other top-level sections belong to other commands and are left alone:
 * `{ "report": { "quietDays": 14, "failOn": "still-called", "defaultWindowDays": 90 } }`.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { InputError } from "../input-error.ts";

import { FAIL_ON, type FailOn } from "./formats.ts";

export { FAIL_ON, type FailOn };

export interface ReportPolicy {
  quietDays: number;
  failOn: FailOn;
  defaultWindowDays: number;
}

/**
 * Defaults, and why:
 * - `quietDays: 14`: two weeks covers weekly users and a stale browser tab or a mobile app that is
 *   opened once a week, yet is short enough for `npx convex logs --history` or a log stream to cover.
 * - `failOn: "still-called"`: exit 1 only when a version is past its promised removal date AND
 *   clients still call it, i.e. a deadline was missed and someone must decide (extend `removeAfter`
 *   or chase the callers). `removable` is good news (a cleanup to do), so by default it is a warning:
 *   failing unrelated pull requests because a date passed would teach people to ignore the check.
 *   Without usage files nothing can be `still-called`, so a report without logs never fails by default.
 * - `defaultWindowDays: 90`: one quarter, long enough for app-store release cycles.
 */
export const DEFAULT_POLICY: ReportPolicy = {
  quietDays: 14,
  failOn: "still-called",
  defaultWindowDays: 90,
};

export const CONFIG_FILE = "convex-versioned.config.json";

const days = (max: number) => z.number().int().min(0).max(max);
const ReportSection = z.strictObject({
  quietDays: days(3650).min(1).optional(),
  failOn: z.enum(FAIL_ON).optional(),
  defaultWindowDays: days(3650).optional(),
});
const ConfigFile = z.looseObject({ report: ReportSection.optional() });

export type ReportConfig = z.infer<typeof ReportSection>;

/**
 * Read the `report` section of the config file. `explicit` (from `--config`) must exist; the default
 * file in `cwd` is optional. Errors name the file and the field.
 */
export async function loadReportConfig(
  explicit: string | undefined,
  cwd: string = process.cwd(),
): Promise<ReportConfig> {
  const file = explicit ?? join(cwd, CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    if (!explicit && (e as { code?: string }).code === "ENOENT") return {};
    throw new InputError(
      `--config ${file}: cannot read the file (${(e as { code?: string }).code ?? e})`,
      file,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${file}: not valid JSON (${(e as Error).message})`, file);
  }
  const parsed = ConfigFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue ? issue.path.map(String).join(".") : "";
    const what =
      issue?.code === "unrecognized_keys"
        ? `unknown field ${issue.keys.join(", ")}`
        : issue?.message;
    const where = field ? ` at ${field}` : "";
    throw new InputError(
      `${file}${where}: ${what}. Expected { "report": { "quietDays": days ≥ 1, "failOn": ${FAIL_ON.map((f) => `"${f}"`).join(" | ")}, "defaultWindowDays": days ≥ 0 } }`,
      file,
      field || undefined,
    );
  }
  return parsed.data.report ?? {};
}

export interface PolicyFlags {
  failOn?: string;
  quietDays?: number;
  defaultWindowDays?: number;
}

/** Flags over config over defaults; a bad flag is an `InputError` naming it. */
export function resolvePolicy(flags: PolicyFlags, config: ReportConfig): ReportPolicy {
  if (flags.failOn !== undefined && !(FAIL_ON as readonly string[]).includes(flags.failOn)) {
    throw new InputError(
      `--fail-on ${flags.failOn}: expected one of ${FAIL_ON.join(", ")}`,
      undefined,
      "failOn",
    );
  }
  checkDays("--quiet-days", flags.quietDays, 1);
  checkDays("--default-window", flags.defaultWindowDays, 0);
  return {
    quietDays: flags.quietDays ?? config.quietDays ?? DEFAULT_POLICY.quietDays,
    failOn: (flags.failOn as FailOn | undefined) ?? config.failOn ?? DEFAULT_POLICY.failOn,
    defaultWindowDays:
      flags.defaultWindowDays ?? config.defaultWindowDays ?? DEFAULT_POLICY.defaultWindowDays,
  };
}

function checkDays(flag: string, value: number | undefined, min: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > 3650) {
    throw new InputError(
      `${flag} ${value}: expected a whole number of days from ${min} to 3650`,
      undefined,
      flag,
    );
  }
}

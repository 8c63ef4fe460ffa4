/**
 * The data compat hands out: findings, the check result, waivers. The JSON shape of `CheckResult`
 * is pinned by DESIGN.md (CLI): `{ ok, changes: [{ rule, level, function, path?, message }] }`;
 * every other field is an addition a reader may ignore.
 */

export type Level = "breaking" | "dangerous" | "info";

export const LEVELS: readonly Level[] = ["breaking", "dangerous", "info"];

/** What a team may set a rule to: a level, or `off` (its findings are not reported). */
export type RuleLevel = Level | "off";

export const RULE_LEVELS: readonly RuleLevel[] = [...LEVELS, "off"];

/** Rule ID → the level a team chose (config file, `--rule`); rules not named keep their default. */
export type RuleLevels = Readonly<Record<string, RuleLevel>>;

export interface Finding {
  /** Rule ID, e.g. `ARG_NO_DELETE`. */
  rule: string;
  level: Level;
  /** `module/path:export`, e.g. `messages:send`. */
  function: string;
  /** Where in the function, e.g. `args.body`, `args.items[].kind`, `returns.author`. */
  path?: string;
  /** Past tense, subject first, names quoted. */
  message: string;
  /** What to do about it (may contain code). */
  fix?: string;
  /** Judged on return types inferred from TypeScript, not on declared `returns` validators. */
  inferred?: boolean;
  /** Set when a waiver covers this finding: it stays listed and no longer fails the check. */
  waived?: { reason: string; expires: string };
  /** For a finding re-levelled by another rule (INTERNAL_FUNCTION_CHANGED): the rule that found it. */
  originalRule?: string;
  /** The version label the finding concerns, for versioned exports. */
  version?: string;
  /**
   * An example value (Convex JSON, ids as `<id:TABLE>`) an old client sends (args) or a new function
   * returns (returns) that the other side rejects.
   */
  witness?: unknown;
  /** Why a breaking finding has no witness. */
  noWitness?: string;
  /**
   * Stable identity of the finding across runs: a hash of rule, function, path and version (see
   * fingerprint.ts). A waiver may name it to waive exactly this finding.
   */
  fingerprint?: string;
  /** Set when the team's rule levels changed this finding's level: the rule's own level. */
  defaultLevel?: Level;
  /**
   * For a pending-work finding on a component's own queue: its instance path (`workpool`); the
   * function is then written with it in front (`workpool/lib:run`).
   */
  component?: string;
  /** For the pending-work rules (`check --pending`): the jobs behind the finding. */
  pending?: PendingFacts;
  /** Labels of the live client surfaces (recorded builds) this breaking change breaks, sorted. */
  surfaces?: string[];
  /** With `surfaces`: the call each of those builds makes that this finding is about, by label. */
  calls?: SurfaceCall[];
  /**
   * Set on a change that would be breaking but no live client surface calls the function: it is
   * reported as dangerous and does not fail the check.
   */
  unreferenced?: true;
}

/** What a pending-work finding stands for: many jobs of one function, summarised. */
export interface PendingFacts {
  /** Jobs that would fail (scheduled jobs, or cron jobs for the CRON_* rules). */
  jobs: number;
  /** Earliest and latest `scheduledTime` of those jobs, ISO (scheduled jobs only). */
  earliest?: string;
  latest?: string;
  /** Up to 3 examples. Never the stored value: args may hold personal data. */
  witnesses: PendingWitness[];
}

export interface PendingWitness {
  /** The job's `_id`, or the cron's name. */
  job: string;
  /** Where its args were rejected (`args.body`); absent when the target is gone. */
  path?: string;
  /** What the new validator wants there. */
  expected?: string;
  /** The stored value's type there (`string`, `missing`, …). */
  got?: string;
}

/**
 * What a recorded client build calls, from its own surface: names only, never values. The args
 * are the names it sends (absent when its args are not an object validator); `reads`, for a
 * finding on the result, is the finding's path (`returns.author`).
 */
export interface SurfaceCall {
  surface: string;
  function: string;
  args?: string[];
  reads?: string;
}

/** How one live client surface fared in a check. */
export interface SurfaceVerdict {
  label: string;
  kind: string;
  id: string;
  /** No breaking finding (waived or not) for this build: the skew beacon lists it as served. */
  served: boolean;
  /** Its breaking findings, waived ones included. */
  breaking: number;
}

export interface CheckResult {
  /** False exactly when an unwaived breaking change exists. */
  ok: boolean;
  changes: Finding[];
  /** The rule levels the team set (only those differing from the defaults), as applied. */
  levels?: RuleLevels;
  /** With `check --pending`: what was read. */
  pending?: PendingRead;
  /** Present when client surfaces are recorded: each live one and whether this code serves it. */
  surfaces?: SurfaceVerdict[];
}

export interface PendingRead {
  /** Pending and in-progress jobs judged, over every source. */
  judged: number;
  /** Per `--pending` source: documents read, and how many of them were pending or in progress. */
  sources: { source: string; documents: number; waiting: number }[];
}

/**
 * A waiver names `rule` and `function` (every finding of that rule on that function), or a
 * finding's `fingerprint` (exactly that finding), or all three.
 */
export interface Waiver {
  rule?: string;
  function?: string;
  fingerprint?: string;
  reason: string;
  /** YYYY-MM-DD; the waiver stops waiving after this day. */
  expires: string;
}

export interface CheckOptions {
  /** Today, YYYY-MM-DD: lifecycle dates and waiver expiry are judged against it. */
  now: string;
  waivers?: Waiver[];
  /** Per-rule levels; `off` drops the rule's findings. Unknown rule IDs throw an InputError. */
  levels?: RuleLevels;
  /**
   * Pending-work findings (`check --pending`, crons), judged outside compat against the current
   * side; rule levels and waivers apply to them like to any other.
   */
  pendingFindings?: Finding[];
  /**
   * Given with `--pending`: pending jobs per function. INTERNAL_FUNCTION_CHANGED on a function no
   * job targets is then `info` ("no pending jobs"): the risk it stands for is not there.
   */
  pendingTargets?: ReadonlyMap<string, number>;
}

/**
 * Waivers: a reviewed, dated exception (`{ rule, function, reason, expires }`, or a finding's
 * `fingerprint` instead of or beside rule and function; rule IDs must exist). A waived finding
 * stays in the output with `waived` set and stops failing the check; an expired waiver waives
 * nothing and says so (WAIVER_EXPIRED); one that matches nothing is reported too (WAIVER_UNUSED).
 * Reading a waiver file is `waiver-file.ts` (it loads zod; `check` without waivers does not).
 */
import { compareIsoDates } from "../lifecycle/dates.ts";
import { finding } from "./rules/rule.ts";
import { WAIVER_EXPIRED, WAIVER_UNUSED } from "./rules/waivers.ts";
import type { Finding, Waiver } from "./types.ts";

/** What a waiver names, for messages: `"ARG_NO_DELETE" on "a:f"`, or its fingerprint. */
function named(w: Waiver): string {
  const parts: string[] = [];
  if (w.rule !== undefined) parts.push(`"${w.rule}" on "${w.function}"`);
  if (w.fingerprint !== undefined) parts.push(`finding ${w.fingerprint}`);
  return parts.join(", ");
}

export function waiverMatches(w: Waiver, f: Finding): boolean {
  if (w.fingerprint !== undefined && f.fingerprint !== w.fingerprint) return false;
  if (w.function !== undefined && f.function !== w.function) return false;
  return w.rule === undefined || f.rule === w.rule || f.originalRule === w.rule;
}

/** A waiver's own findings (expired, unused) are listed under its function, or as the waivers file's. */
const WAIVERS_FILE = "(waivers)";

/** The WAIVER_UNUSED finding `w` gives when it matches nothing. */
export function unusedWaiver(w: Waiver): Finding {
  return finding(
    WAIVER_UNUSED,
    w.function ?? WAIVERS_FILE,
    `Waiver for ${named(w)} matched no change.`,
  );
}

/** Marks waived findings and adds WAIVER_EXPIRED / WAIVER_UNUSED findings. */
export function applyWaivers(
  findings: Finding[],
  waivers: readonly Waiver[],
  now: string,
): Finding[] {
  const out = [...findings];
  for (const w of waivers) {
    const fn = w.function ?? WAIVERS_FILE;
    if (compareIsoDates(w.expires, now) < 0) {
      out.push(
        finding(
          WAIVER_EXPIRED,
          fn,
          `Waiver for ${named(w)} expired on ${w.expires}; it no longer waives anything.`,
        ),
      );
      continue;
    }
    let used = false;
    for (const [i, f] of out.entries()) {
      if (!waiverMatches(w, f)) continue;
      if (f.rule === WAIVER_EXPIRED.id || f.rule === WAIVER_UNUSED.id) continue;
      out[i] = { ...f, waived: { reason: w.reason, expires: w.expires } };
      used = true;
    }
    if (!used) {
      out.push(unusedWaiver(w));
    }
  }
  return out;
}

/**
 * `check` across live client surfaces. Each surface is judged as a baseline of its own with the
 * same rules, levels and waivers (`checkCompat`), and its breaking findings are merged into the
 * baseline's: a finding several builds share is listed once, naming them all. A breaking finding
 * on a function no live surface calls is reported one level down (nobody recorded is hurt), and
 * a surface with no breaking finding — a waived one counts: the build still breaks — is served.
 *
 * Pure: no I/O. With no live surface the baseline's result is returned unchanged.
 */
import { byFunctionThenPath, checkCompat } from "../compat/diff.ts";
import { WAIVER_EXPIRED, WAIVER_UNUSED } from "../compat/rules/waivers.ts";
import type { CheckOptions, CheckResult, Finding, SurfaceVerdict } from "../compat/types.ts";
import { unusedWaiver, waiverMatches } from "../compat/waivers.ts";
import type { AppSpec } from "../model.ts";
import { surfaceCall } from "./call.ts";
import { surfaceAsApp } from "./canonical.ts";
import type { SurfaceRecord } from "./file.ts";

export interface SurfaceJudgement {
  result: CheckResult;
  verdicts: SurfaceVerdict[];
}

const key = (f: Finding) => `${f.rule}\u0000${f.function}\u0000${f.path ?? ""}`;

function isBreaking(f: Finding): boolean {
  return f.level === "breaking" && f.rule !== WAIVER_EXPIRED.id && f.rule !== WAIVER_UNUSED.id;
}

/** `f` naming one more build it breaks, with the call that build makes (from its own shape). */
function addSurface(f: Finding, surface: SurfaceRecord): Finding {
  const { label } = surface;
  const surfaces = [...new Set([...(f.surfaces ?? []), label])].sort();
  const call = surfaceCall(label, f.function, surface.functions[f.function]!, f.path);
  const calls = [...(f.calls ?? []).filter((c) => c.surface !== label), call].sort((a, b) =>
    a.surface < b.surface ? -1 : a.surface > b.surface ? 1 : 0,
  );
  return { ...f, surfaces, calls };
}

/** `web@a1, mobile@2.1.0` (at most five named, then a count). */
export function labelList(labels: readonly string[]): string {
  const shown = labels.slice(0, 5).join(", ");
  return labels.length > 5 ? `${shown} and ${labels.length - 5} more` : shown;
}

/**
 * @param baseline the result of `checkCompat(baseline, current, options)`.
 * @param live the surfaces live today (not expired).
 */
export function judgeSurfaces(
  baseline: CheckResult,
  live: readonly SurfaceRecord[],
  current: AppSpec,
  options: CheckOptions,
): SurfaceJudgement {
  if (live.length === 0) return { result: baseline, verdicts: [] };
  let changes = [...baseline.changes];
  const extra = new Map<string, Finding>();
  const verdicts: SurfaceVerdict[] = [];
  const waived: Finding[] = [];
  for (const surface of live) {
    const own = checkCompat(surfaceAsApp(surface.functions), current, options).changes.filter(
      (f) => isBreaking(f) && Object.hasOwn(surface.functions, f.function),
    );
    verdicts.push({
      label: surface.label,
      kind: surface.kind,
      id: surface.id,
      served: own.length === 0,
      breaking: own.length,
    });
    waived.push(...own.filter((f) => f.waived));
    for (const f of own) {
      // The same change as the baseline's finding: same rule, function and path; else a baseline
      // breaking finding at the same place (a versioned baseline words a deleted export as
      // REMOVED_BEFORE_SUNSET where a surface, which has no versions, says FUNCTION_NO_DELETE).
      const k = key(f);
      const exact = changes.some((b) => key(b) === k);
      const place = (b: Finding) =>
        b.level === "breaking" && b.function === f.function && b.path === f.path;
      const same = exact ? (b: Finding) => key(b) === k : place;
      if (changes.some(same)) changes = changes.map((b) => (same(b) ? addSurface(b, surface) : b));
      else extra.set(k, addSurface(extra.get(k) ?? f, surface));
    }
  }
  // A waiver only a surface's finding matches is used, not WAIVER_UNUSED as the baseline said.
  for (const w of options.waivers ?? []) {
    if (!waived.some((f) => waiverMatches(w, f))) continue;
    const unused = unusedWaiver(w);
    changes = changes.filter(
      (f) =>
        f.rule !== unused.rule || f.function !== unused.function || f.message !== unused.message,
    );
  }
  const called = new Set(live.flatMap((s) => Object.keys(s.functions)));
  const liveLabels = labelList(live.map((s) => s.label));
  changes = changes.map((f) => {
    // Pending-work findings (check --pending, crons) are about jobs in the deployment, which run
    // whatever any client build calls: no surface makes them harmless.
    if (f.level !== "breaking" || f.waived || f.surfaces || f.pending || called.has(f.function))
      return f;
    return {
      ...f,
      level: "dangerous",
      unreferenced: true,
      message: `${f.message} No live client build calls "${f.function}" (live surfaces: ${liveLabels}), so this does not fail the check.`,
    };
  });
  changes.push(...extra.values());
  changes.sort(byFunctionThenPath);
  return {
    result: {
      ...baseline,
      ok: !changes.some((f) => f.level === "breaking" && !f.waived),
      changes,
      surfaces: verdicts,
    },
    verdicts,
  };
}

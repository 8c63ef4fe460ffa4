/** Counts and plain-text helpers shared by the check renderers. */
import type { CheckResult, Finding, Level } from "../types.ts";

export interface Counts {
  breaking: number;
  dangerous: number;
  info: number;
  waived: number;
}

export function counts(result: CheckResult): Counts {
  const out: Counts = { breaking: 0, dangerous: 0, info: 0, waived: 0 };
  for (const f of result.changes) {
    if (f.waived) out.waived++;
    else out[f.level]++;
  }
  return out;
}

export function summaryLine(result: CheckResult): string {
  const c = counts(result);
  const parts = [`${c.breaking} breaking`, `${c.dangerous} dangerous`, `${c.info} info`];
  if (c.waived > 0) parts.push(`${c.waived} waived`);
  return parts.join(", ");
}

/** Findings grouped by function, in the result's (sorted) order. */
export function byFunction(changes: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const f of changes) groups.set(f.function, [...(groups.get(f.function) ?? []), f]);
  return groups;
}

export function byLevel(changes: readonly Finding[], level: Level): Finding[] {
  return changes.filter((f) => f.level === level);
}

/** A fix without its Markdown code fences, for plain-text output. */
export function plainFix(fix: string): string {
  return fix
    .split("\n")
    .filter((line) => !line.startsWith("```"))
    .join("\n");
}

const CODE_BLOCK = /```[a-z]*\n[\s\S]*?\n```/g;

/**
 * Several findings of one change carry the same code to paste (one `defineVersioned` chain for
 * three changed args). Within one function, a code block already shown is replaced by a pointer
 * to the finding that showed it. `seen` maps a block to that finding's label; it is updated.
 */
export function withoutRepeatedCode(fix: string, seen: Map<string, string>, label: string): string {
  return fix.replace(CODE_BLOCK, (block) => {
    const first = seen.get(block);
    if (first !== undefined) return `(the code shown for ${first} above)`;
    seen.set(block, label);
    return block;
  });
}

/** `RETURNS_UNION_MEMBER_ADDED=breaking, INTERNAL_FUNCTION_CHANGED=off`, or "" when none is set. */
export function levelsLine(result: CheckResult): string {
  return Object.entries(result.levels ?? {})
    .map(([id, level]) => `${id}=${level}`)
    .join(", ");
}

/** ` (level set; rule default dangerous)` for a re-levelled finding, else "". */
export function levelNote(f: Finding): string {
  return f.defaultLevel ? ` (level set; rule default ${f.defaultLevel})` : "";
}

/**
 * A pending-work finding's witnesses, one line each: `job "kd7…": args.body: expected string, got
 * number`. Job ids and types only; the stored values are never shown.
 */
export function witnessLines(f: Finding): string[] {
  const cron = f.rule.startsWith("CRON_");
  return (f.pending?.witnesses ?? []).map((w) => {
    const who = `${cron ? "cron" : "job"} ${JSON.stringify(w.job)}`;
    return w.path ? `${who}: ${w.path}: expected ${w.expected}, got ${w.got}` : who;
  });
}

/** `Pending jobs judged: 3 (pending.jsonl: 5 documents, 3 pending or in progress).`, or "". */
export function pendingLine(result: CheckResult): string {
  if (!result.pending) return "";
  const sources = result.pending.sources
    .map(
      (s) =>
        `${s.source}: ${s.documents} document${s.documents === 1 ? "" : "s"}, ${s.waiting} pending or in progress`,
    )
    .join("; ");
  return `Pending jobs judged: ${result.pending.judged} (${sources}).`;
}

/**
 * `Client surfaces: web@a1 broken (2 breaking), mobile@2.1.0 served.`, or "" when none is
 * recorded (the output is then exactly what it was before surfaces existed).
 */
export function surfacesLine(result: CheckResult): string {
  if (!result.surfaces) return "";
  if (result.surfaces.length === 0) return "Client surfaces: none live.";
  const parts = result.surfaces.map((s) =>
    s.served ? `${s.label} served` : `${s.label} broken (${s.breaking} breaking)`,
  );
  return `Client surfaces: ${parts.join(", ")}.`;
}

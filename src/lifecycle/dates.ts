/**
 * Calendar dates as the library uses them: `YYYY-MM-DD`, compared as UTC days.
 * Pure and runtime-safe: used by definition-time checks and by the CLI's `--now`.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since the Unix epoch for a valid `YYYY-MM-DD`, or `undefined` for anything else. */
export function parseIsoDate(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const m = ISO_DATE.exec(value);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Rejects 2026-02-30 and friends, which Date.UTC silently rolls over.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    return undefined;
  }
  return ms / 86_400_000;
}

export function isIsoDate(value: unknown): value is string {
  return parseIsoDate(value) !== undefined;
}

/** Today (UTC) as `YYYY-MM-DD`. */
export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** `a` compared to `b` as dates: negative, zero or positive. Both must be valid ISO dates. */
export function compareIsoDates(a: string, b: string): number {
  return parseIsoDate(a)! - parseIsoDate(b)!;
}

/** `date` plus `days` as `YYYY-MM-DD`. */
export function addDays(date: string, days: number): string {
  return new Date((parseIsoDate(date)! + days) * 86_400_000).toISOString().slice(0, 10);
}

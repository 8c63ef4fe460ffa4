/**
 * Which recorded surfaces are live on a given day. Expired ones (past `expires`) are no longer
 * judged. A web surface is superseded once a newer web surface was recorded: it stays live (its
 * tabs may still be open, a staged build may not be promoted yet) until `surfaces retire
 * --superseded` removes it, typically when the newer build is promoted. Mobile surfaces are
 * never superseded: old app releases stay installed until their surface is retired by hand.
 */
import type { SurfaceRecord } from "./file.ts";

export function isExpired(surface: SurfaceRecord, now: string): boolean {
  return surface.expires !== undefined && surface.expires < now;
}

export function liveSurfaces(surfaces: readonly SurfaceRecord[], now: string): SurfaceRecord[] {
  return surfaces.filter((s) => !isExpired(s, now));
}

/** Labels of the web surfaces a newer web surface supersedes (recording time, then label). */
export function supersededLabels(surfaces: readonly SurfaceRecord[]): Set<string> {
  const web = surfaces
    .filter((s) => s.kind === "web")
    .sort((a, b) =>
      a.recordedAt === b.recordedAt
        ? a.label.localeCompare(b.label)
        : Date.parse(a.recordedAt) - Date.parse(b.recordedAt),
    );
  return new Set(web.slice(0, -1).map((s) => s.label));
}

export type SurfaceStatus = "live" | "superseded" | "expired";

export function surfaceStatus(
  surface: SurfaceRecord,
  now: string,
  superseded: ReadonlySet<string>,
): SurfaceStatus {
  if (isExpired(surface, now)) return "expired";
  return superseded.has(surface.label) ? "superseded" : "live";
}

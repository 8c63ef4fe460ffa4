/**
 * Lifecycle rules: what deleting, tombstoning and deprecating versions means, judged by the dates
 * the baseline recorded (`deprecated.removeAfter`) against `now`. Removal after the sunset is the
 * contract working as intended (info); before it, old clients the report may still see break.
 */
import { compareIsoDates, isIsoDate } from "../../lifecycle/dates.ts";
import type { VersionMeta } from "../../meta.ts";
import { type RuleSpec, rule } from "./rule.ts";

const DEPRECATE_FIRST = `Put the version back and let its sunset pass first: mark it \`deprecated: { since, removeAfter }\`, watch \`convex-versioned report\` until it is \`removable\` (no calls after removeAfter), then delete it. To stop serving it now, make it a tombstone instead, which old clients see as a typed VERSION_REMOVED error ("reload the app"):

\`\`\`ts
  .version("2026-01-01", { name: "oldName", removed: { since: "2026-03-01" } })   // first in the chain
\`\`\``;

export const VERSION_REMOVED_AFTER_SUNSET = rule({
  id: "VERSION_REMOVED_AFTER_SUNSET",
  level: "info",
  purpose: "Notes a version (or whole function) deleted after its baseline `removeAfter` date.",
  doc: 'This is the end of the expand → contract cycle: the baseline promised the version until `removeAfter`, the date passed, so deleting it is allowed. Clients still on it now get "Could not find public function".',
  fix: "Nothing to do. Check `convex-versioned report` showed it `removable` (no calls seen after the date).",
});

export const REMOVED_BEFORE_SUNSET = rule({
  id: "REMOVED_BEFORE_SUNSET",
  level: "breaking",
  purpose:
    "Checks that a deprecated version (or function) is not deleted before its `removeAfter` date, or without one.",
  doc: "The baseline marked the version deprecated but promised to serve it until `removeAfter` (or set no date at all): old clients may still call it.",
  fix: DEPRECATE_FIRST,
});

export const SUNSET_NO_SHORTEN = rule({
  id: "SUNSET_NO_SHORTEN",
  level: "breaking",
  purpose: "Checks that a version's `removeAfter` date does not move earlier.",
  doc: "Clients (and the people shipping them) planned around the published date; moving it earlier takes time away they were promised.",
  fix: "Keep the baseline's `removeAfter` date or a later one.",
});

export const VERSION_TOMBSTONED = rule({
  id: "VERSION_TOMBSTONED",
  level: "info",
  purpose: "Notes a served version turned into a tombstone (`removed`).",
  doc: 'Old clients calling it now get a typed VERSION_REMOVED error they can handle (`isVersionRemovedError`: show "reload"), instead of their call working. A deliberate, visible end of service.',
  fix: "Nothing to do; make sure clients handle `isSkewError`/`isVersionRemovedError`.",
});

export const VERSION_DEPRECATED = rule({
  id: "VERSION_DEPRECATED",
  level: "info",
  purpose: "Notes a version newly marked `deprecated`.",
  doc: "Calls through it keep working; the lock file records its dates so a later `check` can allow its removal after `removeAfter`.",
  fix: "Nothing to do; watch `convex-versioned report` for its last calls.",
});

export const TOMBSTONE_DELETED = rule({
  id: "TOMBSTONE_DELETED",
  level: "info",
  purpose: "Notes a tombstone (a function that only answered VERSION_REMOVED) deleted.",
  doc: 'Clients still calling it now get "Could not find public function" instead of the typed VERSION_REMOVED error; both mean "reload", but only the typed one is easy to recognise.',
  fix: "Nothing to do, unless clients rely on the typed error: then keep the tombstone a while longer.",
});

export const LIFECYCLE_RULES: RuleSpec[] = [
  VERSION_REMOVED_AFTER_SUNSET,
  REMOVED_BEFORE_SUNSET,
  SUNSET_NO_SHORTEN,
  VERSION_TOMBSTONED,
  VERSION_DEPRECATED,
  TOMBSTONE_DELETED,
];

/** The baseline allowed deleting this version: deprecated with a `removeAfter` strictly before `now`. */
export function pastSunset(version: VersionMeta, now: string): boolean {
  const removeAfter = version.deprecated?.removeAfter;
  return isIsoDate(removeAfter) && compareIsoDates(removeAfter, now) < 0;
}

/** "removeAfter 2026-12-01" / "no removeAfter date" / "not deprecated", for messages. */
export function sunsetText(version: VersionMeta): string {
  if (!version.deprecated) return "it was not deprecated";
  const removeAfter = version.deprecated.removeAfter;
  return removeAfter ? `its removeAfter is ${removeAfter}` : "it has no removeAfter date";
}

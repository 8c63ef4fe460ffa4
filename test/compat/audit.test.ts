/** Audit of the rule table itself (buf's spec test, oasdiff's symmetry test). */
import { expect, test } from "vitest";
import { RULES, ruleById, TAXONOMY } from "../../src/compat/index.ts";

test("IDs are unique and UPPER_SNAKE", () => {
  const ids = RULES.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) expect(id).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/);
});

test("every rule has a level, a one-sentence purpose, a doc paragraph and a fix", () => {
  for (const r of RULES) {
    expect(["breaking", "dangerous", "info"], r.id).toContain(r.level);
    expect(r.purpose, r.id).toMatch(/^[A-Z].*\.$/);
    expect(r.doc.length, r.id).toBeGreaterThan(40);
    expect(r.fix.length, r.id).toBeGreaterThan(10);
  }
});

test("the brief's rules exist at their levels", () => {
  const expected: Record<string, string> = {
    FUNCTION_NO_DELETE: "breaking",
    FUNCTION_NO_MOVE: "breaking",
    FUNCTION_KIND_SAME: "breaking",
    FUNCTION_NO_INTERNALIZE: "breaking",
    ARG_NO_ADD_REQUIRED: "breaking",
    ARG_NO_DELETE: "breaking",
    ARG_TYPE_NO_NARROW: "breaking",
    ARG_OPTIONAL_TO_REQUIRED: "breaking",
    RETURNS_TYPE_SAME: "breaking",
    RETURNS_FIELD_NO_DELETE: "breaking",
    RETURNS_NO_LOOSEN: "breaking",
    RETURNS_UNION_MEMBER_ADDED: "dangerous",
    RETURNS_FIELD_ADDED: "info",
    INTERNAL_FUNCTION_CHANGED: "dangerous",
    VERSION_REMOVED_AFTER_SUNSET: "info",
    REMOVED_BEFORE_SUNSET: "breaking",
    SUNSET_NO_SHORTEN: "breaking",
    VERSION_TOMBSTONED: "info",
    VERSIONED_OVERLAP_RETURNS: "dangerous",
    WAIVER_EXPIRED: "info",
  };
  for (const [id, level] of Object.entries(expected)) expect(ruleById(id)?.level, id).toBe(level);
});

test("the removed-function fix pastes a defineVersioned alias and a tombstone", () => {
  const fix = ruleById("FUNCTION_NO_DELETE")!.fix;
  expect(fix).toContain('defineVersioned(mutation, { name: "newName" })');
  expect(fix).toContain('name: "oldName"');
  expect(fix).toContain("removed: { since:");
});

test("symmetry: every cell of the taxonomy names a rule or gives a reason", () => {
  const areas = ["args", "returns"];
  const changes = [
    "field-add-required",
    "field-add-optional",
    "field-remove",
    "optional-to-required",
    "required-to-optional",
    "null-added",
    "null-removed",
    "type-narrow",
    "type-widen",
    "type-change",
    "union-member-add",
    "union-member-remove",
    "literal-widen",
    "became-any",
  ];
  // args ↔ returns, add ↔ remove: both directions of every change must be in the map.
  for (const area of areas)
    for (const change of changes)
      expect(TAXONOMY[`${area}:${change}`], `${area}:${change}`).toBeDefined();
  for (const [cell, entry] of Object.entries(TAXONOMY)) {
    if ("rule" in entry) expect(ruleById(entry.rule), cell).toBeDefined();
    else expect(entry.gap, cell).toMatch(/\w{3,}.*\./);
  }
  // Every rule is reachable from some cell: no rule outside the taxonomy.
  const named = new Set(Object.values(TAXONOMY).flatMap((e) => ("rule" in e ? [e.rule] : [])));
  for (const r of RULES) expect(named.has(r.id), r.id).toBe(true);
});

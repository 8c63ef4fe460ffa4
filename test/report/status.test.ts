/** Lifecycle statuses of single versions at chosen dates (src/lifecycle/status.ts). */
import { describe, expect, test } from "vitest";
import { type StatusVersion, versionStatus } from "../../src/lifecycle/status.ts";

const policy = { quietDays: 14, defaultWindowDays: 90 };

// The seed incident's chain: a tombstone, a renamed export, an arg-shape version, the current one.
const chain: StatusVersion[] = [
  { label: "2025-12-01", removed: { since: "2026-05-01" } },
  { label: "2026-06-01", deprecated: { since: "2026-10-01", removeAfter: "2026-12-01" } },
  { label: "2026-10-01", deprecated: { since: "2026-11-15" } },
  { label: "2026-11-15" },
];

const at = (index: number, now: string, usage?: { calls: number; lastSeen?: string }) =>
  versionStatus({ versions: chain, index, now, policy, ...(usage ? { usage } : {}) });

describe("versionStatus", () => {
  test("the last version is current at every date", () => {
    for (const now of ["2026-01-01", "2026-12-02", "2030-01-01"])
      expect(at(3, now).status).toBe("current");
  });

  test("a tombstone is removed whatever the date or the calls", () => {
    const s = at(0, "2026-12-20", { calls: 5, lastSeen: "2026-12-19T10:00:00.000Z" });
    expect(s.status).toBe("removed");
    expect(s.note).toContain("2026-05-01");
  });

  test("deprecated up to and including removeAfter, then overdue the day after", () => {
    expect(at(1, "2026-11-01")).toMatchObject({ status: "deprecated", removeAfter: "2026-12-01" });
    expect(at(1, "2026-12-01").status).toBe("deprecated");
    expect(at(1, "2026-12-02").status).toBe("removable");
  });

  test("past removeAfter with no evidence at all is removable by date only", () => {
    expect(at(1, "2026-12-20")).toMatchObject({ status: "removable", basis: "date-only" });
  });

  test("past removeAfter and quiet for the whole window is removable on the logs' word", () => {
    // Last call on 2026-12-05; window on 2026-12-20 starts 2026-12-06.
    const s = at(1, "2026-12-20", { calls: 40, lastSeen: "2026-12-05T23:59:59.000Z" });
    expect(s).toMatchObject({ status: "removable", basis: "logs", quietFrom: "2026-12-06" });
  });

  test("zero calls in the logs is removable with basis logs, not date-only", () => {
    expect(at(1, "2026-12-20", { calls: 0 })).toMatchObject({ status: "removable", basis: "logs" });
  });

  test("past removeAfter and called inside the window is still-called", () => {
    const s = at(1, "2026-12-20", { calls: 3, lastSeen: "2026-12-06T00:00:00.000Z" });
    expect(s).toMatchObject({ status: "still-called", basis: "logs" });
  });

  test("calls before removeAfter do not change deprecated", () => {
    expect(at(1, "2026-11-20", { calls: 9, lastSeen: "2026-11-19T00:00:00.000Z" }).status).toBe(
      "deprecated",
    );
  });

  test("no removeAfter: since + defaultWindowDays", () => {
    expect(at(2, "2026-12-20")).toMatchObject({
      status: "deprecated",
      removeAfter: "2027-02-13",
      removeAfterSource: "default-window",
    });
    expect(at(2, "2027-02-14")).toMatchObject({ status: "removable", basis: "date-only" });
    const short = versionStatus({
      versions: chain,
      index: 2,
      now: "2026-12-20",
      policy: { ...policy, defaultWindowDays: 30 },
    });
    expect(short).toMatchObject({ status: "removable", removeAfter: "2026-12-15" });
  });

  test("no deprecated block: deprecated since the next label when it is a date", () => {
    const versions: StatusVersion[] = [{ label: "2026-01-01" }, { label: "2026-03-01" }];
    const s = versionStatus({ versions, index: 0, now: "2026-04-01", policy });
    expect(s).toMatchObject({
      status: "deprecated",
      deprecatedSince: "2026-03-01",
      deprecationSource: "next-label",
      removeAfter: "2026-05-30",
    });
    expect(versionStatus({ versions, index: 0, now: "2026-06-01", policy }).status).toBe(
      "removable",
    );
  });

  test("no deprecated block and no datable successor: deprecated with no date, never removable", () => {
    const versions: StatusVersion[] = [{ label: "v1" }, { label: "v2" }];
    const s = versionStatus({ versions, index: 0, now: "2099-01-01", policy });
    expect(s).toMatchObject({
      status: "deprecated",
      deprecationSource: "none",
      removeAfterSource: "none",
    });
    expect(s.removeAfter).toBeUndefined();
    expect(s.note).toMatch(/no deprecation date/);
  });
});

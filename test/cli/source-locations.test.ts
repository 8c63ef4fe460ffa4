/**
 * Where annotations point: the module file of a function (whichever extension exists, relative to
 * the checkout) and the line of its export or of a version's `.version(` call.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  findCronLine,
  findDeclarationLine,
  sourceLocator,
} from "../../src/cli/source-locations.ts";
import { tempDir } from "../contracts/helpers.ts";

const MODULE = `import { v } from "convex/values";
export const plain = query({ args: {} });
export async function helper() {}
export const {
  send,
  sendMessage,
} = defineVersioned(mutation, { name: "sendMessage" })
  .version("2026-06-01", { name: "send", args: {} })
  .version('2026-10-01', { args: {} })
  .handler(async () => null);

export const { list, old: renamed } = defineVersioned(query, { name: "list" })
  .version("2026-06-01", { args: {} })
  .handler(async () => []);
const a = 1, b = 2;
export { a, b as bee };
export default query({ args: {} });
`;

describe("findDeclarationLine", () => {
  test.each([
    ["plain", undefined, 2],
    ["helper", undefined, 3],
    ["send", undefined, 5],
    ["sendMessage", undefined, 6],
    ["renamed", undefined, 12],
    ["list", undefined, 12],
    ["a", undefined, 16],
    ["bee", undefined, 16],
    ["default", undefined, 17],
  ])("export %s is on line %s", (name, label, line) => {
    expect(findDeclarationLine(MODULE, name, label)).toBe(line);
  });

  test("a version is found after its own export, so equal labels of two definitions stay apart", () => {
    expect(findDeclarationLine(MODULE, "send", "2026-06-01")).toBe(8);
    expect(findDeclarationLine(MODULE, "sendMessage", "2026-10-01")).toBe(9);
    expect(findDeclarationLine(MODULE, "list", "2026-06-01")).toBe(13);
  });

  test("a name that is only a prefix of an export is not found; a missing label falls back to the export", () => {
    expect(findDeclarationLine(MODULE, "sen", undefined)).toBeUndefined();
    expect(findDeclarationLine(MODULE, "old", undefined)).toBeUndefined(); // renamed away
    expect(findDeclarationLine(MODULE, "send", "1999-01-01")).toBe(5);
    expect(findDeclarationLine(MODULE, "gone", "1999-01-01")).toBeUndefined();
  });

  test("labels are matched literally, not as patterns", () => {
    const text = `export const { f } = d\n  .version("v1.0", {})\n  .version("v1+0", {})\n`;
    expect(findDeclarationLine(text, "f", "v1+0")).toBe(3);
  });
});

const CRONS = `import { cronJobs } from "convex/server";
const jobs = cronJobs();
jobs.interval("digest 2", { hours: 1 }, internal.mail.send, {});
jobs.interval("digest", { hours: 1 }, internal.mail.send, {});
jobs.daily(
  'nightly',
  { hourUTC: 2 },
  internal.jobs.run,
);
jobs.cron(\`a.b\`, "0 * * * *", internal.jobs.run);
export default jobs;
`;

describe("findCronLine", () => {
  test.each([
    ["digest 2", 3],
    ["digest", 4],
    ["nightly", 5],
    ["a.b", 10],
  ])("cron %s is registered on line %s", (name, line) => {
    expect(findCronLine(CRONS, name)).toBe(line);
  });

  test("a name that is only a prefix, or matches only as a pattern, is not found", () => {
    expect(findCronLine(CRONS, "dig")).toBeUndefined();
    expect(findCronLine(CRONS, "a-b")).toBeUndefined();
    expect(findCronLine(CRONS, "weekly")).toBeUndefined();
  });
});

describe("sourceLocator", () => {
  const project = tempDir();
  mkdirSync(join(project, "src/convex/admin"), { recursive: true });
  writeFileSync(join(project, "src/convex/admin/users.tsx"), "\nexport const list = query({});\n");

  test("resolves the module's extension and shows the path relative to the working directory", () => {
    const locate = sourceLocator(join(project, "src/convex"), project);
    expect(locate("admin/users:list")).toEqual({ file: "src/convex/admin/users.tsx", line: 2 });
    expect(locate("admin/users:gone")).toEqual({ file: "src/convex/admin/users.tsx" });
    expect(locate("nowhere:list")).toBeUndefined();
  });

  test("cron(name) finds the cron's call in crons.ts, else its export default", () => {
    writeFileSync(join(project, "src/convex/crons.ts"), CRONS);
    const locate = sourceLocator(join(project, "src/convex"), project);
    expect(locate.cron?.("nightly")).toEqual({ file: "src/convex/crons.ts", line: 5 });
    expect(locate.cron?.("built at run time")).toEqual({ file: "src/convex/crons.ts", line: 11 });
    const none = sourceLocator(join(project, "src/convex/admin"), project);
    expect(none.cron?.("nightly")).toBeUndefined();
  });

  test("in GitHub Actions, paths are relative to the checkout even from a subfolder", () => {
    const sub = join(project, "src");
    const locate = sourceLocator("convex", sub, { GITHUB_WORKSPACE: project });
    expect(locate("admin/users:list")?.file).toBe("src/convex/admin/users.tsx");
  });
});

/**
 * Reading `npx convex function-spec` output (written here by hand in the real format: see
 * convex/src/cli/lib/functionSpec.ts) and sniffing it apart from lock files.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { normalizeIdentifier, parseFunctionSpec } from "../../src/contracts/function-spec.ts";
import { readSpecFile } from "../../src/contracts/read-spec-file.ts";
import { InputError } from "../../src/input-error.ts";
import { fixtures, tempDir } from "./helpers.ts";

const specFile = join(fixtures, "function-spec/chat-before.json");

describe("parseFunctionSpec", () => {
  it("strips .js from identifiers, maps kinds and visibility, reads returns any as undeclared", async () => {
    const app = await readSpecFile(specFile);
    expect(app.functions["messages:send"]).toEqual({
      kind: "mutation",
      visibility: "public",
      args: {
        type: "object",
        value: {
          author: { fieldType: { type: "string" }, optional: false },
          body: { fieldType: { type: "string" }, optional: false },
        },
      },
      returns: { type: "id", tableName: "messages" },
    });
    expect(app.functions["channels:rename"]!.returns).toBeNull();
    expect(app.functions["admin/audit:record"]).toMatchObject({
      kind: "mutation",
      visibility: "internal",
    });
    expect(app.functions["stats:default"]).toMatchObject({
      kind: "query",
      args: { type: "any" },
      returns: null,
    });
    expect(app.functions["ai/summarize:summarize"]!.kind).toBe("action");
    expect(app.httpRoutes).toEqual([
      { method: "GET", path: "/health" },
      { method: "POST", path: "/hooks/*" },
    ]);
  });

  it("normalises identifiers", () => {
    expect(normalizeIdentifier("messages.js:send")).toBe("messages:send");
    expect(normalizeIdentifier("admin/users.js:default")).toBe("admin/users:default");
  });

  it("names the entry and field at fault", () => {
    const bad = {
      url: "https://x.convex.cloud",
      functions: [{ functionType: "Query", identifier: "a.js:b", visibility: { kind: "secret" } }],
    };
    expect(() => parseFunctionSpec(bad, "spec.json")).toThrow(
      'spec.json: functions[0].visibility.kind must be "public" | "internal" (got string "secret")',
    );
    const unknownType = { functions: [{ functionType: "Cron" }] };
    expect(() => parseFunctionSpec(unknownType, "spec.json")).toThrow(
      'spec.json: functions[0].functionType has an unknown or missing "functionType"',
    );
  });

  it("rejects a duplicated identifier", () => {
    const entry = {
      functionType: "Query",
      identifier: "a.js:b",
      visibility: { kind: "public" },
      args: { type: "any" },
      returns: { type: "any" },
    };
    expect(() => parseFunctionSpec({ functions: [entry, entry] }, "spec.json")).toThrow(
      /functions\[1\]\.identifier "a\.js:b" appears twice/,
    );
  });
});

describe("readSpecFile", () => {
  it("rejects JSON that is neither a lock file nor function-spec output", async () => {
    const file = join(tempDir(), "other.json");
    writeFileSync(file, '{"name": "package"}');
    const error = await readSpecFile(file, "other.json").catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /^other\.json: neither a convex-versioned lock file .* nor `npx convex function-spec` output/,
    );
  });
});

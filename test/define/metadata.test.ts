/** Metadata under Symbol.for("convex-versioned"), read back with describeVersioned. */
import { mutationGeneric } from "convex/server";
import { describe, expect, expectTypeOf, test } from "vitest";
import * as messages from "../../convex/messages";
import * as profiles from "../../convex/profiles";
import { describeVersioned } from "../../src/index.ts";

describe("describeVersioned", () => {
  test("each export carries its definition's versions, the labels it serves and the current label", () => {
    const send = describeVersioned(messages.send)!;
    expect(send).toMatchObject({
      format: 1,
      definition: "sendMessage",
      exportName: "send",
      current: "2026-11-15",
      serves: ["2026-06-01"],
    });
    expect(send.versions.map((v) => [v.label, v.exportName])).toEqual([
      ["2025-12-01", "post"],
      ["2026-06-01", "send"],
      ["2026-10-01", "sendMessage"],
      ["2026-11-15", "sendMessage"],
    ]);
    expect(send.versions[1]).toEqual({
      label: "2026-06-01",
      exportName: "send",
      args: {
        type: "object",
        value: {
          body: { fieldType: { type: "string" }, optional: false },
          author: { fieldType: { type: "string" }, optional: false },
        },
      },
      returns: { type: "id", tableName: "messages" },
      deprecated: { since: "2026-10-01", removeAfter: "2026-12-01", reason: "Use sendMessage." },
    });
    expect(send.versions[0]).toEqual({
      label: "2025-12-01",
      exportName: "post",
      args: { type: "any" },
      returns: null,
      removed: { since: "2026-05-01" },
    });
    expect(describeVersioned(messages.sendMessage)?.serves).toEqual(["2026-10-01", "2026-11-15"]);
  });

  test("the merged export validator accepts every shape (what the backend analyzer reads)", () => {
    const args = JSON.parse((messages.sendMessage as any).exportArgs());
    expect(args).toEqual({
      type: "object",
      value: {
        channelId: { fieldType: { type: "id", tableName: "channels" }, optional: false },
        text: { fieldType: { type: "string" }, optional: false },
        author: { fieldType: { type: "string" }, optional: false },
        format: {
          fieldType: {
            type: "union",
            value: [
              { type: "literal", value: "plain" },
              { type: "literal", value: "markdown" },
            ],
          },
          optional: true,
        },
      },
    });
    const returns = JSON.parse((messages.sendMessage as any).exportReturns());
    expect(returns.type).toBe("union");
    expect(returns.value).toHaveLength(2);
    // custom builder: its own `token` arg is added to every export
    expect(Object.keys(JSON.parse((profiles.setName as any).exportArgs()).value).sort()).toEqual([
      "name",
      "token",
    ]);
  });

  test("metadata stays off the TypeScript type and off enumeration", () => {
    expect(Object.keys(messages.send)).not.toContain("convex-versioned");
    expect(JSON.stringify(Object.getOwnPropertyDescriptors(messages.send))).not.toContain(
      "2026-06-01",
    );
    expectTypeOf<keyof typeof messages.send>().not.toEqualTypeOf<symbol>();
  });

  test("anything else has no metadata", () => {
    expect(
      describeVersioned(mutationGeneric({ args: {}, handler: async () => null })),
    ).toBeUndefined();
    expect(describeVersioned(undefined)).toBeUndefined();
    expect(describeVersioned(42)).toBeUndefined();
  });
});

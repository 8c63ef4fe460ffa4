/** convex-versioned/client on real error objects: ConvexErrors as the client receives them, and Convex's wording. */
import { ConvexError } from "convex/values";
import { describe, expect, test } from "vitest";
import { isSkewError, isVersionRemovedError, versionedErrorData } from "../../src/client.ts";

const removed = {
  code: "VERSION_REMOVED",
  function: "post",
  version: "2025-12-01",
  removedSince: "2026-05-01",
  replacement: "sendMessage",
  message: "reload",
};

/** On the client, ConvexError data arrives parsed; in some paths (server-side) it is a JSON string. */
function asReceived(data: unknown, serialized: boolean) {
  const error = new ConvexError(data as any);
  if (serialized) (error as any).data = JSON.stringify(data);
  return error;
}

describe.each([false, true])("ConvexError data (serialized: %s)", (serialized) => {
  test("VERSION_REMOVED is a removed-version error and a skew error", () => {
    const error = asReceived(removed, serialized);
    expect(isVersionRemovedError(error)).toBe(true);
    expect(isSkewError(error)).toBe(true);
    expect(versionedErrorData(error)).toEqual(removed);
  });

  test("VERSIONED_ARGS_MISMATCH is skew, not removed", () => {
    const error = asReceived(
      { code: "VERSIONED_ARGS_MISMATCH", function: "f", tried: ["a"], message: "" },
      serialized,
    );
    expect(isVersionRemovedError(error)).toBe(false);
    expect(isSkewError(error)).toBe(true);
  });

  test("VERSIONED_ADAPTER_FAILED is a server bug, not skew", () => {
    const error = asReceived(
      {
        code: "VERSIONED_ADAPTER_FAILED",
        definition: "d",
        version: "v",
        direction: "up",
        message: "",
      },
      serialized,
    );
    expect(isSkewError(error)).toBe(false);
  });

  test("an app's own ConvexError is neither", () => {
    const error = asReceived({ code: "UNAUTHENTICATED" }, serialized);
    expect(isSkewError(error)).toBe(false);
    expect(isVersionRemovedError(error)).toBe(false);
  });
});

describe("Convex's own errors for stale clients", () => {
  test.each([
    "[Request ID: 1a2b] Server Error\nCould not find public function for 'messages:send'. Did you forget to run `npx convex dev` or `npx convex deploy`?",
    "[CONVEX M(messages:sendMessage)] [Request ID: 1a2b] Server Error\nArgumentValidationError: Object is missing the required field `channelId`. Consider adding it.",
    "ArgumentValidationError: Object contains extra field `body` that is not in the validator.",
    "Trying to execute messages:send as Mutation, but it is defined as Query.",
  ])("%s", (message) => {
    expect(isSkewError(new Error(message))).toBe(true);
    expect(isVersionRemovedError(new Error(message))).toBe(false);
  });

  test("unrelated errors are not skew", () => {
    expect(isSkewError(new Error("Network request failed"))).toBe(false);
    expect(isSkewError(undefined)).toBe(false);
    expect(isSkewError("Could not find public function")).toBe(true);
  });
});

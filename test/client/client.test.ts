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

/**
 * Convex's own errors, built exactly as the client builds them from what the backend sends.
 *
 * Backend text (get-convex/convex-backend): crates/udf/src/validation.rs (`missing_or_internal_error`,
 * the kind check in `new_inner`, `ArgumentValidationError: {error}`), crates/application/src/lib.rs
 * `any_udf` ("Could not find function for …", `/api/function`), crates/common/src/schemas/validator.rs
 * (`ValidationError` wording), crates/application/src/redaction.rs (`RedactedJsError` Display:
 * "[Request ID: …] Server Error" then "\n" + the JsError, whose Display ends with "\n",
 * crates/common/src/errors.rs), crates/common/src/http/mod.rs (`HttpError` body `{code, message}`).
 * Client wrapping (node_modules/convex/src): browser/logging.ts `createHybridErrorStacktrace`
 * ("[CONVEX Q(path)] " + message + "\n  Called by client", websocket clients), browser/http_client.ts
 * (`throw new Error(respJSON.errorMessage)` for status 560, `throw new Error(await
 * response.text())` for any other non-OK status).
 */
const redacted = (text: string) => `[Request ID: 8f2c1d0e9a7b6c5d] Server Error\n${text}\n`;
const overWebsocket = (kind: "Q" | "M" | "A", path: string, serverMessage: string) =>
  new Error(`[CONVEX ${kind}(${path})] ${serverMessage}\n  Called by client`);
const overHttp = (serverMessage: string) => new Error(serverMessage);

const MISSING = "Could not find public function for 'messages:send'.";
const WRONG_KIND = "Trying to execute messages.js:send as Mutation, but it is defined as Query.";
const EXTRA_FIELD =
  'ArgumentValidationError: Object contains extra field `body` that is not in the validator.\n\nObject: {body: "hi", channelId: "k57..."}\nValidator: v.object({channelId: v.id("channels"), text: v.string()})';
const MISSING_FIELD =
  'ArgumentValidationError: Object is missing the required field `text`. Consider wrapping the field validator in `v.optional(...)` if this is expected.\n\nObject: {channelId: "k57..."}\nValidator: v.object({channelId: v.id("channels"), text: v.string()})';

describe("Convex's own errors for stale clients are skew errors", () => {
  test.each([
    ["websocket query, function missing", overWebsocket("Q", "messages:list", redacted(MISSING))],
    [
      "websocket mutation, function missing",
      overWebsocket("M", "messages:send", redacted(MISSING)),
    ],
    ["websocket action, kind changed", overWebsocket("A", "messages:send", redacted(WRONG_KIND))],
    ["websocket mutation, extra field", overWebsocket("M", "messages:send", redacted(EXTRA_FIELD))],
    [
      "websocket mutation, missing field",
      overWebsocket("M", "messages:send", redacted(MISSING_FIELD)),
    ],
    ["HTTP /api/query, function missing", overHttp(redacted(MISSING))],
    ["HTTP /api/mutation, missing field", overHttp(redacted(MISSING_FIELD))],
    [
      "HTTP /api/function (untyped endpoint)",
      overHttp(
        redacted(
          "Could not find function for 'messages:send'. Did you forget to run `npx convex dev`?",
        ),
      ),
    ],
    [
      "404 mode, FunctionPathNotFound (HTTP body as the message)",
      overHttp(JSON.stringify({ code: "FunctionPathNotFound", message: MISSING })),
    ],
    [
      "404 mode, FunctionPathWrongType (HTTP body as the message)",
      overHttp(JSON.stringify({ code: "FunctionPathWrongType", message: WRONG_KIND })),
    ],
    [
      "404 mode, code carried on the error object",
      Object.assign(new Error("Not Found"), { code: "FunctionPathNotFound" }),
    ],
    // convex-test (node_modules/convex-test/dist/index.js) wording, for apps' own tests.
    [
      "convex-test, export missing",
      new Error(
        'Expected a Convex function exported from module "messages" as `send`, but there is no such export.',
      ),
    ],
    ["convex-test, module missing", new Error('Could not find module for: "legacy"')],
    [
      "convex-test, kind changed",
      new Error(
        'Expected a mutation function, but the function exported from module "messages" as `send` is not a mutation.',
      ),
    ],
    ["convex-test, extra field", new Error("Validator error: Unexpected field `body` in object")],
    [
      "convex-test, missing field",
      new Error("Validator error: Missing required field `text` in object"),
    ],
  ])("%s", (_name, error) => {
    expect(isSkewError(error)).toBe(true);
    expect(isVersionRemovedError(error)).toBe(false);
  });

  test("our own codes arrive as ConvexError data over the websocket (never redacted)", () => {
    // browser/sync/client.ts: `forwardData(result, new ConvexError(createHybridErrorStacktrace(…)))`
    const error = new ConvexError(
      `[CONVEX M(messages:post)] ${redacted("Uncaught ConvexError: reload")}\n  Called by client`,
    );
    (error as any).data = removed;
    expect(isSkewError(error)).toBe(true);
    expect(isVersionRemovedError(error)).toBe(true);
  });
});

describe("ordinary errors are not skew errors", () => {
  test.each([
    [
      "a production-redacted error (could be anything)",
      overWebsocket("M", "messages:send", "[Request ID: 8f2c1d0e9a7b6c5d] Server Error"),
    ],
    [
      "a wrong value inside an unchanged shape",
      overWebsocket(
        "M",
        "messages:send",
        redacted(
          "ArgumentValidationError: Value does not match validator.\nPath: .text\nValue: 42\nValidator: v.string()",
        ),
      ),
    ],
    [
      "the app's own thrown error",
      overWebsocket("M", "messages:send", redacted("Uncaught Error: channel is archived")),
    ],
    ["a network failure", new TypeError("Failed to fetch")],
    [
      "another HTTP error body",
      overHttp(JSON.stringify({ code: "Unauthenticated", message: "Could not verify token" })),
    ],
    ["a Node-style error code", Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })],
    ["convex-test, a wrong value", new Error("Validator error: Expected `string`, got `42`")],
    ["a string that is not a JSON body", overHttp("{not json")],
  ])("%s", (_name, error) => {
    expect(isSkewError(error)).toBe(false);
  });

  test("non-errors", () => {
    expect(isSkewError(undefined)).toBe(false);
    expect(isSkewError(null)).toBe(false);
    expect(isSkewError(42)).toBe(false);
    // A thrown string is read as a message.
    expect(isSkewError(MISSING)).toBe(true);
  });
});

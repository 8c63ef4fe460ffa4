/**
 * The seed incident's app, called by string path exactly as old and new clients call it.
 * messages:send (v1, renamed), messages:sendMessage (v2 and v3 shapes), messages:post (removed),
 * messages:list (three shapes under one name).
 */
import { afterEach, describe, expect, test, vi } from "vitest";
import { backend, convexErrorData, ref } from "./setup";

/**
 * Log sampling state lives in the module (one isolate per test file here), so each log test starts a
 * day after the previous one: every version's window has passed.
 */
let day = Date.UTC(2040, 0, 1);
function freshWindow(): number {
  day += 86_400_000;
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(day);
  return day;
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

async function withGeneral() {
  const t = backend();
  const general = await t.mutation(ref.mutation("channels:create"), { name: "general" });
  return { t, general };
}

describe("rename + three-version chain", () => {
  test("v1 `messages:send` runs both ups (the first reads ctx.db) and both downs", async () => {
    const { t, general } = await withGeneral();
    const id = await t.mutation(ref.mutation("messages:send"), { body: "hello", author: "ada" });
    // v3 result {id, createdAt, format} → v2 {id, createdAt} → v1 id
    expect(typeof id).toBe("string");
    const stored = await t.run((ctx) => ctx.db.get(id));
    expect(stored).toMatchObject({
      channelId: general,
      text: "hello",
      author: "ada",
      format: "plain",
    });
  });

  test("the async `up` fails loudly when its db lookup finds nothing (plain error → ADAPTER_FAILED)", async () => {
    const t = backend();
    const data = await convexErrorData(
      t.mutation(ref.mutation("messages:send"), { body: "hello", author: "ada" }),
    );
    expect(data).toMatchObject({
      code: "VERSIONED_ADAPTER_FAILED",
      definition: "sendMessage",
      version: "2026-10-01",
      direction: "up",
    });
    expect(data.message).toContain('No "general" channel');
  });

  test("v2 shape under `sendMessage` gets the v2 result (no `format`)", async () => {
    const { t, general } = await withGeneral();
    const result = await t.mutation(ref.mutation("messages:sendMessage"), {
      channelId: general,
      text: "v2",
      author: "bob",
    });
    expect(Object.keys(result).sort()).toEqual(["createdAt", "id"]);
  });

  test("v3 shape under `sendMessage` is served by the handler directly", async () => {
    const { t, general } = await withGeneral();
    const result = await t.mutation(ref.mutation("messages:sendMessage"), {
      channelId: general,
      text: "**v3**",
      author: "bob",
      format: "markdown",
    });
    expect(result).toMatchObject({ format: "markdown" });
    expect(Object.keys(result).sort()).toEqual(["createdAt", "format", "id"]);
  });
});

describe("unknown fields are rejected for every version", () => {
  test.each([
    ["messages:send", { body: "x", author: "a", channelId: "whatever" }],
    ["messages:send", { body: "x", author: "a", extra: 1 }],
  ])("%s with %j", async (path, args) => {
    const { t } = await withGeneral();
    await expect(t.mutation(ref.mutation(path), args)).rejects.toThrow();
  });

  test.each([
    ["2026-06-01 shape + a 2026-11-15 field", (_: string) => ({ channel: "general", limit: 5 })],
    ["2026-06-01 shape + unknown field", (_: string) => ({ channel: "general", extra: 1 })],
    ["2026-10-01 shape + unknown field", (general: string) => ({ channelId: general, extra: 1 })],
    [
      "2026-11-15 shape + unknown field",
      (general: string) => ({ channelId: general, limit: 1, extra: 1 }),
    ],
  ])("list rejects the %s", async (_name, args) => {
    const { t, general } = await withGeneral();
    await expect(t.query(ref.query("messages:list"), args(general))).rejects.toThrow();
  });

  test("sendMessage: a field no version declares", async () => {
    const { t, general } = await withGeneral();
    await expect(
      t.mutation(ref.mutation("messages:sendMessage"), {
        channelId: general,
        text: "x",
        author: "a",
        priority: 1,
      }),
    ).rejects.toThrow(/priority/);
  });

  test("list: fields of two shapes mixed → VERSIONED_ARGS_MISMATCH naming the shapes tried", async () => {
    const { t, general } = await withGeneral();
    const data = await convexErrorData(
      t.query(ref.query("messages:list"), { channel: "general", channelId: general }),
    );
    expect(data).toEqual({
      code: "VERSIONED_ARGS_MISMATCH",
      function: "list",
      tried: ["2026-11-15", "2026-10-01", "2026-06-01"],
      message: expect.stringContaining('"2026-11-15", "2026-10-01", "2026-06-01"'),
    });
  });
});

describe("garbage args", () => {
  test.each([
    ["messages:send", { body: 42, author: "a" }],
    ["messages:send", {}],
    ["messages:sendMessage", { channelId: 7, text: "x", author: "a" }],
  ])("%s rejects %j", async (path, args) => {
    const { t } = await withGeneral();
    await expect(t.mutation(ref.mutation(path), args as any)).rejects.toThrow();
  });

  test("list with no args matches no shape", async () => {
    const { t } = await withGeneral();
    expect(await convexErrorData(t.query(ref.query("messages:list"), {}))).toMatchObject({
      code: "VERSIONED_ARGS_MISMATCH",
    });
  });
});

describe("three shapes under one name: messages:list", () => {
  test("each shape is adapted up to the current one", async () => {
    const { t, general } = await withGeneral();
    for (let i = 0; i < 3; i++) {
      await t.mutation(ref.mutation("messages:sendMessage"), {
        channelId: general,
        text: `m${i}`,
        author: "ada",
        format: "plain",
      });
    }
    const newest = await t.query(ref.query("messages:list"), { channelId: general, limit: 2 });
    expect(newest.map((m: any) => m.text)).toEqual(["m2", "m1"]);
    const v2 = await t.query(ref.query("messages:list"), { channelId: general });
    expect(v2.map((m: any) => m.text)).toEqual(["m2", "m1", "m0"]);
    const v1 = await t.query(ref.query("messages:list"), { channel: "general" });
    expect(v1).toEqual(v2);
  });
});

describe("tombstone", () => {
  test("messages:post answers VERSION_REMOVED with what the client needs", async () => {
    const { t } = await withGeneral();
    const data = await convexErrorData(t.mutation(ref.mutation("messages:post"), { body: "old" }));
    expect(data).toEqual({
      code: "VERSION_REMOVED",
      function: "post",
      version: "2025-12-01",
      removedSince: "2026-05-01",
      replacement: "sendMessage",
      message: expect.stringContaining("reload"),
    });
  });
});

describe("usage log line", () => {
  test("an old version logs one JSON line; the current version logs none", async () => {
    freshWindow();
    const { t, general } = await withGeneral();
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await t.mutation(ref.mutation("messages:sendMessage"), {
      channelId: general,
      text: "new",
      author: "a",
      format: "plain",
    });
    expect(log).not.toHaveBeenCalled();
    await t.query(ref.query("messages:list"), { channelId: general });
    const lines = log.mock.calls.map(([line]) => JSON.parse(String(line)));
    expect(lines).toEqual([
      {
        "convex-versioned": "call",
        definition: "list",
        export: "list",
        version: "2026-10-01",
        current: "2026-11-15",
        status: "deprecated",
        calls: 1,
      },
    ]);
  });

  test("sampled: calls within a minute are counted into the next line", async () => {
    const start = freshWindow();
    const { t } = await withGeneral();
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const call = () => t.query(ref.query("messages:list"), { channel: "general" });
    await call(); // first call in this isolate: logs at once
    await call();
    await call();
    vi.setSystemTime(start + 59_999);
    await call(); // still inside the window: counted, not logged
    vi.setSystemTime(start + 60_000);
    await call(); // a minute later: one line standing for the 4 calls since the last line
    const lines = log.mock.calls.map(([line]) => JSON.parse(String(line)));
    expect(lines.map((line) => [line.version, line.calls])).toEqual([
      ["2026-06-01", 1],
      ["2026-06-01", 4],
    ]);
  });
});

/** The log line's sampling, measured without Convex: one noter per version. */
import { afterEach, expect, test, vi } from "vitest";
import { makeCallNoter } from "../../src/define/log.ts";

const line = {
  "convex-versioned": "call" as const,
  definition: "d",
  export: "e",
  version: "v1",
  current: "v2",
  status: "old" as const,
};

afterEach(() => vi.restoreAllMocks());

function captured(log: { mock: { calls: unknown[][] } }) {
  return log.mock.calls.map(([text]) => JSON.parse(String(text)).calls);
}

test('"every" logs each call', () => {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  const note = makeCallNoter("every", line);
  for (let i = 0; i < 5; i++) note();
  expect(captured(log)).toEqual([1, 1, 1, 1, 1]);
  expect(JSON.parse(String(log.mock.calls[0]![0]))).toEqual({ ...line, calls: 1 });
});

test('"off" logs nothing', () => {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  const note = makeCallNoter("off", line);
  note();
  expect(log).not.toHaveBeenCalled();
});

test("a window counts calls into the next line; no call is double counted", () => {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  let now = 1_000_000;
  vi.spyOn(Date, "now").mockImplementation(() => now);
  const note = makeCallNoter({ windowMs: 1000 }, line);
  note(); // logs 1
  for (let i = 0; i < 10; i++) {
    now += 50;
    note(); // within the window
  }
  now += 1000;
  note(); // logs 11
  expect(captured(log)).toEqual([1, 11]);
});

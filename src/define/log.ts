/**
 * The usage evidence: one JSON log line for calls served by a non-current version.
 *
 * A reactive query can re-run thousands of times a minute, so by default lines are sampled: per
 * version and isolate, the first call logs at once and later calls within `windowMs` are counted into
 * the next line's `calls`. Calls counted after an isolate's last line are lost, so `calls` is a lower
 * bound; "was it called, and when last" stays exact to within one window.
 */
import type { VersionedCallLog } from "../meta.ts";
import type { LogOption } from "./chain.ts";

export type CallNoter = () => void;

const noop: CallNoter = () => {};

export function makeCallNoter(option: LogOption, line: Omit<VersionedCallLog, "calls">): CallNoter {
  if (option === "off") return noop;
  const windowMs = option === "every" ? 0 : option.windowMs;
  // The line's fixed part is serialised once; a call only appends the count.
  const json = JSON.stringify({ ...line, calls: 0 });
  const prefix = json.slice(0, json.lastIndexOf("0}"));
  let last = Number.NEGATIVE_INFINITY;
  let pending = 0;
  return () => {
    pending++;
    const now = windowMs === 0 ? 0 : Date.now();
    if (windowMs === 0 || now - last >= windowMs) {
      console.log(`${prefix}${pending}}`);
      pending = 0;
      last = now;
    }
  };
}

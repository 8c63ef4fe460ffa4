/**
 * What a `--pending` value names, told without reading it (so `check` can refuse a second `-`, or
 * know it must load the app's components, before anything is read).
 */
import { STDIN } from "./stdin.ts";

/** `workpool=jobs.jsonl`: a file (or `-`) of the jobs of the component mounted as `workpool`. */
export const COMPONENT_SOURCE = /^([A-Za-z_][A-Za-z0-9_]*(?:\/[A-Za-z_][A-Za-z0-9_]*)*)=(.+)$/;

/** True when `values` read any component's queue (so the caller must know the components). */
export function readsComponents(values: readonly string[]): boolean {
  return values.some(
    (v) => v === "deployment" || v.startsWith("deployment:") || COMPONENT_SOURCE.test(v),
  );
}

/** True when `value` reads standard input (`-`, or a component's `PATH=-`). */
export function readsStdin(value: string): boolean {
  return value === STDIN || COMPONENT_SOURCE.exec(value)?.[2] === STDIN;
}

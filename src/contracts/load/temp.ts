/**
 * Temporary bundle folders (`load-<pid>-<random>` in the cache folder). Removed when the load ends,
 * and also on Ctrl-C or `kill`, which skip `finally`; folders left by a crashed run (its pid no
 * longer alive) are removed by the next run.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { installInterruptCleanup, onInterrupt } from "../interrupt.ts";

const live = new Set<string>();

function removeLive(): void {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
  live.clear();
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes bundle folders whose process is gone. */
export function pruneStaleBundles(cacheDir: string): void {
  let names: string[];
  try {
    names = readdirSync(cacheDir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = /^load-(\d+)-/.exec(name)?.[1];
    if (pid !== undefined && Number(pid) !== process.pid && !alive(Number(pid))) {
      rmSync(join(cacheDir, name), { recursive: true, force: true });
    }
  }
}

/** A fresh bundle folder in `cacheDir`, removed by `release` or when the process ends. */
export function bundleFolder(cacheDir: string): { dir: string; release: () => void } {
  installInterruptCleanup();
  onInterrupt(removeLive);
  const dir = mkdtempSync(join(cacheDir, `load-${process.pid}-`));
  live.add(dir);
  return {
    dir,
    release: () => {
      live.delete(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * What must happen however the CLI ends: temporary bundles removed, checker processes stopped.
 * On Ctrl-C, `kill` or a hang-up the callbacks run, then the process ends with the signal's usual
 * status (128 + its number), quietly; on a normal exit they run too.
 */
const callbacks = new Set<() => void>();
/** Run before the others: processes that write into temporary folders are stopped first. */
const firstCallbacks = new Set<() => void>();
let installed = false;

/** Runs every callback once (the exit and signal handlers do; exported for tests). */
export function runInterruptCallbacks(): void {
  for (const set of [firstCallbacks, callbacks]) {
    for (const fn of set) {
      try {
        fn();
      } catch {
        // best effort: the others still run
      }
    }
    set.clear();
  }
}

const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;

/** Installs the handlers once per process (the CLI's bin does, before anything else). */
export function installInterruptCleanup(): void {
  if (installed) return;
  installed = true;
  process.once("exit", runInterruptCallbacks);
  for (const [signal, number] of Object.entries(SIGNALS)) {
    process.once(signal, () => {
      runInterruptCallbacks();
      process.exit(128 + number);
    });
  }
}

/**
 * Registers `fn` to run on exit or interrupt; returns a function that unregisters it. `first`:
 * before the callbacks registered without it (stopping a process before removing its output).
 */
export function onInterrupt(fn: () => void, options: { first?: boolean } = {}): () => void {
  const set = options.first ? firstCallbacks : callbacks;
  set.add(fn);
  return () => set.delete(fn);
}

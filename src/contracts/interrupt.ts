/**
 * What must happen however the CLI ends: temporary bundles removed, checker processes stopped.
 * On Ctrl-C, `kill` or a hang-up the callbacks run, then the process ends with the signal's usual
 * status (128 + its number), quietly; on a normal exit they run too.
 */
const callbacks = new Set<() => void>();
let installed = false;

function runAll(): void {
  for (const fn of callbacks) {
    try {
      fn();
    } catch {
      // best effort: the others still run
    }
  }
  callbacks.clear();
}

const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;

/** Installs the handlers once per process (the CLI's bin does, before anything else). */
export function installInterruptCleanup(): void {
  if (installed) return;
  installed = true;
  process.once("exit", runAll);
  for (const [signal, number] of Object.entries(SIGNALS)) {
    process.once(signal, () => {
      runAll();
      process.exit(128 + number);
    });
  }
}

/** Registers `fn` to run on exit or interrupt; returns a function that unregisters it. */
export function onInterrupt(fn: () => void): () => void {
  callbacks.add(fn);
  return () => callbacks.delete(fn);
}

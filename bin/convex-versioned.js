#!/usr/bin/env node
// Launcher: runs the compiled CLI from dist/ (built by `npm run build`, which `prepare` runs).
// Exit 1 means "breaking change found": nothing else may end with it, not even a stray error.
const crash = (error) => {
  console.error("convex-versioned: internal error (please report it):", error);
  process.exit(2);
};
process.on("uncaughtException", crash);
process.on("unhandledRejection", crash);

let code = 2;
let flushed;
try {
  const { installInterruptCleanup, main, outputFlushed } = await import("../dist/cli/index.js");
  // First: Ctrl-C then removes temporary bundles and stops checker processes, quietly.
  installInterruptCleanup();
  code = await main(process.argv.slice(2));
  flushed = outputFlushed();
} catch (error) {
  crash(error);
}
// Exit once the output is flushed, not when the event loop drains: nothing left behind (a child, a
// handle) may keep the verdict waiting or change it.
process.exitCode = code;
flushed.then(() => process.exit(code));

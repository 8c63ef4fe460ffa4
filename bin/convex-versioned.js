#!/usr/bin/env node
// Launcher: the package ships TypeScript sources, so register tsx's loader, then run the CLI.
import { register } from "tsx/esm/api";

register();
try {
  const { main } = await import("../src/cli/index.ts");
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // Exit 1 means "breaking change found"; a CLI that cannot even start must not look like that.
  console.error("convex-versioned: internal error (please report it):", error);
  process.exitCode = 2;
}

#!/usr/bin/env node
// Launcher: the package ships TypeScript sources, so register tsx's loader, then run the CLI.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/index.ts");
process.exitCode = await main(process.argv.slice(2));

/**
 * Raised by `--require-contracts` when a function's return contract is missing or partly `any`:
 * the command fails (exit 1) and writes nothing. On its own so the CLI can tell it apart without
 * loading the loader.
 */
export class ContractsMissing extends Error {
  constructor(readonly degraded: string[]) {
    super(
      `--require-contracts: ${degraded.length} function${degraded.length === 1 ? " has" : "s have"} no exact return contract:\n` +
        `${degraded.map((line) => `  ${line}`).join("\n")}\n` +
        "Declare `returns` on them, or give their handlers types TypeScript can see through.",
    );
  }
}

import { readFileSync } from "node:fs";
import path from "node:path";
import type { InterfaceAbi } from "ethers";

/** The compiler settings that matter for gas: the same as Hardhat's for contracts/. */
export interface CompilerConfig {
  version: string;
  settings: { optimizer?: unknown; evmVersion?: string };
}

export interface CompiledContract {
  abi: InterfaceAbi;
  bytecode: string;
}

interface SolcOutput {
  errors?: { severity: "error" | "warning" | "info"; formattedMessage: string }[];
  contracts?: Record<string, Record<string, { abi: InterfaceAbi; evm: { bytecode: { object: string } } }>>;
}

// The npm `solc` package is the compiler Hardhat uses here (see hardhat.config.ts); it has no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const solc = require("solc") as { version(): string; compile(input: string): string };

/**
 * Compiles one self-contained Solidity file (no imports) that Hardhat does not compile, such as the
 * benchmarks' baselines, with the npm `solc` package and the given version and settings.
 */
export function compileStandalone(sourcePath: string, contractName: string, config: CompilerConfig): CompiledContract {
  if (!solc.version().startsWith(`${config.version}+`)) {
    throw new Error(`solc ${solc.version()} is installed, ${config.version} is configured`);
  }
  const source = path.basename(sourcePath);
  const input = {
    language: "Solidity",
    sources: { [source]: { content: readFileSync(sourcePath, "utf8") } },
    settings: {
      optimizer: config.settings.optimizer,
      evmVersion: config.settings.evmVersion,
      outputSelection: { [source]: { [contractName]: ["abi", "evm.bytecode.object"] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as SolcOutput;
  const errors = (output.errors ?? []).filter((diagnostic) => diagnostic.severity === "error");
  if (errors.length > 0) throw new Error(errors.map((error) => error.formattedMessage).join("\n"));
  const compiled = output.contracts?.[source]?.[contractName];
  if (!compiled) throw new Error(`${contractName} not found in ${sourcePath}`);
  return { abi: compiled.abi, bytecode: `0x${compiled.evm.bytecode.object}` };
}

import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { describe, it } from "vitest";
import { STATE_SLOTS, STRUCT_FIELDS } from "../../core/chain/storage-layout";

interface StorageEntry {
  label: string;
  slot: string;
  offset: number;
  type: string;
}
interface CompilerLayout {
  storage: StorageEntry[];
  types: Record<string, { label: string; numberOfBytes: string; members?: StorageEntry[] }>;
}

/** The compiler's storage layout of a contract, from the build that produced its artifact. */
function compilerLayout(name: string): CompilerLayout {
  const folder = path.join(__dirname, "..", "..", "artifacts", "contracts", `${name}.sol`);
  const { buildInfo } = JSON.parse(readFileSync(path.join(folder, `${name}.dbg.json`), "utf8")) as {
    buildInfo: string;
  };
  const build = JSON.parse(readFileSync(path.join(folder, buildInfo), "utf8")) as {
    output: { contracts: Record<string, Record<string, { storageLayout?: CompilerLayout }>> };
  };
  const layout = build.output.contracts[`contracts/${name}.sol`]?.[name]?.storageLayout;
  if (!layout)
    throw new Error(`no storage layout for ${name}: is storageLayout in hardhat.config.ts's outputSelection?`);
  return layout;
}

describe("the registries' storage layout that the proof reader reads", () => {
  const layouts = {
    IssuerRegistry: compilerLayout("IssuerRegistry"),
    CertificateRegistry: compilerLayout("CertificateRegistry"),
  };

  it("has each state variable at the compiler's slot", () => {
    for (const [contract, variables] of Object.entries(STATE_SLOTS)) {
      const { storage } = layouts[contract as keyof typeof layouts];
      for (const [label, slot] of Object.entries(variables)) {
        const entry = storage.find((e) => e.label === label);
        expect(entry, `${contract}.${label}`).to.not.equal(undefined);
        expect({ slot: Number(entry?.slot), offset: entry?.offset }, `${contract}.${label}`).to.deep.equal({
          slot,
          offset: 0,
        });
      }
    }
  });

  it("has each struct member at the compiler's slot, offset and size", () => {
    const types = { ...layouts.IssuerRegistry.types, ...layouts.CertificateRegistry.types };
    for (const [struct, fields] of Object.entries(STRUCT_FIELDS)) {
      const type = Object.values(types).find((t) => t.label === `struct ${struct}`);
      expect(type, struct).to.not.equal(undefined);
      for (const [label, field] of Object.entries(fields)) {
        const entry = type?.members?.find((m) => m.label === label);
        expect(entry, `${struct}.${label}`).to.not.equal(undefined);
        const bytes = Number(types[entry?.type as string]?.numberOfBytes);
        expect({ slot: Number(entry?.slot), offset: entry?.offset, bytes }, `${struct}.${label}`).to.deep.equal(field);
      }
    }
  });
});

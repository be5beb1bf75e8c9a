import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { Interface } from "ethers";
import { describe, it } from "vitest";
import { CERTIFICATE_REGISTRY_EVENTS, ISSUER_REGISTRY_EVENTS } from "../../server/audit/events";

function artifactAbi(name: string): Interface {
  const file = path.join(__dirname, "..", "..", "artifacts", "contracts", `${name}.sol`, `${name}.json`);
  return new Interface(JSON.parse(readFileSync(file, "utf8")).abi);
}

describe("event ABI of the audit indexer", () => {
  const pairs = [
    ["IssuerRegistry", ISSUER_REGISTRY_EVENTS],
    ["CertificateRegistry", CERTIFICATE_REGISTRY_EVENTS],
  ] as const;

  for (const [contract, events] of pairs) {
    it(`lists every event of ${contract}, exactly as compiled`, () => {
      const compiled: string[] = [];
      artifactAbi(contract).forEachEvent((event) => compiled.push(event.format("full")));
      const ours: string[] = [];
      new Interface(events).forEachEvent((event) => ours.push(event.format("full")));
      expect(ours).to.have.members(compiled);
    });
  }
});

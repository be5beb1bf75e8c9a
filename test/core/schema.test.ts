import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { Interface } from "ethers";
import { describe, it } from "vitest";
import { CERTIFICATE_REGISTRY_ABI, CredentialSubject, ISSUER_REGISTRY_ABI, credentialJsonSchema } from "../../core";
import { fixtureGraduates } from "../helpers/graduates";

function artifactAbi(name: string): Interface {
  const file = path.join(__dirname, "..", "..", "artifacts", "contracts", `${name}.sol`, `${name}.json`);
  return new Interface(JSON.parse(readFileSync(file, "utf8")).abi);
}

describe("credential schema", () => {
  it("accepts every fixture graduate", () => {
    for (const graduate of fixtureGraduates()) expect(CredentialSubject.safeParse(graduate).success, graduate.nameLatin).to.equal(true);
  });

  it("says which field is wrong", () => {
    const graduate = fixtureGraduates()[0] as CredentialSubject;
    const result = CredentialSubject.safeParse({ ...graduate, nameAr: "Ahmad", graduationDate: "2025-02-30", degree: "phd" });
    expect(result.success).to.equal(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).to.have.members(["nameAr", "graduationDate", "degree"]);
  });

  it("exports a JSON Schema generated from the zod schema", () => {
    const schema = credentialJsonSchema();
    expect(schema.$schema).to.equal("https://json-schema.org/draft/2020-12/schema");
    expect(schema.required).to.include.members(["@context", "type", "issuer", "validFrom", "credentialSubject", "proof"]);
  });
});

describe("human-readable ABI used by verifiers", () => {
  it("matches the compiled contracts", () => {
    const pairs = [
      [ISSUER_REGISTRY_ABI, artifactAbi("IssuerRegistry")],
      [CERTIFICATE_REGISTRY_ABI, artifactAbi("CertificateRegistry")],
    ] as const;
    for (const [fragments, compiled] of pairs) {
      for (const fragment of new Interface(fragments).fragments) {
        const name = "name" in fragment ? String(fragment.name) : "";
        const match = compiled.fragments.find((f) => "name" in f && f.name === name && f.type === fragment.type);
        expect(match, name).to.not.equal(undefined);
        expect(match?.format("full")).to.equal(fragment.format("full"));
      }
    }
  });
});

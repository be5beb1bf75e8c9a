import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { Interface } from "ethers";
import { describe, it } from "vitest";
import {
  CERTIFICATE_REGISTRY_ABI,
  Credential,
  CredentialSubject,
  ISSUER_REGISTRY_ABI,
  credentialJsonSchema,
} from "../../core";
import { fixtureGraduates } from "../helpers/graduates";

function artifactAbi(name: string): Interface {
  const file = path.join(__dirname, "..", "..", "artifacts", "contracts", `${name}.sol`, `${name}.json`);
  return new Interface(JSON.parse(readFileSync(file, "utf8")).abi);
}

describe("credential schema", () => {
  it("accepts every fixture graduate", () => {
    for (const graduate of fixtureGraduates())
      expect(CredentialSubject.safeParse(graduate).success, graduate.nameLatin).to.equal(true);
  });

  it("says which field is wrong", () => {
    const graduate = fixtureGraduates()[0] as CredentialSubject;
    const result = CredentialSubject.safeParse({
      ...graduate,
      nameAr: "Ahmad",
      graduationDate: "2025-02-30",
      degree: "phd",
    });
    expect(result.success).to.equal(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).to.have.members(["nameAr", "graduationDate", "degree"]);
  });

  it("exports a JSON Schema generated from the zod schema", () => {
    const schema = credentialJsonSchema();
    expect(schema.$schema).to.equal("https://json-schema.org/draft/2020-12/schema");
    expect(schema.required).to.include.members([
      "@context",
      "type",
      "issuer",
      "validFrom",
      "credentialSubject",
      "proof",
    ]);
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

describe("credential schema on hostile input", () => {
  it("answers with issues and never throws, whatever a field holds", () => {
    const credential = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "docs", "test-vectors.json"), "utf8"))
      .credentials[0].credential;
    const odd = [undefined, null, "", "0x", 5, -1, true, [], {}, "0x" + "zz".repeat(65), "2026-02-30T09:00:00Z"];
    const paths: [string, (value: unknown) => unknown][] = [
      ["proof.signature", (v) => ({ ...credential, proof: { ...credential.proof, signature: v } })],
      ["proof.signer", (v) => ({ ...credential, proof: { ...credential.proof, signer: v } })],
      ["proof.root", (v) => ({ ...credential, proof: { ...credential.proof, root: v } })],
      ["validFrom", (v) => ({ ...credential, validFrom: v })],
      ["validUntil", (v) => ({ ...credential, validUntil: v })],
      ["credentialSubject", (v) => ({ ...credential, credentialSubject: v })],
      [
        "credentialSubject.graduationDate",
        (v) => ({ ...credential, credentialSubject: { ...credential.credentialSubject, graduationDate: v } }),
      ],
      [
        "credentialSubject.grade",
        (v) => ({ ...credential, credentialSubject: { ...credential.credentialSubject, grade: v } }),
      ],
      ["issuer", (v) => ({ ...credential, issuer: v })],
      ["issuer.universityId", (v) => ({ ...credential, issuer: { ...credential.issuer, universityId: v } })],
    ];
    for (const [where, put] of paths) {
      for (const value of odd)
        expect(() => Credential.safeParse(put(value)), `${where} = ${JSON.stringify(value)}`).to.not.throw();
    }
    // Found by the parser fuzzer: an empty signature reached the low-s check, whose BigInt threw.
    for (const signature of ["", "0x", "0x1b"])
      expect(Credential.safeParse(paths[0]![1](signature)).success).to.equal(false);
  });
});

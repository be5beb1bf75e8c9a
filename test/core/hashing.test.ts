import { expect } from "chai";
import { describe, it } from "vitest";
import {
  Credential,
  documentHash,
  draftCredential,
  fieldHash,
  fieldHashes,
  hideFields,
  newCredentialId,
} from "../../core";
import type { CredentialSubject } from "../../core";
import { fixtureGraduates } from "../helpers/graduates";

const issuer = {
  universityId: 1,
  operator: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  country: "JO",
  name: { ar: "جامعة اليرموك", en: "Yarmouk University", fr: "Université de Yarmouk" },
};
const SALT = `0x${"ab".repeat(32)}` as const;

function draft(subject: CredentialSubject) {
  return draftCredential(
    { subject, credentialId: newCredentialId(), validFrom: new Date("2026-06-01T10:00:00Z") },
    issuer,
  );
}

describe("field hashing", () => {
  it("hashes canonically equivalent Unicode spellings the same (NFC before hashing)", () => {
    // U+0622 (alef with madda above) versus alef + combining madda (U+0627 U+0653).
    const composed = "\u0622\u0645\u0646\u0629";
    const decomposed = "\u0627\u0653\u0645\u0646\u0629";
    expect(composed).to.not.equal(decomposed);
    expect(fieldHash("credentialSubject.nameAr", SALT, decomposed)).to.equal(
      fieldHash("credentialSubject.nameAr", SALT, composed),
    );
    // "é" precomposed versus e + combining acute, inside an object.
    expect(fieldHash("credentialSubject.programme", SALT, { ar: "أ", en: "e", fr: "G\u00e9nie" })).to.equal(
      fieldHash("credentialSubject.programme", SALT, { ar: "أ", en: "e", fr: "Ge\u0301nie" }),
    );
  });

  it("stores drafted credentials in NFC", () => {
    const subject = { ...(fixtureGraduates()[0] as CredentialSubject), nameLatin: "Rene\u0301 Ali" };
    expect(draft(subject).credential.credentialSubject.nameLatin).to.equal("Ren\u00e9 Ali");
  });

  it("depends on the path, the salt and the value", () => {
    const base = fieldHash("credentialSubject.grade", SALT, "ممتاز");
    expect(fieldHash("credentialSubject.honours", SALT, "ممتاز")).to.not.equal(base);
    expect(fieldHash("credentialSubject.grade", `0x${"ac".repeat(32)}`, "ممتاز")).to.not.equal(base);
    expect(fieldHash("credentialSubject.grade", SALT, "جيد")).to.not.equal(base);
    expect(
      fieldHash("credentialSubject.grade", SALT.toUpperCase().replace("0X", "0x") as typeof SALT, "ممتاز"),
    ).to.equal(base);
  });

  it("binds each hash to its path in the document hash", () => {
    const a = `0x${"11".repeat(32)}`;
    const b = `0x${"22".repeat(32)}`;
    expect(documentHash({ "credentialSubject.grade": a, "credentialSubject.honours": b })).to.not.equal(
      documentHash({ "credentialSubject.grade": b, "credentialSubject.honours": a }),
    );
  });

  it("gives every field of every drafted credential its own random 32-byte salt", () => {
    const { salts } = draft(fixtureGraduates()[1] as CredentialSubject);
    const values = Object.values(salts);
    expect(values.length).to.equal(Object.keys(salts).length);
    expect(new Set(values).size).to.equal(values.length);
    for (const salt of values) expect(salt).to.match(/^0x[0-9a-f]{64}$/);
  });

  it("keeps the document hash when fields are hidden", () => {
    const { credential, salts, documentHash: expected } = draft(fixtureGraduates()[5] as CredentialSubject);
    const full = Credential.parse({
      ...credential,
      proof: {
        type: "TasdiqBatchProof2026",
        chainId: 1,
        registry: issuer.operator,
        salts,
        hidden: {},
        documentHash: expected,
        root: expected,
        merkleProof: [],
        batchCount: 1,
        signer: issuer.operator,
        signature: `0x${"00".repeat(64)}1b`,
      },
    });
    const hidden = hideFields(full, ["credentialSubject.nameLatin", "credentialSubject.programme"]);
    expect(Object.keys(hidden.proof.hidden)).to.have.members([
      "credentialSubject.nameLatin",
      "credentialSubject.programme",
    ]);
    expect(hidden.proof.salts).to.not.have.any.keys("credentialSubject.nameLatin", "credentialSubject.programme");
    expect(documentHash(fieldHashes(hidden, hidden.proof.salts, hidden.proof.hidden))).to.equal(expected);
  });
});

import { expect } from "chai";
import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { SUBJECT_FIELDS, hideFields, verdictOf, verifyCredential } from "../../core";
import type { CheckName, Credential, HideableFieldPath } from "../../core";
import { accreditUniversity, startTestChain } from "../helpers/chain";
import type { TestChain } from "../helpers/chain";
import { fixtureGraduates } from "../helpers/graduates";
import { issueBatch } from "../helpers/issue";

type Mutation = { name: string; check: CheckName; apply: (c: Credential, n: number) => unknown };

const flipHex = (hex: string, n: number): string => {
  const i = 2 + (n % (hex.length - 2));
  const digit = parseInt(hex[i] as string, 16);
  return hex.slice(0, i) + ((digit + 1 + (n % 15)) % 16).toString(16) + hex.slice(i + 1);
};
const withSubject = (c: Credential, patch: Partial<Credential["credentialSubject"]>) => ({
  ...c,
  credentialSubject: { ...c.credentialSubject, ...patch },
});
const withProof = (c: Credential, patch: Partial<Credential["proof"]>) => ({ ...c, proof: { ...c.proof, ...patch } });
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Changes that keep the document well formed, each with the check that must catch it. */
const MUTATIONS: Mutation[] = [
  { name: "Arabic name", check: "INTEGRITY", apply: (c) => withSubject(c, { nameAr: `${c.credentialSubject.nameAr}ي` }) },
  { name: "Latin name", check: "INTEGRITY", apply: (c) => withSubject(c, { nameLatin: `${c.credentialSubject.nameLatin}e` }) },
  { name: "identifier", check: "INTEGRITY", apply: (c) => withSubject(c, { identifier: `${c.credentialSubject.identifier}7` }) },
  { name: "degree", check: "INTEGRITY", apply: (c) => withSubject(c, { degree: c.credentialSubject.degree === "master" ? "doctorate" : "master" }) },
  { name: "programme", check: "INTEGRITY", apply: (c) => withSubject(c, { programme: { ...c.credentialSubject.programme!, en: `${c.credentialSubject.programme!.en} Studies` } }) },
  { name: "graduation date", check: "INTEGRITY", apply: (c) => withSubject(c, { graduationDate: nextDay(c.credentialSubject.graduationDate!) }) },
  { name: "grade", check: "INTEGRITY", apply: (c) => withSubject(c, { grade: c.credentialSubject.grade === "ممتاز" ? "جيد" : "ممتاز" }) },
  { name: "validFrom", check: "INTEGRITY", apply: (c) => ({ ...c, validFrom: "2020-01-01T00:00:00Z" }) },
  { name: "issuer name", check: "INTEGRITY", apply: (c) => ({ ...c, issuer: { ...c.issuer, name: { ...c.issuer.name, en: "Other University" } } }) },
  {
    name: "a salt",
    check: "INTEGRITY",
    apply: (c, n) => {
      const paths = Object.keys(c.proof.salts) as (keyof Credential["proof"]["salts"])[];
      const path = paths[n % paths.length]!;
      return withProof(c, { salts: { ...c.proof.salts, [path]: flipHex(c.proof.salts[path]!, n) } });
    },
  },
  { name: "document hash", check: "INTEGRITY", apply: (c, n) => withProof(c, { documentHash: flipHex(c.proof.documentHash, n) }) },
  {
    name: "a proof step",
    check: "MERKLE_PROOF",
    apply: (c, n) => {
      const steps = [...c.proof.merkleProof];
      const at = n % steps.length;
      steps[at] = flipHex(steps[at]!, n);
      return withProof(c, { merkleProof: steps });
    },
  },
  { name: "root", check: "MERKLE_PROOF", apply: (c, n) => withProof(c, { root: flipHex(c.proof.root, n) }) },
  { name: "signature", check: "ISSUER_SIGNATURE", apply: (c, n) => withProof(c, { signature: flipHex(c.proof.signature.slice(0, 130), n) + c.proof.signature.slice(130) }) },
  { name: "stated signer", check: "ISSUER_SIGNATURE", apply: (c, n) => withProof(c, { signer: flipHex(c.proof.signer, n) }) },
  { name: "chain id", check: "ANCHORED", apply: (c, n) => withProof(c, { chainId: c.proof.chainId + 1 + (n % 1000) }) },
  { name: "batch count", check: "ANCHORED", apply: (c, n) => withProof(c, { batchCount: c.proof.batchCount + 1 + (n % 50) }) },
  { name: "issuer id", check: "INTEGRITY", apply: (c) => ({ ...c, issuer: { ...c.issuer, universityId: c.issuer.universityId + 1 } }) },
];

describe("property: tampering is caught by the right check, hiding keeps the certificate valid", () => {
  let chain: TestChain;
  let credentials: Credential[];

  beforeAll(async () => {
    chain = await startTestChain();
    const university = await accreditUniversity(chain);
    ({ credentials } = await issueBatch(chain, university, fixtureGraduates()));
  });
  afterAll(async () => chain?.stop());

  it("marks the expected check INVALID for every kind of change", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...MUTATIONS), fc.nat({ max: 9 }), fc.nat(), async (mutation, pick, n) => {
        const original = credentials[pick % credentials.length] as Credential;
        const fragments = await verifyCredential(mutation.apply(original, n), chain.verifyOptions());
        const target = fragments.find((f) => f.name === mutation.check);
        expect(target?.status, `${mutation.name} → ${mutation.check}: ${JSON.stringify(target?.reason)}`).to.equal("INVALID");
        expect(verdictOf(fragments)).to.equal("INVALID");
      }),
      { numRuns: 150 },
    );
  });

  it("keeps the verdict VALID for any subset of hidden subject fields", async () => {
    const hideable = SUBJECT_FIELDS.map((field) => `credentialSubject.${field}` as HideableFieldPath);
    await fc.assert(
      fc.asyncProperty(fc.subarray(hideable), fc.nat({ max: 9 }), async (paths, pick) => {
        const hidden = hideFields(credentials[pick % credentials.length] as Credential, paths);
        const fragments = await verifyCredential(JSON.parse(JSON.stringify(hidden)), chain.verifyOptions());
        expect(verdictOf(fragments), JSON.stringify(fragments.filter((f) => f.status !== "VALID"))).to.equal("VALID");
      }),
      { numRuns: 60 },
    );
  });
});

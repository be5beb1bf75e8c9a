import { expect } from "chai";
import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { SUBJECT_FIELDS, hideFields, verdictOf, verifyCredential } from "../../core";
import type { Credential, HideableFieldPath } from "../../core";
import { accreditUniversity, startTestChain } from "../helpers/chain";
import type { TestChain } from "../helpers/chain";
import { fixtureGraduates } from "../helpers/graduates";
import { issueBatch } from "../helpers/issue";
import { MUTATIONS } from "../helpers/tampering";

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
        expect(target?.status, `${mutation.name} → ${mutation.check}: ${JSON.stringify(target?.reason)}`).to.equal(
          "INVALID",
        );
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

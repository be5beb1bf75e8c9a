import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020";
import { expect } from "chai";
import { describe, it } from "vitest";
import { Credential } from "../../core";
import { CONFORMANCE_VECTORS_FILE, computeConformanceVectors } from "../../scripts/conformance-vectors";
import { TASDIQ_VERIFIER, askVerifier, conformanceQuestions, disagreements } from "../../scripts/conformance/run";
import { SCHEMA_FILE, credentialSchemaText } from "../../scripts/credential-schema";

/** A verifier that gives the answer of a valid credential to every question without looking: the kit must catch it. */
const credulousVerifier = (answer: unknown): string =>
  `"${process.execPath}" -e "require('readline').createInterface({ input: process.stdin }).on('line', () => console.log(process.argv[1]))" '${JSON.stringify(answer)}'`;

describe("the published format: JSON Schema and conformance vectors", () => {
  const cases = conformanceQuestions();

  it("publishes the JSON Schema generated from the zod schema (npm run schema)", () => {
    expect(readFileSync(SCHEMA_FILE, "utf8")).to.equal(credentialSchemaText());
  });

  it("publishes the conformance vectors the generator makes, each meant for one check and code (npm run vectors)", async () => {
    expect(JSON.parse(readFileSync(CONFORMANCE_VECTORS_FILE, "utf8"))).to.deep.equal(
      JSON.parse(JSON.stringify(await computeConformanceVectors())),
    );
  });

  it("covers every failure code of every check, with at least 40 negative vectors", () => {
    const negative = cases.filter(({ vector }) => vector.expected.verdict !== "VALID");
    expect(negative.length).to.be.at.least(40);
    const shown = new Set(cases.flatMap(({ vector }) => vector.expected.checks.map((c) => c.code)));
    const codes = [
      "FORMAT_INVALID",
      "FORMAT_DISCLOSURE",
      "INTEGRITY_MISMATCH",
      "MERKLE_MISMATCH",
      "ANCHORED_UNTRUSTED_REGISTRY",
      "ANCHORED_NOT_FOUND",
      "ANCHORED_WRONG_COUNT",
      "SIGNATURE_MISMATCH",
      "SIGNATURE_KEY_NOT_VALID",
      "ACCREDITED_UNKNOWN_UNIVERSITY",
      "ACCREDITED_WRONG_COUNTRY",
      "ACCREDITED_WRONG_ADDRESS",
      "ACCREDITED_WRONG_NAME",
      "ACCREDITED_NOT_AT_ANCHOR_TIME",
      "REVOKED_CERTIFICATE",
      "REVOKED_BATCH",
      "EXPIRED",
      "NOT_YET_VALID",
      "CHAIN_UNREACHABLE",
      "CHAIN_MISMATCH",
      "SKIPPED_INVALID_FORMAT",
      "SKIPPED_NOT_ANCHORED",
      "NOT_EXPIRED_OK",
      "NOT_EXPIRED_NO_EXPIRY",
    ];
    expect(codes.filter((code) => !shown.has(code))).to.deep.equal([]);
  });

  it("has Tasdiq's own verifier agree on every vector, through the protocol", async () => {
    const answers = await askVerifier(
      TASDIQ_VERIFIER,
      cases.map((c) => c.question),
    );
    const disagreeing = cases
      .map(({ vector }, i) => ({ name: vector.name, found: disagreements(vector.expected, answers[i]) }))
      .filter(({ found }) => found.length > 0);
    expect(disagreeing).to.deep.equal([]);
  });

  it("catches a verifier that does not check", async () => {
    const valid = cases.find(({ vector }) => vector.name === "valid")?.vector.expected;
    const answers = await askVerifier(
      credulousVerifier(valid),
      cases.map((c) => c.question),
    );
    const caught = cases
      .filter(({ vector }, i) => disagreements(vector.expected, answers[i]).length > 0)
      .map(({ vector }) => vector.name);
    const invalid = cases
      .filter(({ vector }) => disagreements(vector.expected, valid).length > 0)
      .map(({ vector }) => vector.name);
    expect(invalid.length).to.be.at.least(40);
    expect(caught).to.deep.equal(invalid);
  });

  it("validates every well-formed vector credential, and refuses the structural faults, with the published schema alone", () => {
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(SCHEMA_FILE, "utf8")));
    for (const { vector } of cases) {
      const wellFormed = Credential.safeParse(vector.input.credential).success;
      if (wellFormed) expect(validate(vector.input.credential), vector.name).to.equal(true);
    }
    const structural = [
      "format-not-an-object",
      "format-unknown-property",
      "format-wrong-type",
      "format-uppercase-hex-root",
      "format-uppercase-hex-signature",
      "format-hidden-field-outside-subject",
      "format-proof-too-long",
    ];
    for (const name of structural)
      expect(validate(cases.find((c) => c.vector.name === name)?.vector.input.credential), name).to.equal(false);
  });
});

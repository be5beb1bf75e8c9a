import { Wallet } from "ethers";
import { beforeAll, describe, expect, it } from "vitest";
import {
  ChainReadError,
  Deployment,
  REASON_MESSAGES,
  assembleCredential,
  draftCredential,
  leafOf,
  sealBatch,
} from "../../core";
import type { Check, CheckName, CheckStatus, Credential, Fragment, ReasonCode, VerifyOptions } from "../../core";
import { VerificationContext } from "../../core/verify/context";
import { anchoredCheck } from "../../core/verify/checks/anchored";
import { formatCheck } from "../../core/verify/checks/format";
import { integrityCheck } from "../../core/verify/checks/integrity";
import { issuerAccreditedCheck } from "../../core/verify/checks/issuer-accredited";
import { issuerSignatureCheck } from "../../core/verify/checks/issuer-signature";
import { merkleProofCheck } from "../../core/verify/checks/merkle-proof";
import { notExpiredCheck } from "../../core/verify/checks/not-expired";
import { notRevokedCheck } from "../../core/verify/checks/not-revoked";
import { MINISTRY, seededRandom } from "../helpers/certificates";
import { fixtureGraduates } from "../helpers/graduates";
import { memoryChainReader } from "../helpers/memory-chain";
import type { MemoryChain } from "../helpers/memory-chain";

// Each check alone, on a chain held in memory: every finding it can give, compared whole.

const UNIVERSITY_ID = 7;
const OPERATOR = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const NAMES = { ar: "الجامعة الأردنية", en: "The University of Jordan", fr: "Université de Jordanie" };
const SIGNER = new Wallet(`0x${"5a".repeat(32)}`);
const DEPLOYMENT = Deployment.parse({
  network: "memory",
  chainId: 31337,
  issuerRegistry: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
  certificateRegistry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  authority: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
  deploymentBlock: 0,
});
const DAY = 86_400;
const ANCHORED_AT = Date.parse("2026-07-01T10:00:00Z") / 1000;
const NOW = new Date("2026-09-01T00:00:00Z");
const TRANSACTION = { blockNumber: 12, transactionHash: `0x${"ab".repeat(32)}` };
const UNREACHABLE = new ChainReadError("CHAIN_UNREACHABLE", "the node did not answer");

/** `credential` expires in 2030; `lifelong` never does. They form one batch of two. */
let credential: Credential;
let lifelong: Credential;

beforeAll(async () => {
  const random = seededRandom("checks");
  const issuer = { universityId: UNIVERSITY_ID, operator: OPERATOR, country: "JO", name: NAMES };
  const [first, second] = fixtureGraduates();
  const drafts = [
    { subject: first!, validUntil: new Date("2030-07-01T00:00:00Z") },
    { subject: second!, validUntil: undefined },
  ].map(({ subject, validUntil }, i) =>
    draftCredential(
      { subject, credentialId: `00000000000000a${i}`, validFrom: new Date("2026-07-01T09:00:00Z"), validUntil },
      issuer,
      random,
    ),
  );
  const context = {
    chainId: DEPLOYMENT.chainId,
    registry: DEPLOYMENT.certificateRegistry,
    universityId: UNIVERSITY_ID,
    signer: SIGNER,
  };
  const batch = await sealBatch(
    drafts.map((d) => d.documentHash),
    context,
  );
  const credentials = drafts.map((draft, i) => assembleCredential(draft, batch, batch.proofs[i]!, context));
  credential = credentials[0]!;
  lifelong = credentials[1]!;
});

/** The registries after the batch was anchored by an accredited university with a valid key. */
function anchoredChain(): MemoryChain {
  return {
    batches: [
      {
        issuer: UNIVERSITY_ID,
        root: credential.proof.root,
        count: 2,
        anchoredAt: ANCHORED_AT,
        transaction: TRANSACTION,
      },
    ],
    universities: [
      {
        id: UNIVERSITY_ID,
        country: "JO",
        operator: OPERATOR,
        names: NAMES,
        url: "https://ju.example",
        accredited: true,
      },
    ],
    ministries: { JO: { account: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", names: MINISTRY } },
    accreditation: { [UNIVERSITY_ID]: [{ from: ANCHORED_AT - DAY, until: 0 }] },
    signers: { [UNIVERSITY_ID]: [{ key: SIGNER.address, validity: { from: ANCHORED_AT - DAY, until: 0 } }] },
  };
}

/** The same registries before anything was anchored. */
function unanchoredChain(): MemoryChain {
  return { ...anchoredChain(), batches: [] };
}

function run(check: Check, document: unknown, chain: MemoryChain, options: Partial<VerifyOptions> = {}) {
  const context = new VerificationContext(document, {
    trustedDeployments: [DEPLOYMENT],
    chainReader: () => memoryChainReader(chain),
    now: () => NOW,
    ...options,
  });
  return check.run(context);
}

function fragment(name: CheckName, status: CheckStatus, code: ReasonCode, data?: Record<string, unknown>): Fragment {
  return { name, status, reason: { code, message: REASON_MESSAGES[code] }, ...(data ? { data } : {}) };
}

/** A copy of `credential` with its proof changed. */
const withProof = (changes: Partial<Credential["proof"]>): Credential => ({
  ...credential,
  proof: { ...credential.proof, ...changes },
});

/** Not a credential at all: every check but FORMAT skips it. */
const MALFORMED = { hello: "world" };

describe("FORMAT", () => {
  it("is VALID for a well-formed credential", async () => {
    expect(await run(formatCheck, credential, anchoredChain())).toEqual(fragment("FORMAT", "VALID", "FORMAT_OK"));
  });

  it("is INVALID with the schema's complaints for a document that is not a credential", async () => {
    const { proof: _proof, ...withoutProof } = credential;
    expect(await run(formatCheck, withoutProof, anchoredChain())).toEqual(
      fragment("FORMAT", "INVALID", "FORMAT_INVALID", {
        issues: [{ path: "proof", message: "Invalid input: expected object, received undefined" }],
      }),
    );
  });

  it("is INVALID when a disclosed field has lost its salt", async () => {
    const { "credentialSubject.grade": _grade, ...salts } = credential.proof.salts;
    expect(await run(formatCheck, withProof({ salts }), anchoredChain())).toEqual(
      fragment("FORMAT", "INVALID", "FORMAT_DISCLOSURE", {
        issues: [{ path: "proof.salts.credentialSubject.grade", message: "disclosed field without salt" }],
      }),
    );
  });

  it("needs no chain: it never skips nor errs", async () => {
    expect(await run(formatCheck, credential, { ...anchoredChain(), failure: UNREACHABLE })).toEqual(
      fragment("FORMAT", "VALID", "FORMAT_OK"),
    );
  });
});

describe("INTEGRITY", () => {
  it("is VALID when the fields give the document hash", async () => {
    expect(await run(integrityCheck, credential, anchoredChain())).toEqual(
      fragment("INTEGRITY", "VALID", "INTEGRITY_OK", { documentHash: credential.proof.documentHash }),
    );
  });

  it("is INVALID when the document hash is not the fields'", async () => {
    const stated = lifelong.proof.documentHash;
    expect(await run(integrityCheck, withProof({ documentHash: stated }), anchoredChain())).toEqual(
      fragment("INTEGRITY", "INVALID", "INTEGRITY_MISMATCH", {
        expected: stated,
        computed: credential.proof.documentHash,
      }),
    );
  });

  it("is SKIPPED for a malformed document", async () => {
    expect(await run(integrityCheck, MALFORMED, anchoredChain())).toEqual(
      fragment("INTEGRITY", "SKIPPED", "SKIPPED_INVALID_FORMAT"),
    );
  });
});

describe("MERKLE_PROOF", () => {
  it("is VALID when the proof leads to the root", async () => {
    expect(await run(merkleProofCheck, credential, anchoredChain())).toEqual(
      fragment("MERKLE_PROOF", "VALID", "MERKLE_OK", { root: credential.proof.root }),
    );
  });

  it("is INVALID when the proof leads elsewhere", async () => {
    // Without its sibling, the certificate's own leaf is all the proof reaches.
    expect(await run(merkleProofCheck, withProof({ merkleProof: [] }), anchoredChain())).toEqual(
      fragment("MERKLE_PROOF", "INVALID", "MERKLE_MISMATCH", {
        expected: credential.proof.root,
        computed: leafOf(credential.proof.documentHash),
      }),
    );
  });

  it("is SKIPPED for a malformed document", async () => {
    expect(await run(merkleProofCheck, MALFORMED, anchoredChain())).toEqual(
      fragment("MERKLE_PROOF", "SKIPPED", "SKIPPED_INVALID_FORMAT"),
    );
  });
});

describe("ANCHORED", () => {
  it("is VALID with the anchoring's time, count and transaction", async () => {
    expect(await run(anchoredCheck, credential, anchoredChain())).toEqual(
      fragment("ANCHORED", "VALID", "ANCHORED_OK", {
        chainId: DEPLOYMENT.chainId,
        registry: DEPLOYMENT.certificateRegistry,
        root: credential.proof.root,
        anchoredAt: ANCHORED_AT,
        count: 2,
        ...TRANSACTION,
      }),
    );
  });

  it("is INVALID for a registry the verifier does not trust, without reading any chain", async () => {
    expect(await run(anchoredCheck, credential, unanchoredChain(), { trustedDeployments: [] })).toEqual(
      fragment("ANCHORED", "INVALID", "ANCHORED_UNTRUSTED_REGISTRY", {
        chainId: credential.proof.chainId,
        registry: credential.proof.registry,
      }),
    );
  });

  it("is INVALID when the university has not anchored the root", async () => {
    expect(await run(anchoredCheck, credential, unanchoredChain())).toEqual(
      fragment("ANCHORED", "INVALID", "ANCHORED_NOT_FOUND", { root: credential.proof.root }),
    );
  });

  it("is INVALID when another university anchored the root", async () => {
    const chain = anchoredChain();
    chain.batches[0]!.issuer = UNIVERSITY_ID + 1;
    expect(await run(anchoredCheck, credential, chain)).toEqual(
      fragment("ANCHORED", "INVALID", "ANCHORED_NOT_FOUND", { root: credential.proof.root }),
    );
  });

  it("is INVALID when the anchored count is not the signed one", async () => {
    const chain = anchoredChain();
    chain.batches[0]!.count = 3;
    expect(await run(anchoredCheck, credential, chain)).toEqual(
      fragment("ANCHORED", "INVALID", "ANCHORED_WRONG_COUNT", { anchoredCount: 3 }),
    );
  });

  it("is SKIPPED for a malformed document", async () => {
    expect(await run(anchoredCheck, MALFORMED, anchoredChain())).toEqual(
      fragment("ANCHORED", "SKIPPED", "SKIPPED_INVALID_FORMAT"),
    );
  });

  it("is ERROR with the reader's code when the chain cannot be read", async () => {
    expect(await run(anchoredCheck, credential, { ...anchoredChain(), failure: UNREACHABLE })).toEqual(
      fragment("ANCHORED", "ERROR", "CHAIN_UNREACHABLE", { error: UNREACHABLE.message }),
    );
  });
});

describe("ISSUER_SIGNATURE", () => {
  it("is VALID when the stated key signed and was valid at anchoring", async () => {
    expect(await run(issuerSignatureCheck, credential, anchoredChain())).toEqual(
      fragment("ISSUER_SIGNATURE", "VALID", "SIGNATURE_OK", { signer: SIGNER.address }),
    );
  });

  it("is INVALID when another key than the stated one signed, anchored or not", async () => {
    const stated = "0x1111111111111111111111111111111111111111";
    const expected = fragment("ISSUER_SIGNATURE", "INVALID", "SIGNATURE_MISMATCH", {
      recovered: SIGNER.address,
      stated,
    });
    expect(await run(issuerSignatureCheck, withProof({ signer: stated }), anchoredChain())).toEqual(expected);
    expect(await run(issuerSignatureCheck, withProof({ signer: stated }), unanchoredChain())).toEqual(expected);
  });

  it("is INVALID when the signature recovers no key", async () => {
    const signature = `0x${"00".repeat(64)}1b`;
    expect(await run(issuerSignatureCheck, withProof({ signature }), anchoredChain())).toEqual(
      fragment("ISSUER_SIGNATURE", "INVALID", "SIGNATURE_MISMATCH"),
    );
  });

  it("is INVALID when the key was not valid when the batch was anchored", async () => {
    const chain = anchoredChain();
    chain.signers[UNIVERSITY_ID] = [{ key: SIGNER.address, validity: { from: ANCHORED_AT + DAY, until: 0 } }];
    expect(await run(issuerSignatureCheck, credential, chain)).toEqual(
      fragment("ISSUER_SIGNATURE", "INVALID", "SIGNATURE_KEY_NOT_VALID", {
        signer: SIGNER.address,
        anchoredAt: ANCHORED_AT,
      }),
    );
  });

  it("is SKIPPED when the batch is not anchored", async () => {
    expect(await run(issuerSignatureCheck, credential, unanchoredChain())).toEqual(
      fragment("ISSUER_SIGNATURE", "SKIPPED", "SKIPPED_NOT_ANCHORED"),
    );
  });

  it("is SKIPPED for a malformed document", async () => {
    expect(await run(issuerSignatureCheck, MALFORMED, anchoredChain())).toEqual(
      fragment("ISSUER_SIGNATURE", "SKIPPED", "SKIPPED_INVALID_FORMAT"),
    );
  });
});

describe("ISSUER_ACCREDITED", () => {
  /** What the check reads of the issuer, whatever its finding. */
  const issuerData = (chain: MemoryChain) => ({
    university: chain.universities[0],
    ministry: chain.ministries.JO,
    accreditation: chain.accreditation[UNIVERSITY_ID],
    anchoredAt: ANCHORED_AT,
  });

  it("is VALID with the registry's record of the issuer", async () => {
    const chain = anchoredChain();
    expect(await run(issuerAccreditedCheck, credential, chain)).toEqual(
      fragment("ISSUER_ACCREDITED", "VALID", "ACCREDITED_OK", {
        ...issuerData(chain),
        accreditedSince: ANCHORED_AT - DAY,
      }),
    );
  });

  it("stays VALID after a suspension that came after the anchoring", async () => {
    const chain = anchoredChain();
    chain.accreditation[UNIVERSITY_ID] = [{ from: ANCHORED_AT - DAY, until: ANCHORED_AT + DAY }];
    chain.universities[0]!.accredited = false;
    expect(await run(issuerAccreditedCheck, credential, chain)).toEqual(
      fragment("ISSUER_ACCREDITED", "VALID", "ACCREDITED_OK", {
        ...issuerData(chain),
        accreditedSince: ANCHORED_AT - DAY,
      }),
    );
  });

  it("is INVALID when the university was not accredited at anchoring", async () => {
    const chain = anchoredChain();
    chain.accreditation[UNIVERSITY_ID] = [{ from: ANCHORED_AT + DAY, until: 0 }];
    expect(await run(issuerAccreditedCheck, credential, chain)).toEqual(
      fragment("ISSUER_ACCREDITED", "INVALID", "ACCREDITED_NOT_AT_ANCHOR_TIME", issuerData(chain)),
    );
  });

  it("is INVALID when the registry has no such university", async () => {
    expect(await run(issuerAccreditedCheck, credential, { ...anchoredChain(), universities: [] })).toEqual(
      fragment("ISSUER_ACCREDITED", "INVALID", "ACCREDITED_UNKNOWN_UNIVERSITY"),
    );
  });

  it("is INVALID when the registry records another country, address or name", async () => {
    const country = anchoredChain();
    country.universities[0]!.country = "SA";
    expect(await run(issuerAccreditedCheck, credential, country)).toEqual(
      fragment("ISSUER_ACCREDITED", "INVALID", "ACCREDITED_WRONG_COUNTRY", {
        ...issuerData(country),
        ministry: undefined,
        stated: "JO",
        registered: "SA",
      }),
    );
    const address = anchoredChain();
    const operator = "0x2222222222222222222222222222222222222222";
    address.universities[0]!.operator = operator;
    expect(await run(issuerAccreditedCheck, credential, address)).toEqual(
      fragment("ISSUER_ACCREDITED", "INVALID", "ACCREDITED_WRONG_ADDRESS", {
        ...issuerData(address),
        stated: credential.issuer.address,
        registered: operator,
      }),
    );
    const name = anchoredChain();
    const names = { ...NAMES, fr: "Université de Amman" };
    name.universities[0]!.names = names;
    expect(await run(issuerAccreditedCheck, credential, name)).toEqual(
      fragment("ISSUER_ACCREDITED", "INVALID", "ACCREDITED_WRONG_NAME", {
        ...issuerData(name),
        languages: ["fr"],
        registered: names,
      }),
    );
  });

  it("is SKIPPED when the batch is not anchored", async () => {
    expect(await run(issuerAccreditedCheck, credential, unanchoredChain())).toEqual(
      fragment("ISSUER_ACCREDITED", "SKIPPED", "SKIPPED_NOT_ANCHORED"),
    );
  });

  it("is SKIPPED for a malformed document", async () => {
    expect(await run(issuerAccreditedCheck, MALFORMED, anchoredChain())).toEqual(
      fragment("ISSUER_ACCREDITED", "SKIPPED", "SKIPPED_INVALID_FORMAT"),
    );
  });

  it("is ERROR with the reader's code when the chain cannot be read", async () => {
    expect(await run(issuerAccreditedCheck, credential, { ...anchoredChain(), failure: UNREACHABLE })).toEqual(
      fragment("ISSUER_ACCREDITED", "ERROR", "CHAIN_UNREACHABLE", { error: UNREACHABLE.message }),
    );
  });
});

describe("NOT_REVOKED", () => {
  it("is VALID when neither the certificate nor its batch is revoked", async () => {
    expect(await run(notRevokedCheck, credential, anchoredChain())).toEqual(
      fragment("NOT_REVOKED", "VALID", "NOT_REVOKED_OK"),
    );
  });

  it("is INVALID with the date and reason of the certificate's revocation", async () => {
    const chain = anchoredChain();
    chain.batches[0]!.revokedLeaves = { [leafOf(credential.proof.documentHash)]: { at: ANCHORED_AT + DAY, reason: 2 } };
    expect(await run(notRevokedCheck, credential, chain)).toEqual(
      fragment("NOT_REVOKED", "INVALID", "REVOKED_CERTIFICATE", { revokedAt: ANCHORED_AT + DAY, reason: 2 }),
    );
    expect(await run(notRevokedCheck, lifelong, chain)).toEqual(fragment("NOT_REVOKED", "VALID", "NOT_REVOKED_OK"));
  });

  it("is INVALID with the date and reason of the batch's revocation", async () => {
    const chain = anchoredChain();
    chain.batches[0]!.revoked = { at: ANCHORED_AT + DAY, reason: 1 };
    expect(await run(notRevokedCheck, credential, chain)).toEqual(
      fragment("NOT_REVOKED", "INVALID", "REVOKED_BATCH", { revokedAt: ANCHORED_AT + DAY, reason: 1 }),
    );
  });

  it("is SKIPPED when the batch is not anchored", async () => {
    expect(await run(notRevokedCheck, credential, unanchoredChain())).toEqual(
      fragment("NOT_REVOKED", "SKIPPED", "SKIPPED_NOT_ANCHORED"),
    );
  });

  it("is SKIPPED for a malformed document", async () => {
    expect(await run(notRevokedCheck, MALFORMED, anchoredChain())).toEqual(
      fragment("NOT_REVOKED", "SKIPPED", "SKIPPED_INVALID_FORMAT"),
    );
  });

  it("is ERROR with the reader's code when the chain cannot be read", async () => {
    const mismatch = new ChainReadError("CHAIN_MISMATCH", "the node serves chain 1");
    expect(await run(notRevokedCheck, credential, { ...anchoredChain(), failure: mismatch })).toEqual(
      fragment("NOT_REVOKED", "ERROR", "CHAIN_MISMATCH", { error: mismatch.message }),
    );
  });
});

describe("NOT_EXPIRED", () => {
  const at = (instant: string) => ({ now: () => new Date(instant) });

  it("is VALID before the end of validity, and for a certificate that never expires", async () => {
    expect(await run(notExpiredCheck, credential, anchoredChain())).toEqual(
      fragment("NOT_EXPIRED", "VALID", "NOT_EXPIRED_OK", { validUntil: credential.validUntil }),
    );
    expect(await run(notExpiredCheck, lifelong, anchoredChain(), at("2090-01-01T00:00:00Z"))).toEqual(
      fragment("NOT_EXPIRED", "VALID", "NOT_EXPIRED_NO_EXPIRY"),
    );
  });

  it("is INVALID before validity starts and from its end on", async () => {
    expect(await run(notExpiredCheck, credential, anchoredChain(), at("2026-07-01T08:59:59Z"))).toEqual(
      fragment("NOT_EXPIRED", "INVALID", "NOT_YET_VALID", { validFrom: credential.validFrom }),
    );
    expect(await run(notExpiredCheck, credential, anchoredChain(), at("2030-07-01T00:00:00Z"))).toEqual(
      fragment("NOT_EXPIRED", "INVALID", "EXPIRED", { validUntil: credential.validUntil }),
    );
  });

  it("is SKIPPED for a malformed document", async () => {
    expect(await run(notExpiredCheck, MALFORMED, anchoredChain())).toEqual(
      fragment("NOT_EXPIRED", "SKIPPED", "SKIPPED_INVALID_FORMAT"),
    );
  });
});

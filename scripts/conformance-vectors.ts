import { writeFileSync } from "node:fs";
import path from "node:path";
import { Wallet, getAddress, keccak256, toUtf8Bytes } from "ethers";
import {
  assembleCredential,
  answerConformanceQuestion,
  documentHash,
  draftCredential,
  fieldHashes,
  hideFields,
  leafOf,
  sealBatch,
} from "../core";
import type {
  ChainState,
  CheckName,
  ConformanceAnswer,
  Credential,
  CredentialSubject,
  Deployment,
  HideableFieldPath,
  Verdict,
} from "../core";
import { VECTOR_INPUTS, fixedSalts } from "./test-vectors";

// ───────────────────────────── the world of the vectors ─────────────────────────────

const DAY = 86_400;
const at = (iso: string): number => Date.parse(iso) / 1000;
const MINISTRY_REGISTERED = at("2026-01-01T00:00:00Z");
const ACCREDITED = MINISTRY_REGISTERED + DAY;
const KEY_ADDED = ACCREDITED + DAY;
/** The batches are anchored an hour after the credentials' validFrom. */
const ANCHORED = at(VECTOR_INPUTS.validFrom) + 3600;
const NOW = "2026-12-07T12:00:00Z";

/** The local deployment of `npm start`: the first two contracts the Hardhat authority account deploys. */
const DEPLOYMENT: Deployment = {
  network: "localhost",
  chainId: VECTOR_INPUTS.chainId,
  issuerRegistry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  certificateRegistry: VECTOR_INPUTS.registry,
  authority: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
  deploymentBlock: 1,
};
const SIGNER = new Wallet(VECTOR_INPUTS.signerKey);
const UNIVERSITY = VECTOR_INPUTS.issuer;
const OTHER_UNIVERSITY = {
  universityId: 4,
  operator: "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
  country: "JO",
  name: { ar: "جامعة اليرموك", en: "Yarmouk University", fr: "Université du Yarmouk" },
};
/** A university id the registry never accredited. */
const UNKNOWN_UNIVERSITY = { ...OTHER_UNIVERSITY, universityId: 9 };
const ELSEWHERE = getAddress("0x1111111111111111111111111111111111111111");

type Identity = typeof UNIVERSITY;

interface Batch {
  credentials: Credential[];
  root: string;
  count: number;
}

/** One batch of the vectors' fixed subjects, drafted with fixed salts and signed by the vector key. */
async function batchOf(
  issuer: Identity,
  {
    validUntil,
    first = 0,
    size = 3,
    chainId = DEPLOYMENT.chainId,
    registry = DEPLOYMENT.certificateRegistry,
  }: { validUntil?: string; first?: number; size?: number; chainId?: number; registry?: string } = {},
): Promise<Batch> {
  const inputs = VECTOR_INPUTS.credentials.slice(first, first + size);
  const drafts = inputs.map((input, i) =>
    draftCredential(
      {
        subject: input.subject as CredentialSubject,
        credentialId: input.credentialId,
        validFrom: new Date(VECTOR_INPUTS.validFrom),
        validUntil: validUntil ? new Date(validUntil) : undefined,
      },
      issuer,
      fixedSalts(first + i),
    ),
  );
  const context = { chainId, registry, universityId: issuer.universityId, signer: SIGNER };
  const batch = await sealBatch(
    drafts.map((d) => d.documentHash),
    context,
  );
  return {
    credentials: drafts.map((draft, i) => assembleCredential(draft, batch, batch.proofs[i] ?? [], context)),
    root: batch.root,
    count: batch.count,
  };
}

const record = (
  issuer: number,
  batch: Batch,
  changes: Partial<ChainState["batches"][number]> = {},
): ChainState["batches"][number] => ({
  issuer,
  root: batch.root,
  count: batch.count,
  anchoredAt: ANCHORED,
  revokedAt: 0,
  reason: 0,
  revokedLeaves: [],
  transaction: { blockNumber: 42, transactionHash: keccak256(toUtf8Bytes(`anchor ${issuer} ${batch.root}`)) },
  ...changes,
});

const university = (
  identity: Identity,
  changes: Partial<ChainState["universities"][number]> = {},
): ChainState["universities"][number] => ({
  id: identity.universityId,
  country: identity.country,
  operator: identity.operator,
  names: identity.name,
  url: `https://tasdiq.university-${identity.universityId}.example`,
  accreditation: [{ from: ACCREDITED, until: 0 }],
  signers: [],
  ...changes,
});

const JORDAN_MINISTRY = {
  country: "JO",
  account: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  names: {
    ar: "وزارة التعليم العالي والبحث العلمي",
    en: "Ministry of Higher Education and Scientific Research",
    fr: "Ministère de l'Enseignement supérieur et de la Recherche scientifique",
  },
  registered: [{ from: MINISTRY_REGISTERED, until: 0 }],
};

// ───────────────────────────── the cases ─────────────────────────────

/** What a vector is written to show: the one check it is about, with its status and code, and the verdict. */
interface Intent {
  check: CheckName;
  status: "VALID" | "INVALID" | "SKIPPED" | "ERROR";
  code: string;
  verdict: Verdict;
}

interface Case {
  name: string;
  description: string;
  credential: unknown;
  /** A state of `chainStates`, or null for a chain that cannot be reached. */
  chain: string | null;
  now?: string;
  trustedDeployments?: Deployment[];
  intent: Intent;
}

const VALID = (check: CheckName, code: string): Intent => ({ check, status: "VALID", code, verdict: "VALID" });
const INVALID = (check: CheckName, code: string): Intent => ({ check, status: "INVALID", code, verdict: "INVALID" });

type Json = Record<string, unknown>;
const withSubject = (c: Credential, patch: Json): Json => ({
  ...c,
  credentialSubject: { ...c.credentialSubject, ...patch },
});
const withProof = (c: Credential, patch: Json): Json => ({ ...c, proof: { ...c.proof, ...patch } });
const withIssuer = (c: Credential, patch: Json): Json => ({ ...c, issuer: { ...c.issuer, ...patch } });
/** The other of the two signatures `(r, s, v)` and `(r, n − s, v ^ 1)` that recover the same key. */
export function highS(signature: string): string {
  const order = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  return `${signature.slice(0, 66)}${(order - s).toString(16).padStart(64, "0")}${signature.endsWith("1b") ? "1c" : "1b"}`;
}
const nextHex = (hex: string): string => `${hex.slice(0, -1)}${((parseInt(hex.slice(-1), 16) + 1) % 16).toString(16)}`;

export async function computeConformanceVectors() {
  const main = await batchOf(UNIVERSITY);
  const expiring = await batchOf(UNIVERSITY, { validUntil: "2027-07-01T00:00:00Z", size: 1 });
  const unknown = await batchOf(UNKNOWN_UNIVERSITY, { size: 1 });
  const elsewhere = await batchOf(UNIVERSITY, { registry: ELSEWHERE, size: 1 });
  const otherChain = await batchOf(UNIVERSITY, { chainId: 1, size: 1 });
  const claimsOther = await batchOf({ ...UNIVERSITY, name: OTHER_UNIVERSITY.name }, { size: 1 });
  const claimsOtherOperator = await batchOf({ ...UNIVERSITY, operator: OTHER_UNIVERSITY.operator }, { size: 1 });
  const claimsOtherCountry = await batchOf({ ...UNIVERSITY, country: "EG" }, { size: 1 });
  const [c0, c1, c2] = main.credentials as [Credential, Credential, Credential];
  const leaf0 = leafOf(c0.proof.documentHash);

  const signer = { key: SIGNER.address, validFrom: KEY_ADDED, validUntil: 0 };
  const base: ChainState = {
    chainId: DEPLOYMENT.chainId,
    issuerRegistry: DEPLOYMENT.issuerRegistry,
    certificateRegistry: DEPLOYMENT.certificateRegistry,
    ministries: [JORDAN_MINISTRY],
    universities: [university(UNIVERSITY, { signers: [signer] }), university(OTHER_UNIVERSITY)],
    batches: [
      record(UNIVERSITY.universityId, main),
      record(UNIVERSITY.universityId, expiring),
      record(UNKNOWN_UNIVERSITY.universityId, unknown),
      ...[claimsOther, claimsOtherOperator, claimsOtherCountry].map((batch) => record(UNIVERSITY.universityId, batch)),
    ],
  };
  const withUniversity = (changes: Partial<ChainState["universities"][number]>): ChainState => ({
    ...base,
    universities: [university(UNIVERSITY, { signers: [signer], ...changes }), university(OTHER_UNIVERSITY)],
  });
  const withMainBatch = (
    changes: Partial<ChainState["batches"][number]>,
    others: ChainState["batches"] = [],
  ): ChainState => ({
    ...base,
    batches: [record(UNIVERSITY.universityId, main, changes), ...others, ...base.batches.slice(1)],
  });
  const egypt = {
    ...JORDAN_MINISTRY,
    country: "EG",
    account: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
    names: {
      ar: "وزارة التعليم العالي",
      en: "Ministry of Higher Education",
      fr: "Ministère de l'Enseignement supérieur",
    },
  };

  const chainStates: Record<string, ChainState> = {
    base,
    "not-anchored": { ...base, batches: base.batches.slice(1) },
    "anchored-by-another-university-only": {
      ...base,
      batches: [record(OTHER_UNIVERSITY.universityId, main), ...base.batches.slice(1)],
    },
    "anchored-with-another-count": withMainBatch({ count: 5 }),
    "key-revoked-before-anchoring": withUniversity({ signers: [{ ...signer, validUntil: ANCHORED - 60 }] }),
    "key-revoked-after-anchoring": withUniversity({ signers: [{ ...signer, validUntil: ANCHORED + 60 }] }),
    "key-valid-only-after-anchoring": withUniversity({ signers: [{ ...signer, validFrom: ANCHORED + 60 }] }),
    "key-of-another-university": {
      ...base,
      universities: [university(UNIVERSITY), university(OTHER_UNIVERSITY, { signers: [signer] })],
    },
    "suspended-before-anchoring": withUniversity({ accreditation: [{ from: ACCREDITED, until: ANCHORED - 100 }] }),
    "suspended-after-anchoring": withUniversity({ accreditation: [{ from: ACCREDITED, until: ANCHORED + 100 }] }),
    "suspended-in-the-second-of-anchoring": withUniversity({
      accreditation: [{ from: ACCREDITED, until: ANCHORED + 1 }],
    }),
    "suspended-then-reinstated-around-anchoring": withUniversity({
      accreditation: [
        { from: ACCREDITED, until: ANCHORED - 100 },
        { from: ANCHORED + 100, until: 0 },
      ],
    }),
    "ministry-removed-before-anchoring": {
      ...base,
      ministries: [{ ...JORDAN_MINISTRY, registered: [{ from: MINISTRY_REGISTERED, until: ANCHORED - 50 }] }],
    },
    "registered-in-another-country": {
      ...withUniversity({ country: "EG" }),
      ministries: [JORDAN_MINISTRY, { ...egypt, registered: [{ from: MINISTRY_REGISTERED, until: 0 }] }],
    },
    "registered-under-nfd-names": withUniversity({
      names: { ...UNIVERSITY.name, fr: UNIVERSITY.name.fr.normalize("NFD") },
    }),
    "certificate-revoked": withMainBatch({
      revokedLeaves: [{ leaf: leaf0, revokedAt: ANCHORED + 30 * DAY, reason: 2 }],
    }),
    "batch-revoked": withMainBatch({ revokedAt: ANCHORED + 40 * DAY, reason: 1 }),
    "revoked-only-in-another-universitys-copy": withMainBatch({}, [
      record(OTHER_UNIVERSITY.universityId, main, {
        revokedAt: ANCHORED + DAY,
        reason: 2,
        revokedLeaves: [{ leaf: leaf0, revokedAt: ANCHORED + DAY, reason: 2 }],
      }),
    ]),
    "node-of-another-chain": { ...base, chainId: 1 },
  };

  const everySubjectField = Object.keys(c1.credentialSubject).map(
    (field) => `credentialSubject.${field}` as HideableFieldPath,
  );
  const cases: Case[] = [
    // Success, with the variants of disclosure, expiry and registry history that must still verify.
    {
      name: "valid",
      description: "A credential of an anchored batch, every field disclosed.",
      credential: c0,
      chain: "base",
      intent: VALID("ANCHORED", "ANCHORED_OK"),
    },
    {
      name: "valid-some-hidden",
      description: "The holder hid the identifier and the grade.",
      credential: hideFields(c1, ["credentialSubject.identifier", "credentialSubject.grade"]),
      chain: "base",
      intent: VALID("INTEGRITY", "INTEGRITY_OK"),
    },
    {
      name: "valid-all-hidden",
      description: "The holder hid every subject field.",
      credential: hideFields(c1, everySubjectField),
      chain: "base",
      intent: VALID("INTEGRITY", "INTEGRITY_OK"),
    },
    {
      name: "valid-until-not-reached",
      description: "validUntil is set and still ahead.",
      credential: expiring.credentials[0],
      chain: "base",
      intent: VALID("NOT_EXPIRED", "NOT_EXPIRED_OK"),
    },
    {
      name: "valid-key-revoked-after-anchoring",
      description: "The signer key was revoked after the batch was anchored.",
      credential: c2,
      chain: "key-revoked-after-anchoring",
      intent: VALID("ISSUER_SIGNATURE", "SIGNATURE_OK"),
    },
    {
      name: "valid-suspended-after-anchoring",
      description: "The university was suspended after it anchored the batch.",
      credential: c0,
      chain: "suspended-after-anchoring",
      intent: VALID("ISSUER_ACCREDITED", "ACCREDITED_OK"),
    },
    {
      name: "valid-suspended-in-the-second-of-anchoring",
      description: "A suspension closes its interval at the end of its own second: an anchor of that second stands.",
      credential: c0,
      chain: "suspended-in-the-second-of-anchoring",
      intent: VALID("ISSUER_ACCREDITED", "ACCREDITED_OK"),
    },
    {
      name: "valid-registry-names-not-in-nfc",
      description: "The registry stores a name in NFD; the credential's NFC name equals its NFC form.",
      credential: c0,
      chain: "registered-under-nfd-names",
      intent: VALID("ISSUER_ACCREDITED", "ACCREDITED_OK"),
    },
    {
      name: "valid-revoked-only-in-a-copy",
      description:
        "Another university anchored the same root and revoked in its own copy; the real batch is untouched.",
      credential: c0,
      chain: "revoked-only-in-another-universitys-copy",
      intent: VALID("NOT_REVOKED", "NOT_REVOKED_OK"),
    },

    // FORMAT: the schema and the one encoding (spec section 2.1).
    {
      name: "format-not-an-object",
      description: "A JSON string instead of a credential.",
      credential: "not a credential",
      chain: "base",
      intent: INVALID("FORMAT", "FORMAT_INVALID"),
    },
    {
      name: "format-unknown-property",
      description: "A property the schema does not know.",
      credential: { ...c0, verifiedBy: "the ministry" },
      chain: "base",
      intent: INVALID("FORMAT", "FORMAT_INVALID"),
    },
    {
      name: "format-wrong-type",
      description: "Another credential type.",
      credential: { ...c0, type: ["VerifiableCredential", "UniversityDegreeCredential"] },
      chain: "base",
      intent: INVALID("FORMAT", "FORMAT_INVALID"),
    },
    {
      name: "format-lone-surrogate",
      description: "A grade with a lone surrogate: not valid Unicode.",
      credential: withSubject(c0, { grade: `${c0.credentialSubject.grade}\ud800` }),
      chain: "base",
      intent: INVALID("FORMAT", "FORMAT_INVALID"),
    },
    {
      name: "format-bidi-override",
      description: "A grade with a right-to-left override, which prints 02/5.61 as 16.5/20.",
      credential: withSubject(c2, { grade: "\u202e02/5.61" }),
      chain: "base",
      intent: INVALID("FORMAT", "FORMAT_INVALID"),
    },
    {
      name: "format-zero-width-space",
      description: "A zero-width space in the Latin name.",
      credential: withSubject(c0, { nameLatin: "Layla\u200b Abdulrahman" }),
      chain: "base",
      intent: INVALID("FORMAT", "FORMAT_INVALID"),
    },
    {
      name: "format-direction-mark",
      description: "A right-to-left mark before the Arabic name.",
      credential: withSubject(c0, { nameAr: `\u200f${c0.credentialSubject.nameAr}` }),
      chain: "base",
      intent: INVALID("FORMAT", "FORMAT_INVALID"),
    },
    {
      name: "format-control-character",
      description: "A tab inside the honours.",
      credential: withSubject(c0, { honours: "مع\tمرتبة الشرف" }),
      chain: "base",
      intent: INVALID("FORMAT", "FORMAT_INVALID"),
    },
    {
      name: "format-not-nfc",
      description: "The issuer's French name in NFD.",
      credential: withIssuer(c0, { name: { ...c0.issuer.name, fr: c0.issuer.name.fr.normalize("NFD") } }),
      chain: "base",
      intent: INVALID("FORMAT", "FORMAT_INVALID"),
    },
    {
      name: "format-uppercase-hex-root",
      description: "The root in upper-case hex.",
      credential: withProof(c0, { root: `0x${c0.proof.root.slice(2).toUpperCase()}` }),
      chain: "base",
      intent: INVALID("FORMAT", "FORMAT_INVALID"),
    },
    {
      name: "format-uppercase-hex-salt",
      description: "A salt in upper-case hex.",
      credential: withProof(c1, {
        salts: Object.fromEntries(
          Object.entries(c1.proof.salts).map(([path, salt]) => [
            path,
            /[a-f]/.test(salt) ? salt.toUpperCase().replace("0X", "0x") : salt,
          ]),
        ),
      }),
      chain: "base",
      intent: INVALID("FORMAT", "FORMAT_INVALID"),
    },
    {
      name: "format-uppercase-hex-signature",
      description: "The signature in upper-case hex.",
      credential: withProof(c0, { signature: `0x${c0.proof.signature.slice(2).toUpperCase()}` }),
      chain: "base",
      intent: INVALID("FORMAT", "FORMAT_INVALID"),
    },
    {
      name: "format-high-s-signature",
      description: "The high-s twin of the batch signature: it recovers the same key, but is not the canonical form.",
      credential: withProof(c0, { signature: highS(c0.proof.signature) }),
      chain: "base",
      intent: INVALID("FORMAT", "FORMAT_INVALID"),
    },
    {
      name: "format-recovery-byte-0-or-1",
      description: "v written as 0 or 1 instead of 27 or 28.",
      credential: withProof(c0, {
        signature: `${c0.proof.signature.slice(0, 130)}${c0.proof.signature.endsWith("1b") ? "00" : "01"}`,
      }),
      chain: "base",
      intent: INVALID("FORMAT", "FORMAT_INVALID"),
    },
    {
      name: "format-address-not-checksummed",
      description: "The signer address in lower case.",
      credential: withProof(c0, { signer: c0.proof.signer.toLowerCase() }),
      chain: "base",
      intent: INVALID("FORMAT", "FORMAT_INVALID"),
    },
    {
      name: "format-issuer-id-mismatch",
      description: "issuer.id names university 4, universityId says 3.",
      credential: withIssuer(c0, { id: "urn:tasdiq:university:4" }),
      chain: "base",
      intent: INVALID("FORMAT", "FORMAT_INVALID"),
    },
    {
      name: "format-graduation-after-issuance",
      description: "A graduation date after the day of validFrom.",
      credential: withSubject(c0, { graduationDate: "2026-07-02" }),
      chain: "base",
      intent: INVALID("FORMAT", "FORMAT_INVALID"),
    },
    {
      name: "format-graduation-before-1900",
      description: "A graduation date before 1900-01-01.",
      credential: withSubject(c0, { graduationDate: "1899-12-31" }),
      chain: "base",
      intent: INVALID("FORMAT", "FORMAT_INVALID"),
    },
    {
      name: "format-validity-ends-before-start",
      description: "validUntil before validFrom.",
      credential: { ...c0, validUntil: "2026-06-30T00:00:00Z" },
      chain: "base",
      intent: INVALID("FORMAT", "FORMAT_INVALID"),
    },
    {
      name: "format-date-does-not-exist",
      description: "A graduation on 30 February.",
      credential: withSubject(c0, { graduationDate: "2026-02-30" }),
      chain: "base",
      intent: INVALID("FORMAT", "FORMAT_INVALID"),
    },
    {
      name: "format-instant-does-not-exist",
      description: "validFrom on 30 February.",
      credential: { ...c0, validFrom: "2026-02-30T09:00:00Z" },
      chain: "base",
      intent: INVALID("FORMAT", "FORMAT_INVALID"),
    },
    {
      name: "format-hidden-field-outside-subject",
      description: "validFrom listed as hidden: only subject fields can be.",
      credential: withProof(c0, { hidden: { validFrom: c0.proof.documentHash } }),
      chain: "base",
      intent: INVALID("FORMAT", "FORMAT_INVALID"),
    },
    {
      name: "format-proof-too-long",
      description: "A Merkle proof of 33 steps.",
      credential: withProof(c0, { merkleProof: Array(33).fill(c0.proof.root) }),
      chain: "base",
      intent: INVALID("FORMAT", "FORMAT_INVALID"),
    },
    {
      name: "disclosure-field-without-salt",
      description: "The Latin name disclosed without its salt.",
      credential: withProof(c0, { salts: { ...c0.proof.salts, "credentialSubject.nameLatin": undefined } }),
      chain: "base",
      intent: INVALID("FORMAT", "FORMAT_DISCLOSURE"),
    },
    {
      name: "disclosure-salt-without-field",
      description: "A salt for honours, which the credential does not hold.",
      credential: withProof(c2, {
        salts: { ...c2.proof.salts, "credentialSubject.honours": c0.proof.salts["credentialSubject.honours"] },
      }),
      chain: "base",
      intent: INVALID("FORMAT", "FORMAT_DISCLOSURE"),
    },
    {
      name: "disclosure-hidden-and-disclosed",
      description: "The grade both disclosed and hidden.",
      credential: withProof(c0, { hidden: { "credentialSubject.grade": c0.proof.documentHash } }),
      chain: "base",
      intent: INVALID("FORMAT", "FORMAT_DISCLOSURE"),
    },
    {
      name: "disclosure-required-field-missing",
      description: "The degree neither disclosed nor hidden.",
      credential: (() => {
        const { degree: _, ...subject } = c0.credentialSubject;
        const { "credentialSubject.degree": __, ...salts } = c0.proof.salts;
        return { ...c0, credentialSubject: subject, proof: { ...c0.proof, salts } };
      })(),
      chain: "base",
      intent: INVALID("FORMAT", "FORMAT_DISCLOSURE"),
    },

    // INTEGRITY and MERKLE_PROOF.
    {
      name: "integrity-grade-changed",
      description: "The grade changed after issuance.",
      credential: withSubject(c0, { grade: "ممتاز" }),
      chain: "base",
      intent: INVALID("INTEGRITY", "INTEGRITY_MISMATCH"),
    },
    {
      name: "integrity-salt-changed",
      description: "One salt changed.",
      credential: withProof(c0, {
        salts: {
          ...c0.proof.salts,
          "credentialSubject.degree": nextHex(c0.proof.salts["credentialSubject.degree"] as string),
        },
      }),
      chain: "base",
      intent: INVALID("INTEGRITY", "INTEGRITY_MISMATCH"),
    },
    {
      name: "integrity-hidden-hash-changed",
      description: "The hash of a hidden field changed.",
      credential: (() => {
        const hidden = hideFields(c0, ["credentialSubject.grade"]);
        return withProof(hidden, {
          hidden: { "credentialSubject.grade": nextHex(hidden.proof.hidden["credentialSubject.grade"] as string) },
        });
      })(),
      chain: "base",
      intent: INVALID("INTEGRITY", "INTEGRITY_MISMATCH"),
    },
    {
      name: "integrity-validity-added",
      description: "validUntil added with a salt borrowed from another field.",
      credential: withProof({ ...c0, validUntil: "2099-01-01T00:00:00Z" } as Credential, {
        salts: { ...c0.proof.salts, validUntil: c0.proof.salts.validFrom },
      }),
      chain: "base",
      intent: INVALID("INTEGRITY", "INTEGRITY_MISMATCH"),
    },
    {
      name: "integrity-issuer-relabelled",
      description: "The issuer block of university 4 pasted in, hashes not recomputed.",
      credential: withIssuer(c0, {
        id: "urn:tasdiq:university:4",
        universityId: 4,
        address: OTHER_UNIVERSITY.operator,
        name: OTHER_UNIVERSITY.name,
      }),
      chain: "base",
      intent: INVALID("INTEGRITY", "INTEGRITY_MISMATCH"),
    },
    {
      name: "merkle-proof-step-changed",
      description: "One step of the Merkle proof changed.",
      credential: withProof(c0, {
        merkleProof: c0.proof.merkleProof.map((step, i) => (i === 0 ? nextHex(step) : step)),
      }),
      chain: "base",
      intent: INVALID("MERKLE_PROOF", "MERKLE_MISMATCH"),
    },
    {
      name: "merkle-forged-document-hash",
      description:
        "A field changed and the document hash recomputed by the forger: the proof no longer reaches the root.",
      credential: (() => {
        const forged = withSubject(c0, { grade: "ممتاز" }) as Credential;
        return withProof(forged, {
          documentHash: documentHash(fieldHashes(forged, forged.proof.salts, forged.proof.hidden)),
        });
      })(),
      chain: "base",
      intent: INVALID("MERKLE_PROOF", "MERKLE_MISMATCH"),
    },
    {
      name: "merkle-root-changed",
      description: "The root changed; nothing else.",
      credential: withProof(c0, { root: nextHex(c0.proof.root) }),
      chain: "base",
      intent: INVALID("MERKLE_PROOF", "MERKLE_MISMATCH"),
    },

    // ANCHORED.
    {
      name: "anchored-untrusted-registry",
      description: "Signed for and anchored in a registry the verifier does not trust.",
      credential: elsewhere.credentials[0],
      chain: "base",
      intent: INVALID("ANCHORED", "ANCHORED_UNTRUSTED_REGISTRY"),
    },
    {
      name: "anchored-untrusted-chain",
      description: "Signed for chain 1, which the verifier does not trust.",
      credential: otherChain.credentials[0],
      chain: "base",
      intent: INVALID("ANCHORED", "ANCHORED_UNTRUSTED_REGISTRY"),
    },
    {
      name: "anchored-not-found",
      description: "The batch was never anchored.",
      credential: c0,
      chain: "not-anchored",
      intent: INVALID("ANCHORED", "ANCHORED_NOT_FOUND"),
    },
    {
      name: "anchored-only-by-another-university",
      description: "Another university anchored the root (a front-run); the named university never did.",
      credential: c0,
      chain: "anchored-by-another-university-only",
      intent: INVALID("ANCHORED", "ANCHORED_NOT_FOUND"),
    },
    {
      name: "anchored-wrong-count",
      description: "The registry records 5 certificates, the signed statement 3.",
      credential: c0,
      chain: "anchored-with-another-count",
      intent: INVALID("ANCHORED", "ANCHORED_WRONG_COUNT"),
    },

    // ISSUER_SIGNATURE.
    {
      name: "signature-stated-signer-differs",
      description: "proof.signer names another key than the one that signed.",
      credential: withProof(c0, { signer: OTHER_UNIVERSITY.operator }),
      chain: "base",
      intent: INVALID("ISSUER_SIGNATURE", "SIGNATURE_MISMATCH"),
    },
    {
      name: "signature-key-revoked-before-anchoring",
      description: "The key's window ended before the anchor (a revocation dated back to a compromise).",
      credential: c0,
      chain: "key-revoked-before-anchoring",
      intent: INVALID("ISSUER_SIGNATURE", "SIGNATURE_KEY_NOT_VALID"),
    },
    {
      name: "signature-key-not-valid-yet",
      description: "The key's window starts after the anchor.",
      credential: c0,
      chain: "key-valid-only-after-anchoring",
      intent: INVALID("ISSUER_SIGNATURE", "SIGNATURE_KEY_NOT_VALID"),
    },
    {
      name: "signature-key-of-another-university",
      description: "The signing key belongs to university 4.",
      credential: c0,
      chain: "key-of-another-university",
      intent: INVALID("ISSUER_SIGNATURE", "SIGNATURE_KEY_NOT_VALID"),
    },

    // ISSUER_ACCREDITED.
    {
      name: "accredited-unknown-university",
      description: "Anchored under university 9, which the registry does not know.",
      credential: unknown.credentials[0],
      chain: "base",
      intent: INVALID("ISSUER_ACCREDITED", "ACCREDITED_UNKNOWN_UNIVERSITY"),
    },
    {
      name: "accredited-wrong-country",
      description: "The registry records the university in Egypt.",
      credential: c0,
      chain: "registered-in-another-country",
      intent: INVALID("ISSUER_ACCREDITED", "ACCREDITED_WRONG_COUNTRY"),
    },
    {
      name: "accredited-claims-another-country",
      description: "Signed and anchored by university 3 under the country EG.",
      credential: claimsOtherCountry.credentials[0],
      chain: "base",
      intent: INVALID("ISSUER_ACCREDITED", "ACCREDITED_WRONG_COUNTRY"),
    },
    {
      name: "accredited-claims-another-operator",
      description: "Signed and anchored by university 3 naming another operator address.",
      credential: claimsOtherOperator.credentials[0],
      chain: "base",
      intent: INVALID("ISSUER_ACCREDITED", "ACCREDITED_WRONG_ADDRESS"),
    },
    {
      name: "accredited-claims-another-name",
      description: "Signed and anchored by university 3 under university 4's names.",
      credential: claimsOther.credentials[0],
      chain: "base",
      intent: INVALID("ISSUER_ACCREDITED", "ACCREDITED_WRONG_NAME"),
    },
    {
      name: "accredited-suspended-before-anchoring",
      description: "The university was suspended before it anchored.",
      credential: c0,
      chain: "suspended-before-anchoring",
      intent: INVALID("ISSUER_ACCREDITED", "ACCREDITED_NOT_AT_ANCHOR_TIME"),
    },
    {
      name: "accredited-anchored-while-suspended",
      description: "Anchored between a suspension and the reinstatement.",
      credential: c0,
      chain: "suspended-then-reinstated-around-anchoring",
      intent: INVALID("ISSUER_ACCREDITED", "ACCREDITED_NOT_AT_ANCHOR_TIME"),
    },
    {
      name: "accredited-ministry-removed-before-anchoring",
      description: "The country's ministry was removed before the anchor.",
      credential: c0,
      chain: "ministry-removed-before-anchoring",
      intent: INVALID("ISSUER_ACCREDITED", "ACCREDITED_NOT_AT_ANCHOR_TIME"),
    },

    // NOT_REVOKED and NOT_EXPIRED.
    {
      name: "revoked-certificate",
      description: "The certificate was revoked for fraud.",
      credential: c0,
      chain: "certificate-revoked",
      intent: { check: "NOT_REVOKED", status: "INVALID", code: "REVOKED_CERTIFICATE", verdict: "REVOKED" },
    },
    {
      name: "revoked-batch-mate-stays-valid",
      description: "A batch-mate of a revoked certificate.",
      credential: c1,
      chain: "certificate-revoked",
      intent: VALID("NOT_REVOKED", "NOT_REVOKED_OK"),
    },
    {
      name: "revoked-batch",
      description: "The whole batch was revoked for a data error.",
      credential: c1,
      chain: "batch-revoked",
      intent: { check: "NOT_REVOKED", status: "INVALID", code: "REVOKED_BATCH", verdict: "REVOKED" },
    },
    {
      name: "expired",
      description: "Verified after validUntil.",
      credential: expiring.credentials[0],
      chain: "base",
      now: "2027-07-01T00:00:00Z",
      intent: INVALID("NOT_EXPIRED", "EXPIRED"),
    },
    {
      name: "not-yet-valid",
      description: "Verified before validFrom.",
      credential: c0,
      chain: "base",
      now: "2026-07-01T08:59:59Z",
      intent: INVALID("NOT_EXPIRED", "NOT_YET_VALID"),
    },

    // The chain cannot be read: never INVALID.
    {
      name: "chain-unreachable",
      description: "No node answers.",
      credential: c0,
      chain: null,
      intent: { check: "ANCHORED", status: "ERROR", code: "CHAIN_UNREACHABLE", verdict: "CANNOT_CHECK" },
    },
    {
      name: "chain-of-another-id",
      description: "The node serves chain 1, not the deployment's chain.",
      credential: c0,
      chain: "node-of-another-chain",
      intent: { check: "ANCHORED", status: "ERROR", code: "CHAIN_MISMATCH", verdict: "CANNOT_CHECK" },
    },
  ];

  const vectors = [];
  for (const { intent, chain, now = NOW, trustedDeployments = [DEPLOYMENT], ...rest } of cases) {
    const question = {
      credential: rest.credential,
      trustedDeployments,
      chain: chain === null ? null : (chainStates[chain] as ChainState),
      now,
    };
    const answer: ConformanceAnswer = await answerConformanceQuestion(JSON.parse(JSON.stringify(question)));
    const shown = answer.checks.find((check) => check.name === intent.check);
    if (answer.verdict !== intent.verdict || shown?.status !== intent.status || shown.code !== intent.code) {
      throw new Error(`vector ${rest.name}: meant ${JSON.stringify(intent)}, verified ${JSON.stringify(answer)}`);
    }
    vectors.push({ ...rest, input: { credential: rest.credential, trustedDeployments, chain, now }, expected: answer });
  }
  return {
    description: "Conformance vectors of the Tasdiq credential format, version 1: see docs/conformance.md.",
    chainStates,
    vectors: vectors.map(({ name, description, input, expected }) => ({ name, description, input, expected })),
  };
}

export const CONFORMANCE_VECTORS_FILE = path.join(__dirname, "..", "docs", "conformance-vectors.json");

if (require.main === module) {
  void computeConformanceVectors().then((vectors) => {
    writeFileSync(CONFORMANCE_VECTORS_FILE, `${JSON.stringify(vectors, null, 2)}\n`);
    console.log(`wrote ${vectors.vectors.length} vectors to ${path.relative(process.cwd(), CONFORMANCE_VECTORS_FILE)}`);
  });
}

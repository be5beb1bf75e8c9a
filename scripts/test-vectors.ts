import { writeFileSync } from "node:fs";
import path from "node:path";
import { Wallet, getBytes, keccak256, toUtf8Bytes } from "ethers";
import {
  assembleCredential,
  batchDigest,
  canonicalJson,
  draftCredential,
  encodeShortCode,
  encodeVerifierUrl,
  encryptCredential,
  fieldValue,
  leafOf,
  normalizeText,
  presentFields,
  sealBatch,
} from "../core";
import type { CredentialSubject, FieldPath, JsonValue } from "../core";

/**
 * The inputs of the published test vectors: everything random is fixed (salts, ids, secrets, IVs,
 * the signer key) so that every byte can be recomputed by an independent implementation.
 */
export const VECTOR_INPUTS = {
  chainId: 31337,
  /** The CertificateRegistry of the local deployment (`npm start`, and the tests' fresh nodes). */
  registry: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
  verifierBase: "https://verify.tasdiq.example",
  /** Private key of the signer: keccak256("tasdiq test vector signer"). Public and worthless. */
  signerKey: keccak256(toUtf8Bytes("tasdiq test vector signer")),
  issuer: {
    universityId: 3,
    operator: "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
    country: "JO",
    name: { ar: "الجامعة الأردنية", en: "The University of Jordan", fr: "Université de Jordanie" },
  },
  validFrom: "2026-07-01T09:00:00Z",
  credentials: [
    {
      credentialId: "0123456789abcdef",
      secret: "000102030405060708090a0b0c0d0e0f",
      iv: "a0a1a2a3a4a5a6a7a8a9aaab",
      subject: {
        nameAr: "لَيْلى عبد الرَّحْمن",
        nameLatin: "Layla Abdulrahman",
        identifier: "9876543210",
        degree: "doctorate",
        programme: { ar: "الكيمياء الحيوية", en: "Biochemistry", fr: "Biochimie" },
        graduationDate: "2026-01-12",
        grade: "مشرف جدًا",
        honours: "مع مرتبة الشرف",
      },
    },
    {
      credentialId: "fedcba9876543210",
      secret: "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
      iv: "b0b1b2b3b4b5b6b7b8b9babb",
      subject: {
        nameAr: "يوسف (أبو خالد) الهاشمي",
        nameLatin: "Youssef Al-Hashimi",
        identifier: "2025/00042",
        degree: "master",
        programme: {
          ar: "إدارة الأعمال (MBA)",
          en: "Business Administration (MBA)",
          fr: "Administration des affaires (MBA)",
        },
        graduationDate: "2025-09-01",
        grade: "3.85/4.00",
      },
    },
    {
      credentialId: "00000000000000ff",
      secret: "ffffffffffffffffffffffffffffffff",
      iv: "c0c1c2c3c4c5c6c7c8c9cacb",
      subject: {
        nameAr: "سلمى الأنصاري-الإدريسي",
        nameLatin: "Salma El Ansari-Idrissi",
        identifier: "AB-123456",
        degree: "master",
        programme: { ar: "الهندسة المدنية", en: "Civil Engineering", fr: "Génie civil" },
        graduationDate: "2026-02-14",
        grade: "16.5/20",
      },
    },
  ] satisfies { credentialId: string; secret: string; iv: string; subject: CredentialSubject }[],
};

/** Salt of field number `n` (in FIELD_PATHS order) of credential number `c`: 32 bytes, all `c*16+n`. */
export function fixedSalts(c: number): (length: number) => Uint8Array {
  let n = 0;
  return (length) => new Uint8Array(length).fill((c * 16 + n++) & 0xff);
}

/** Computes every published value from {@link VECTOR_INPUTS}. */
export async function computeVectors() {
  const inputs = VECTOR_INPUTS;
  const drafts = inputs.credentials.map((c, i) =>
    draftCredential(
      { subject: c.subject, credentialId: c.credentialId, validFrom: new Date(inputs.validFrom) },
      inputs.issuer,
      fixedSalts(i),
    ),
  );
  const context = {
    chainId: inputs.chainId,
    registry: inputs.registry,
    universityId: inputs.issuer.universityId,
    signer: new Wallet(inputs.signerKey),
  };
  const batch = await sealBatch(
    drafts.map((d) => d.documentHash),
    context,
  );
  const credentials = await Promise.all(
    drafts.map(async (draft, i) => {
      const input = inputs.credentials[i] as (typeof inputs.credentials)[number];
      const credential = assembleCredential(draft, batch, batch.proofs[i] ?? [], context);
      const fields = presentFields(draft.credential).map((path: FieldPath) => {
        const preimage = canonicalJson([
          path,
          draft.salts[path] as string,
          normalizeText(fieldValue(draft.credential, path) as JsonValue),
        ]);
        return { path, salt: draft.salts[path], canonical: preimage, hash: keccak256(toUtf8Bytes(preimage)) };
      });
      const locator = {
        chainId: inputs.chainId,
        universityId: inputs.issuer.universityId,
        credentialId: input.credentialId,
        secret: getBytes(`0x${input.secret}`),
      };
      return {
        fields,
        documentHashPreimage: canonicalJson(Object.fromEntries(fields.map((f) => [f.path, f.hash]))),
        documentHash: draft.documentHash,
        leaf: leafOf(draft.documentHash),
        merkleProof: batch.proofs[i],
        verifierUrl: encodeVerifierUrl(inputs.verifierBase, locator),
        shortCode: encodeShortCode(locator),
        encrypted: await encryptCredential(
          canonicalJson(credential as unknown as JsonValue),
          locator.secret,
          input.credentialId,
          getBytes(`0x${input.iv}`),
        ),
        credential,
      };
    }),
  );
  const statement = {
    chainId: inputs.chainId,
    registry: inputs.registry,
    root: batch.root,
    count: batch.count,
    issuer: inputs.issuer.universityId,
  };
  return {
    inputs,
    batch: {
      root: batch.root,
      count: batch.count,
      eip712Digest: batchDigest(statement),
      signer: batch.signer,
      signature: batch.signature,
    },
    credentials,
  };
}

export const VECTORS_FILE = path.join(__dirname, "..", "docs", "test-vectors.json");

if (require.main === module) {
  void computeVectors().then((vectors) => {
    writeFileSync(VECTORS_FILE, JSON.stringify(vectors, null, 2) + "\n");
    console.log(`wrote ${path.relative(process.cwd(), VECTORS_FILE)}`);
  });
}

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Wallet } from "ethers";
import {
  assembleCredential,
  draftCredential,
  encodeShortCode,
  encodeVerifierUrl,
  newCredentialId,
  sealBatch,
} from "../../core";
import type { CredentialSubject, LocalizedText, RandomBytes } from "../../core";
import type { CertificateInput } from "../../server/pdf";

export interface FixtureUniversity {
  country: string;
  name: LocalizedText;
}

/** The universities of test/fixtures/universities.tsv. */
export function fixtureUniversities(): FixtureUniversity[] {
  const file = path.join(__dirname, "..", "fixtures", "universities.tsv");
  const [, ...rows] = readFileSync(file, "utf8").trim().split("\n");
  return rows.map((row) => {
    const [country = "", ar = "", en = "", fr = ""] = row.split("\t");
    return { country, name: { ar, en, fr } };
  });
}

/** Most member states call their ministry this; the certificate takes whatever the IssuerRegistry holds. */
export const MINISTRY: LocalizedText = {
  ar: "وزارة التعليم العالي والبحث العلمي",
  en: "Ministry of Higher Education and Scientific Research",
  fr: "Ministère de l'Enseignement supérieur et de la Recherche scientifique",
};

const VERIFIER = { base: "https://verify.tasdiq.example", address: "verify.tasdiq.example" };

/** Deterministic bytes (SHA-256 in counter mode) for reproducible samples. Not for real credentials. */
export function seededRandom(seed: string): RandomBytes {
  let counter = 0;
  return (length) => {
    const out = new Uint8Array(length);
    for (let filled = 0; filled < length; filled += 32) {
      out.set(
        createHash("sha256")
          .update(`${seed}:${counter++}`)
          .digest()
          .subarray(0, length - filled),
        filled,
      );
    }
    return out;
  };
}

export interface IssueOptions {
  university?: FixtureUniversity;
  universityId?: number;
  validFrom?: Date;
  random?: RandomBytes;
  /** Private key of the batch signer; a fresh one by default. */
  signerKey?: string;
}

/**
 * Certificate inputs for `subjects` issued as one batch the way the issuance server does (drafted,
 * sealed with an EIP-712 signature, assembled), with their verifier URLs and short codes. No chain:
 * the PDF needs none.
 */
export async function issueCertificateInputs(
  subjects: readonly CredentialSubject[],
  options: IssueOptions = {},
): Promise<CertificateInput[]> {
  const university = options.university ?? {
    country: "JO",
    name: { ar: "الجامعة الأردنية", en: "The University of Jordan", fr: "Université de Jordanie" },
  };
  const universityId = options.universityId ?? 3;
  const random = options.random ?? ((length: number) => crypto.getRandomValues(new Uint8Array(length)));
  const signer = new Wallet(options.signerKey ?? Wallet.createRandom().privateKey);
  const context = { chainId: 31337, registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3", universityId, signer };
  const issuer = {
    universityId,
    operator: "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
    country: university.country,
    name: university.name,
  };
  const validFrom = options.validFrom ?? new Date("2026-07-01T09:00:00Z");
  const drafts = subjects.map((subject) =>
    draftCredential({ subject, credentialId: newCredentialId(random), validFrom }, issuer, random),
  );
  const batch = await sealBatch(
    drafts.map((draft) => draft.documentHash),
    context,
  );
  return drafts.map((draft, i) => {
    const credential = assembleCredential(draft, batch, batch.proofs[i] ?? [], context);
    const locator = { universityId, credentialId: credential.id.slice(-16), secret: random(16) };
    return {
      credential,
      university,
      ministry: { name: MINISTRY },
      verification: {
        url: encodeVerifierUrl(VERIFIER.base, { ...locator, chainId: context.chainId }),
        shortCode: encodeShortCode(locator),
        address: VERIFIER.address,
      },
    };
  });
}

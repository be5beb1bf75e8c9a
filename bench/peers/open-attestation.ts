import { validateSchema, wrapDocuments } from "@govtechsg/open-attestation";
import { isValid, openAttestationHash } from "@govtechsg/oa-verify";
import { ISSUER, SUBJECTS, report, timed } from "./dataset";

/**
 * OpenAttestation (v2 documents) building one batch of every certificate of the dataset
 * (`wrapDocuments`: salting, hashing, Merkle tree and proofs), or verifying each offline: its schema
 * and its integrity (oa-verify's OpenAttestationHash: target hash and Merkle proof). The issuance
 * status needs a chain and the DNS identity a network, so neither is run, as for Tasdiq.
 * Usage: open-attestation.ts build|verify
 */
const [operation] = process.argv.slice(2);

const documents = SUBJECTS.map((subject, i) => ({
  $template: {
    name: "CERTIFICATE",
    type: "EMBEDDED_RENDERER",
    url: "https://university.example/renderer",
  },
  issuers: [
    {
      name: ISSUER.name.en,
      documentStore: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      identityProof: { type: "DNS-TXT", location: "university.example" },
    },
  ],
  id: `urn:uuid:${i}`,
  issuedOn: "2026-07-01T09:00:00Z",
  recipient: { name: subject.nameAr },
  credentialSubject: subject,
}));

async function main(): Promise<void> {
  if (operation === "build") {
    report(await timed(() => void wrapDocuments(documents)));
    return;
  }
  const wrapped = wrapDocuments(documents);
  // The hash check needs no provider or resolver.
  report(
    await timed(async () => {
      for (const document of wrapped) {
        if (!validateSchema(document)) throw new Error("schema");
        const fragment = await openAttestationHash.verify(document, {});
        if (!isValid([fragment], ["DOCUMENT_INTEGRITY"])) throw new Error(`not verified: ${JSON.stringify(fragment)}`);
      }
    }),
  );
}

void main();

import * as vc from "@digitalbazaar/vc";
import { contexts as credentialContexts } from "@digitalbazaar/credentials-context";
import { contexts as dataIntegrityContexts } from "@digitalbazaar/data-integrity-context";
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite as eddsaRdfc2022 } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import { cryptosuite as ecdsaRdfc2019 } from "@digitalbazaar/ecdsa-rdfc-2019-cryptosuite";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import * as EcdsaMultikey from "@digitalbazaar/ecdsa-multikey";
import { ISSUER, SUBJECTS, report, timed } from "./dataset";

/**
 * W3C Data Integrity (VC 2.0, RDF canonicalisation) signing or verifying every credential of the
 * dataset, offline: every context and the issuer's key come from a local document loader.
 * Usage: data-integrity.ts eddsa|ecdsa sign|verify
 */
const [suiteName, operation] = process.argv.slice(2);
const CONTROLLER = "https://university.example/issuer";
const KEY_ID = `${CONTROLLER}#key-1`;
// The Multikey context is not published in a package; this is its content (w3id.org/security/multikey/v1).
const MULTIKEY_CONTEXT = {
  "@context": {
    id: "@id",
    type: "@type",
    "@protected": true,
    Multikey: {
      "@id": "https://w3id.org/security#Multikey",
      "@context": {
        "@protected": true,
        id: "@id",
        type: "@type",
        controller: { "@id": "https://w3id.org/security#controller", "@type": "@id" },
        revoked: { "@id": "https://w3id.org/security#revoked", "@type": "http://www.w3.org/2001/XMLSchema#dateTime" },
        expires: {
          "@id": "https://w3id.org/security#expiration",
          "@type": "http://www.w3.org/2001/XMLSchema#dateTime",
        },
        publicKeyMultibase: {
          "@id": "https://w3id.org/security#publicKeyMultibase",
          "@type": "https://w3id.org/security#multibase",
        },
        secretKeyMultibase: {
          "@id": "https://w3id.org/security#secretKeyMultibase",
          "@type": "https://w3id.org/security#multibase",
        },
      },
    },
  },
};

async function main(): Promise<void> {
  const key =
    suiteName === "eddsa"
      ? await Ed25519Multikey.generate({ id: KEY_ID, controller: CONTROLLER })
      : await EcdsaMultikey.generate({ id: KEY_ID, controller: CONTROLLER, curve: "P-256" });
  const cryptosuite = suiteName === "eddsa" ? eddsaRdfc2022 : ecdsaRdfc2019;
  const publicKey = await key.export({ publicKey: true, includeContext: true });
  const documents = new Map<string, unknown>([
    ...credentialContexts,
    ...dataIntegrityContexts,
    ["https://w3id.org/security/multikey/v1", MULTIKEY_CONTEXT],
    [KEY_ID, publicKey],
    [
      CONTROLLER,
      {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        id: CONTROLLER,
        assertionMethod: [publicKey],
      },
    ],
  ]);
  const documentLoader = async (url: string) => {
    const document = documents.get(url.split("#")[0] === CONTROLLER && url !== KEY_ID ? CONTROLLER : url);
    if (document === undefined) throw new Error(`no local copy of ${url}`);
    return { contextUrl: null, documentUrl: url, document };
  };
  const credentials = SUBJECTS.map((subject, i) => ({
    // The undefined-terms context maps the certificate's own fields (nameAr, programme, …) to IRIs.
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/undefined-terms/v2"],
    type: ["VerifiableCredential", "AcademicCredential"],
    id: `urn:uuid:${i}`,
    issuer: { id: CONTROLLER, name: ISSUER.name.en },
    validFrom: "2026-07-01T09:00:00Z",
    credentialSubject: subject,
  }));
  const signSuite = new DataIntegrityProof({ signer: key.signer(), cryptosuite });
  if (operation === "sign") {
    report(
      await timed(async () => {
        for (const credential of credentials) await vc.issue({ credential, suite: signSuite, documentLoader });
      }),
    );
    return;
  }
  const signed: object[] = [];
  for (const credential of credentials) signed.push(await vc.issue({ credential, suite: signSuite, documentLoader }));
  const verifySuite = new DataIntegrityProof({ cryptosuite });
  report(
    await timed(async () => {
      for (const credential of signed) {
        const result = await vc.verifyCredential({ credential, suite: verifySuite, documentLoader });
        if (!result.verified) throw new Error(`not verified: ${JSON.stringify(result.error ?? result)}`);
      }
    }),
  );
}

void main();

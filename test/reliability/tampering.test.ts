import { expect } from "chai";
import { PDFArray, PDFDict, PDFDocument, PDFName } from "pdf-lib";
import { afterAll, beforeAll, describe, it } from "vitest";
import {
  Credential,
  cachedChainReader,
  createEthersChainReader,
  decodeVerifierUrl,
  encodeShortCode,
  encodeVerifierUrl,
  verdictOf,
  verifyCredential,
} from "../../core";
import type { CheckName, CredentialLocator, VerifyOptions } from "../../core";
import { renderCertificatePdf } from "../../server/pdf";
import { JORDAN, accreditUniversity, startTestChain } from "../helpers/chain";
import type { TestChain, TestUniversity } from "../helpers/chain";
import { fixtureGraduates, issueRequests } from "../helpers/graduates";
import { issueBatch } from "../helpers/issue";
import { decodeQrCode, pdftotext, readWithPdfjs } from "../helpers/pdf";
import { apiCall, confirmedCertificate, eventually, startTestServer } from "../helpers/server";
import type { Api, TestServer } from "../helpers/server";
import { MUTATIONS, SWAPS, flipHex } from "../helpers/tampering";
import { printFigures } from "./settings";

/** A certificate as the server issued it: the credential and the links printed on it. */
interface Issued {
  id: string;
  credential: Credential;
  verifierUrl: string;
  shortCode: string;
}

/** One tampered input and what must reject it: a named check of the verifier, or an API error code. */
type Entry =
  | { kind: string; check: CheckName; document: unknown; now?: Date }
  | { kind: string; refusal: [status: number, code: string]; body: object };

describe("tampering: a corpus of mutated certificates issued against a real node", () => {
  let chain: TestChain;
  let jordan: TestUniversity;
  let yarmouk: TestUniversity;
  let server: TestServer;
  let registrar: Api;
  let options: VerifyOptions;

  /** Issues `requests` in one bulk request and waits until they are anchored. */
  const issue = async (api: Api, requests: object[]): Promise<Issued[]> => {
    const { certificates } = (await api("POST", "/api/certificates/bulk", { certificates: requests })).body;
    return Promise.all(
      certificates.map(async ({ id }: { id: string }) => {
        const record = await confirmedCertificate(api, id);
        return {
          id,
          credential: Credential.parse(record.credential),
          verifierUrl: record.verifierUrl,
          shortCode: record.shortCode,
        };
      }),
    );
  };

  beforeAll(async () => {
    chain = await startTestChain();
    jordan = await accreditUniversity(chain, { operatorIndex: 2 });
    yarmouk = await accreditUniversity(chain, { operatorIndex: 3 });
    server = await startTestServer(chain, [jordan, yarmouk], {
      staff: [
        { universityId: jordan.id, email: "registrar@ju.edu.jo", role: "registrar" },
        { universityId: yarmouk.id, email: "registrar@yu.edu.jo", role: "registrar" },
      ],
    });
    registrar = await server.login("registrar@ju.edu.jo");
    const reader = cachedChainReader(createEthersChainReader(chain.provider, chain.deployment), 600_000);
    options = chain.verifyOptions({ chainReader: () => reader });
  });
  afterAll(async () => {
    await server?.stop();
    await chain?.stop();
  });

  it("rejects every one of over 200 mutations with the check named for its kind, and accepts none as valid", async () => {
    // Two batches of the University of Jordan, one of Yarmouk University, one certificate with an end date.
    const jordanians = [
      ...(await issue(registrar, issueRequests("TAMPER-A", 5))),
      ...(await issue(registrar, issueRequests("TAMPER-B", 3, 5))),
    ];
    const [fromYarmouk] = await issue(await server.login("registrar@yu.edu.jo"), issueRequests("TAMPER-Y", 1));
    const [expiring] = await issue(registrar, [{ ...issueRequests("TAMPER-E", 1)[0], validUntil: "2031-07-01" }]);
    const [revoked, inRevokedBatch] = [
      ...(await issue(registrar, issueRequests("TAMPER-R", 1))),
      ...(await issue(registrar, issueRequests("TAMPER-RB", 1))),
    ];
    await registrar("POST", `/api/certificates/${revoked!.id}/revoke`, { reason: 2 });
    await registrar(
      "POST",
      `/api/batches/${(await registrar("GET", `/api/certificates/${inRevokedBatch!.id}`)).body.batchId}/revoke`,
      { reason: 1 },
    );
    await eventually(
      () =>
        (server.context.db
          .prepare("SELECT COUNT(*) FROM revocations WHERE status = 'confirmed'")
          .pluck()
          .get() as number) === 2
          ? true
          : undefined,
      30_000,
      "revocations on chain",
    );
    for (const issued of [...jordanians, fromYarmouk!, expiring!])
      expect(verdictOf(await verifyCredential(issued.credential, options)), issued.id).to.equal("VALID");

    const corpus: Entry[] = [];
    jordanians.forEach(({ credential }, i) => {
      for (const mutation of MUTATIONS)
        corpus.push({ kind: mutation.name, check: mutation.check, document: mutation.apply(credential, i * 7 + 3) });
      // Swapped with a certificate disclosing the same fields (with or without honours), so the salts fit.
      const twin = jordanians.find(
        (o, j) =>
          j !== i &&
          (o.credential.credentialSubject.honours === undefined) ===
            (credential.credentialSubject.honours === undefined),
      )!;
      for (const swap of SWAPS) {
        const other = swap.name.includes("university") ? fromYarmouk!.credential : twin.credential;
        corpus.push({ kind: swap.name, check: swap.check, document: swap.apply(credential, other) });
      }
      corpus.push(...qrEntries(jordanians[i]!, jordanians[(i + 3) % jordanians.length]!));
    });
    corpus.push(...(await replays(chain, jordan, yarmouk)));
    const validFrom = Date.parse(expiring!.credential.validFrom);
    corpus.push(
      {
        kind: "presented after its end date",
        check: "NOT_EXPIRED",
        document: expiring!.credential,
        now: new Date("2031-07-02T00:00:00Z"),
      },
      {
        kind: "presented before its start",
        check: "NOT_EXPIRED",
        document: expiring!.credential,
        now: new Date(validFrom - 86_400_000),
      },
      { kind: "revoked certificate", check: "NOT_REVOKED", document: revoked!.credential },
      { kind: "certificate of a revoked batch", check: "NOT_REVOKED", document: inRevokedBatch!.credential },
    );
    corpus.push(...(await pdfEntries(jordanians[0]!, jordanians[1]!)));

    const failures: string[] = [];
    let acceptedAsValid = 0;
    const byKind = new Map<string, { expected: string; count: number }>();
    for (const entry of corpus) {
      const expected = "check" in entry ? entry.check : entry.refusal.join(" ");
      byKind.set(entry.kind, { expected, count: (byKind.get(entry.kind)?.count ?? 0) + 1 });
      if ("check" in entry) {
        const fragments = await verifyCredential(JSON.parse(JSON.stringify(entry.document)), {
          ...options,
          now: entry.now && (() => entry.now as Date),
        });
        const named = fragments.find((f) => f.name === entry.check);
        if (verdictOf(fragments) === "VALID") acceptedAsValid += 1;
        if (named?.status !== "INVALID" || verdictOf(fragments) === "VALID")
          failures.push(
            `${entry.kind}: ${entry.check} is ${named?.status} (${named?.reason.code}), verdict ${verdictOf(fragments)}`,
          );
      } else {
        const response = await apiCall(server.url, "POST", "/api/verify", entry.body);
        if (response.body.verdict === "VALID") acceptedAsValid += 1;
        if (response.status !== entry.refusal[0] || response.body.error?.code !== entry.refusal[1])
          failures.push(`${entry.kind}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
      }
    }
    console.table([...byKind].map(([kind, { expected, count }]) => ({ kind, "rejected by": expected, count })));
    printFigures("Tampering corpus", {
      "tampered inputs (from certificates issued by the server on a real node)": corpus.length,
      "kinds of tampering": byKind.size,
      "accepted as valid": acceptedAsValid,
      "not rejected by the check named for their kind": failures.length,
    });
    expect(acceptedAsValid).to.equal(0);
    expect(failures).to.deep.equal([]);
    expect(corpus.length).to.be.at.least(200);
  }, 240_000);

  it("shows the holder of the attached credential, not the name edited on a PDF's page", async () => {
    const [original] = await issue(registrar, issueRequests("TAMPER-PDF", 1));
    const forged = forgeName(original!.credential);
    // The forger edits the printed name but cannot change the attached credential without breaking it.
    const pdf = await withAttachment(await renderFor(original!, forged), original!.credential);
    expect(pdftotext(pdf)).to.include(forged.credentialSubject.nameLatin);
    const attached = await attachedCredential(pdf);
    expect(verdictOf(await verifyCredential(attached, options))).to.equal("VALID");
    expect((attached as Credential).credentialSubject.nameLatin).to.equal(
      original!.credential.credentialSubject.nameLatin,
    );
  }, 60_000);

  /** QR links and typed codes that point elsewhere than the certificate they are printed on. */
  function qrEntries(certificate: Issued, other: Issued): Entry[] {
    const locator = decodeVerifierUrl(certificate.verifierUrl);
    const base = certificate.verifierUrl.slice(0, certificate.verifierUrl.indexOf("/v#"));
    const link = (patch: Partial<CredentialLocator>) => ({ url: encodeVerifierUrl(base, { ...locator, ...patch }) });
    const code = certificate.shortCode.replace(/-/g, "");
    const typo = code.slice(0, 5) + (code[5] === "7" ? "8" : "7") + code.slice(6);
    return [
      {
        kind: "QR: another certificate's id with this secret",
        refusal: [422, "DECRYPTION_FAILED"],
        body: link({ credentialId: other.id }),
      },
      {
        kind: "QR: secret changed",
        refusal: [422, "DECRYPTION_FAILED"],
        body: link({ secret: locator.secret.map((b, i) => (i === 0 ? b ^ 1 : b)) }),
      },
      { kind: "QR: another chain", refusal: [422, "UNTRUSTED_CHAIN"], body: link({ chainId: locator.chainId + 1 }) },
      {
        kind: "QR: a certificate that does not exist",
        refusal: [404, "NOT_FOUND"],
        body: link({ credentialId: flipHex(`0x${certificate.id}`, 1).slice(2) }),
      },
      { kind: "typed code: one symbol changed", refusal: [400, "CODE_CHECK_FAILED"], body: { code: typo } },
      {
        kind: "typed code: another certificate's id with this secret",
        refusal: [422, "DECRYPTION_FAILED"],
        body: { code: encodeShortCode({ ...locator, credentialId: other.id }) },
      },
    ];
  }

  /**
   * Batches replayed across universities: Jordan's batch anchored by Yarmouk's operator first, Jordan's
   * statement signed with Yarmouk's key, and a batch of Yarmouk that claims to be Jordan's.
   */
  async function replays(c: TestChain, owner: TestUniversity, intruder: TestUniversity): Promise<Entry[]> {
    const subjects = fixtureGraduates().slice(0, 3);
    const frontRun = await issueBatch(c, owner, subjects, { anchor: false });
    await (
      await c.certificateRegistry.connect(intruder.operator).anchor(frontRun.batch.root, frontRun.batch.count)
    ).wait();
    const foreignKey = await issueBatch(c, { ...owner, signer: intruder.signer }, subjects);
    const impostor = await issueBatch(c, { ...intruder, identity: owner.identity }, subjects);
    return [
      ...frontRun.credentials.map((document): Entry => ({
        kind: "replay: batch anchored by another university",
        check: "ANCHORED",
        document,
      })),
      ...foreignKey.credentials.map((document): Entry => ({
        kind: "replay: batch signed with another university's key",
        check: "ISSUER_SIGNATURE",
        document,
      })),
      ...impostor.credentials.map((document): Entry => ({
        kind: "replay: another university's batch relabelled",
        check: "ANCHORED",
        document,
      })),
    ];
  }

  /** Certificate PDFs altered after issuance, read the way the verifier page reads an uploaded PDF. */
  async function pdfEntries(certificate: Issued, other: Issued): Promise<Entry[]> {
    const forged = forgeName(certificate.credential);
    const download = await fetch(`${server.url}/api/certificates/${certificate.id}/pdf`, {
      headers: { authorization: `Bearer ${registrar.token}` },
    });
    const issuedPdf = new Uint8Array(await download.arrayBuffer());
    const elsewhere = decodeVerifierUrl(certificate.verifierUrl);
    const qrElsewhere = encodeVerifierUrl(certificate.verifierUrl.slice(0, certificate.verifierUrl.indexOf("/v#")), {
      ...elsewhere,
      credentialId: other.id,
    });
    return [
      {
        kind: "PDF: attachment swapped for an edited credential",
        check: "INTEGRITY",
        document: await attachedCredential(await withAttachment(issuedPdf, forged)),
      },
      {
        kind: "PDF: name edited on the page and in the attachment",
        check: "INTEGRITY",
        document: await attachedCredential(await renderFor(certificate, forged)),
      },
      {
        kind: "PDF: QR code pointing to another certificate",
        refusal: [422, "DECRYPTION_FAILED"],
        body: { url: decodeQrCode(await renderFor(certificate, certificate.credential, qrElsewhere)) },
      },
    ];
  }
});

const forgeName = (credential: Credential): Credential => ({
  ...credential,
  credentialSubject: { ...credential.credentialSubject, nameLatin: "Forged Holder", nameAr: "حامل مزور" },
});

/** A certificate PDF as the server renders it, for `credential` (possibly forged) and a QR link (possibly elsewhere). */
function renderFor(certificate: Issued, credential: Credential, url = certificate.verifierUrl): Promise<Uint8Array> {
  return renderCertificatePdf({
    credential,
    university: { name: credential.issuer.name, country: credential.issuer.country },
    ministry: { name: JORDAN.names },
    verification: { url, shortCode: certificate.shortCode, address: new URL(url).host },
  });
}

/** `pdf` with the content of its attached credential.json replaced by `credential`. */
async function withAttachment(pdf: Uint8Array, credential: Credential): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf);
  const files = doc.catalog
    .lookup(PDFName.of("Names"), PDFDict)
    .lookup(PDFName.of("EmbeddedFiles"), PDFDict)
    .lookup(PDFName.of("Names"), PDFArray);
  const stream = doc.context.flateStream(new TextEncoder().encode(JSON.stringify(credential)), {
    Type: "EmbeddedFile",
    Subtype: "application/json",
  });
  files.lookup(1, PDFDict).lookup(PDFName.of("EF"), PDFDict).set(PDFName.of("F"), doc.context.register(stream));
  return doc.save();
}

/** The credential attached to a certificate PDF, read with pdf.js as the verifier page does. */
async function attachedCredential(pdf: Uint8Array): Promise<unknown> {
  const attachment = Object.values((await readWithPdfjs(pdf)).attachments).find(
    (a) => a.filename === "credential.json",
  );
  return JSON.parse(new TextDecoder().decode(attachment?.content));
}

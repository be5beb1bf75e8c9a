import { expect } from "chai";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { CredentialSubject } from "../../core";
import { PdfRenderPool, PdfRenderPoolError, renderCertificatePdf } from "../../server/pdf";
import type { CertificateInput } from "../../server/pdf";
import { issueCertificateInputs } from "../helpers/certificates";
import { fixtureGraduates } from "../helpers/graduates";

describe("PdfRenderPool", () => {
  let inputs: CertificateInput[];
  let pool: PdfRenderPool;

  beforeAll(async () => {
    const graduates = fixtureGraduates();
    const subjects = Array.from({ length: 24 }, (_, i) => ({
      ...(graduates[i % graduates.length] as CredentialSubject),
      identifier: `POOL-${i}`,
    }));
    inputs = await issueCertificateInputs(subjects);
    pool = new PdfRenderPool({ size: 2 });
  });

  afterAll(() => pool.close());

  it("renders many certificates in parallel into valid PDFs, the same bytes as rendering in this thread", async () => {
    const pdfs = await Promise.all(inputs.map((input) => pool.render(input)));
    expect(pdfs).to.have.length(inputs.length);
    for (const [i, pdf] of pdfs.entries()) {
      expect(new TextDecoder().decode(pdf.subarray(0, 5))).to.equal("%PDF-");
      const doc = await PDFDocument.load(pdf);
      expect(doc.getPageCount()).to.equal(1);
      expect(doc.getSubject()).to.include((inputs[i] as CertificateInput).credential.id);
    }
    expect(
      Buffer.from(pdfs[3] as Uint8Array).equals(Buffer.from(await renderCertificatePdf(inputs[3] as CertificateInput))),
    ).to.equal(true);
  });

  it("rejects the render of an invalid credential and keeps working", async () => {
    const broken = {
      ...(inputs[0] as CertificateInput),
      credential: { ...(inputs[0] as CertificateInput).credential, id: "not an id" },
    };
    let failure: unknown;
    await pool.render(broken).catch((error: unknown) => (failure = error));
    expect(failure).to.be.instanceOf(PdfRenderPoolError);
    expect((failure as Error).message).to.include("urn:tasdiq:credential");
    expect((await pool.render(inputs[1] as CertificateInput)).length).to.be.greaterThan(1000);
  });

  it("finishes queued renders on close, then refuses new ones", async () => {
    const local = new PdfRenderPool({ size: 1 });
    const pending = inputs.slice(0, 3).map((input) => local.render(input));
    await local.close();
    expect((await Promise.all(pending)).every((pdf) => pdf.length > 1000)).to.equal(true);
    let refused: unknown;
    await local.render(inputs[0] as CertificateInput).catch((error: unknown) => (refused = error));
    expect(refused).to.be.instanceOf(PdfRenderPoolError);
  });
});

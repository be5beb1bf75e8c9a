import { timingSafeEqual } from "node:crypto";
import { Router } from "express";
import type { RequestHandler } from "express";
import { holderProof } from "../../core";
import type { HolderRequest } from "../../core";
import { DERIVED_CIPHERTEXT_MAX_CHARS, DerivedCredentialRequest, HolderPdfRequest } from "../../core/api";
import { certificateFileName, certificatePdf } from "../certificates/pdf";
import { CertificateIdParam } from "../certificates/schemas";
import { getCertificate } from "../certificates/service";
import type { AppContext } from "../context";
import { ApiError, notFound } from "../http/errors";
import { storeOf } from "../store";
import type { HeldCertificate } from "../store/derived-credentials";

/**
 * Derived credentials a certificate may have. Anyone holding the full link is its holder here, so the
 * bound also caps what one leaked link can make the server store (with the ciphertext's size).
 */
export const DERIVED_CREDENTIALS_PER_CERTIFICATE = 20;

/** How far a PDF request's time may be from the server's: a proof seen in passing soon stops working. */
export const HOLDER_PDF_WINDOW_SECONDS = 300;

/**
 * Browsers ask before a cross-origin JSON POST: the verifier page may be served from elsewhere. Every
 * origin is allowed by `publicRoutes`, mounted before these.
 */
const preflight: RequestHandler = (_request, response) => {
  response
    .set("Access-Control-Allow-Methods", "POST")
    .set("Access-Control-Allow-Headers", "Content-Type")
    .set("Access-Control-Max-Age", "600")
    .status(204)
    .end();
};

/**
 * What the holder of a certificate may ask without signing in, proving they hold its QR secret with
 * core's `holderProof` (the server keeps that secret to publish the credential): to store the
 * credential with subject fields hidden, encrypted in their browser under a new id and secret, and to
 * download the certificate's PDF. See docs/sharing.md.
 */
export function holderRoutes(context: AppContext): Router {
  const { derivedCredentials, transaction } = storeOf(context.db);
  const router = Router();

  /**
   * The certificate `id`, confirmed, when `proof` is the holder's proof of `request`. Unknown, not
   * anchored and wrong proof come first, so nothing is told about a certificate to one not holding it.
   */
  async function heldCertificate(id: string, proof: string, request: HolderRequest): Promise<HeldCertificate> {
    const certificate = derivedCredentials.held(id);
    if (!certificate) throw notFound();
    if (certificate.status !== "confirmed") throw new ApiError(404, "CREDENTIAL_NOT_READY");
    const expected = await holderProof(new Uint8Array(certificate.secret), id, request);
    if (!timingSafeEqual(Buffer.from(expected), Buffer.from(proof))) throw new ApiError(403, "HOLDER_PROOF_INVALID");
    if (certificate.revokedAt !== null) throw new ApiError(409, "CERTIFICATE_REVOKED");
    return certificate;
  }

  router.options(["/public/credentials/:id/derived", "/public/credentials/:id/pdf"], preflight);

  router.post("/public/credentials/:id/derived", async (request, response) => {
    const { id } = CertificateIdParam.parse(request.params);
    const { id: derivedId, encrypted, proof } = DerivedCredentialRequest.parse(request.body);
    if (encrypted.ciphertext.length > DERIVED_CIPHERTEXT_MAX_CHARS)
      throw new ApiError(413, "DERIVED_CREDENTIAL_TOO_LARGE", { limit: DERIVED_CIPHERTEXT_MAX_CHARS });
    const certificate = await heldCertificate(id, proof, { purpose: "derive", derivedId, encrypted });
    // Counted and written in one transaction, after the proof's await: two uploads cannot both take the last place.
    const remaining = transaction(() => {
      const count = derivedCredentials.countOf(id);
      if (count >= DERIVED_CREDENTIALS_PER_CERTIFICATE)
        throw new ApiError(409, "DERIVED_CREDENTIAL_LIMIT", { limit: DERIVED_CREDENTIALS_PER_CERTIFICATE });
      if (derivedCredentials.idTaken(derivedId)) throw new ApiError(409, "DERIVED_ID_TAKEN");
      derivedCredentials.insert({
        id: derivedId,
        certificateId: id,
        universityId: certificate.universityId,
        envelope: JSON.stringify(encrypted),
        at: context.clock().getTime(),
      });
      return DERIVED_CREDENTIALS_PER_CERTIFICATE - count - 1;
    });
    response.status(201).json({ id: derivedId, remaining });
  });

  router.post("/public/credentials/:id/pdf", async (request, response) => {
    const { id } = CertificateIdParam.parse(request.params);
    const { at, proof } = HolderPdfRequest.parse(request.body);
    const { universityId } = await heldCertificate(id, proof, { purpose: "pdf", at });
    if (Math.abs(context.clock().getTime() / 1000 - at) > HOLDER_PDF_WINDOW_SECONDS)
      throw new ApiError(403, "HOLDER_PROOF_STALE", { seconds: HOLDER_PDF_WINDOW_SECONDS });
    const pdf = await certificatePdf(context, universityId, id);
    const { subject } = getCertificate(context, universityId, id);
    response
      .type("application/pdf")
      .set("Cache-Control", "no-store")
      .set("Content-Disposition", `attachment; filename="${certificateFileName({ id, ...subject })}"`)
      .send(Buffer.from(pdf));
  });

  return router;
}

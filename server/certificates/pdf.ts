import type { AppContext } from "../context";
import { ApiError } from "../http/errors";
import { renderCertificatePdf } from "../pdf";
import type { PdfRenderer } from "../pdf";
import { issuerIdentity, ministryNames } from "../universities";
import { getCertificate } from "./service";
import { stateText } from "./states";

/**
 * Refuses what would carry a credential (PDF, zip, QR code, verification link) before its batch is
 * anchored: handed out earlier, it could verify as invalid for good if the batch then fails.
 */
export function notConfirmed(status: string): ApiError {
  return new ApiError(409, "NOT_ANCHORED_YET", { state: stateText(status) }, { status });
}

const IN_THREAD: PdfRenderer = { render: renderCertificatePdf };

/** Letters, digits, dots and hyphens only: accents dropped, every other run of characters one hyphen. */
const fileNamePart = (text: string, maxLength: number): string =>
  text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[^A-Za-z0-9.]+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "")
    .slice(0, maxLength)
    .replace(/[-.]+$/, "");

/**
 * The name a certificate's PDF is saved under: the student's identifier and Latin name, which a
 * registrar sorts and searches by, then the certificate id, which keeps two copies apart
 * (`2025-00001_Ahmad-bin-Mohammad-Al-Ali_1a2b3c4d5e6f7a8b.pdf`). ASCII, for every zip tool and file system.
 */
export function certificateFileName(certificate: { id: string; identifier: string; nameLatin: string }): string {
  const parts = [fileNamePart(certificate.identifier, 40), fileNamePart(certificate.nameLatin, 60), certificate.id];
  return `${parts.filter((part) => part !== "").join("_")}.pdf`;
}

/** The printable certificate of one of the university's credentials, with the credential attached. */
export async function certificatePdf(context: AppContext, universityId: number, id: string): Promise<Uint8Array> {
  const certificate = getCertificate(context, universityId, id);
  if (certificate.status !== "confirmed" || !certificate.credential || !certificate.verifierUrl)
    throw notConfirmed(certificate.status);
  const issuer = issuerIdentity(context.db, universityId);
  const ministry = ministryNames(context.db, universityId);
  if (!ministry) throw new ApiError(409, "MINISTRY_UNKNOWN");
  return (context.pdf ?? IN_THREAD).render({
    credential: certificate.credential,
    university: { name: issuer.name, country: issuer.country },
    ministry: { name: ministry },
    verification: {
      url: certificate.verifierUrl,
      shortCode: certificate.shortCode,
      address: new URL(context.config.verifierUrl).host,
    },
  });
}

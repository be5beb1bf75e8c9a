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
  const state = stateText(status);
  return new ApiError(
    409,
    "NOT_ANCHORED_YET",
    {
      ar: `لا يُسلَّم ملف PDF ولا رمز QR ولا رابط التحقق إلا بعد تثبيت الدفعة في سلسلة الكتل. الحالة الآن: ${state.ar}.`,
      en: `The PDF, QR code and verification link are given out only once the batch is anchored on the blockchain. Now: ${state.en}.`,
      fr: `Le PDF, le QR code et le lien de vérification ne sont remis qu'une fois le lot ancré sur la blockchain. État actuel : ${state.fr}.`,
    },
    { status },
  );
}
const NO_MINISTRY = {
  ar: "لا تُعرف وزارة هذه الجامعة على هذا الخادم.",
  en: "This university's ministry is not known to this server.",
  fr: "Le ministère de cette université n'est pas connu de ce serveur.",
};

const IN_THREAD: PdfRenderer = { render: renderCertificatePdf };

/** The printable certificate of one of the university's credentials, with the credential attached. */
export async function certificatePdf(context: AppContext, universityId: number, id: string): Promise<Uint8Array> {
  const certificate = getCertificate(context, universityId, id);
  if (certificate.status !== "confirmed" || !certificate.credential || !certificate.verifierUrl)
    throw notConfirmed(certificate.status);
  const issuer = issuerIdentity(context.db, universityId);
  const ministry = ministryNames(context.db, universityId);
  if (!ministry) throw new ApiError(409, "MINISTRY_UNKNOWN", NO_MINISTRY);
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

import type { AppContext } from "../context";
import { ApiError } from "../http/errors";
import { renderCertificatePdf } from "../pdf";
import type { PdfRenderer } from "../pdf";
import { issuerIdentity, ministryNames } from "../universities";
import { getCertificate } from "./service";

const NOT_SIGNED_YET = {
  ar: "الشهادة قيد الإصدار؛ يصبح ملف PDF متاحًا بعد توقيع دفعتها.",
  en: "The certificate is being issued; its PDF is available once its batch is signed.",
  fr: "Le certificat est en cours d'émission ; son PDF sera disponible une fois son lot signé.",
};
const NO_MINISTRY = {
  ar: "لا تُعرف وزارة هذه الجامعة على هذا الخادم.",
  en: "This university's ministry is not known to this server.",
  fr: "Le ministère de cette université n'est pas connu de ce serveur.",
};

const IN_THREAD: PdfRenderer = { render: renderCertificatePdf };

/** The printable certificate of one of the university's credentials, with the credential attached. */
export async function certificatePdf(context: AppContext, universityId: number, id: string): Promise<Uint8Array> {
  const certificate = getCertificate(context, universityId, id);
  if (!certificate.credential) throw new ApiError(409, "NOT_SIGNED_YET", NOT_SIGNED_YET);
  const issuer = issuerIdentity(context.db, universityId);
  const ministry = ministryNames(context.db, universityId);
  if (!ministry) throw new ApiError(409, "MINISTRY_UNKNOWN", NO_MINISTRY);
  return (context.pdf ?? IN_THREAD).render({
    credential: certificate.credential,
    university: { name: issuer.name, country: issuer.country },
    ministry: { name: ministry },
    verification: { url: certificate.verifierUrl, shortCode: certificate.shortCode, address: new URL(context.config.verifierUrl).host },
  });
}

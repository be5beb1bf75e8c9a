import { DEGREE_LABELS } from "../../core";
import type { Degree, LocalizedText } from "../../core";
import { gregorianDate, hijriDate } from "./dates";

/** One wording in the certificate's three languages. */
export interface Wording {
  ar: string;
  en: string;
  fr: string;
}

/**
 * The certificate's fixed wording. The Arabic is phrased so that it does not depend on the
 * graduate's gender: "the university certifies that it has granted NAME the degree of ...".
 */
export const LABELS = {
  certifies: { ar: "تشهد الجامعة بأنها منحت", en: "certifies that", fr: "certifie que" },
  grade: { ar: "التقدير", en: "Grade", fr: "Mention" },
  honours: { ar: "مرتبة الشرف", en: "Honours", fr: "Distinction" },
  studentId: { ar: "الرقم الجامعي", en: "Student ID", fr: "N° d'étudiant" },
  certificateId: { ar: "رقم الشهادة", en: "Certificate no.", fr: "N° de certificat" },
  issued: { ar: "تاريخ الإصدار", en: "Issued on", fr: "Délivré le" },
  scan: { ar: "امسح الرمز للتحقق من الشهادة", en: "Scan to verify", fr: "Scannez pour vérifier" },
} as const satisfies Record<string, Wording>;

/** "درجة بكالوريوس في هندسة الحاسوب" / "has been awarded a Bachelor's degree in Computer Engineering" / ... */
export function awardWording(degree: Degree | undefined, programme: LocalizedText | undefined): Wording | undefined {
  if (!degree && !programme) return undefined;
  const label = degree ? DEGREE_LABELS[degree] : undefined;
  return {
    ar: [label ? `درجة ${label.ar}` : "", programme ? `في ${programme.ar}` : ""].filter(Boolean).join(" "),
    en: `has been awarded ${label ? `a ${label.en}` : "a degree"}${programme ? ` in ${programme.en}` : ""}`,
    fr: `a obtenu : ${label ? label.fr : "un diplôme"}${programme ? ` en ${programme.fr}` : ""}`,
  };
}

/** The graduation date in the Gregorian and the Umm al-Qura Hijri calendars. */
export function graduationWording(date: string, country: string): Pick<Wording, "ar"> & { latin: string } {
  return {
    ar: `تاريخ التخرج: ${gregorianDate(date, "ar", country)} الموافق ${hijriDate(date, "ar")}`,
    latin: `Date of graduation: ${gregorianDate(date, "en")} (${hijriDate(date, "en")}) · Date d'obtention : ${gregorianDate(date, "fr")} (${hijriDate(date, "fr")})`,
  };
}

import type { LocalizedText } from "./credential/schema";

/** The 22 member states of the Arab League by ISO 3166-1 alpha-2 code, with their names in ar/en/fr. */
export const COUNTRIES = {
  DZ: { ar: "الجزائر", en: "Algeria", fr: "Algérie" },
  BH: { ar: "البحرين", en: "Bahrain", fr: "Bahreïn" },
  KM: { ar: "جزر القمر", en: "Comoros", fr: "Comores" },
  DJ: { ar: "جيبوتي", en: "Djibouti", fr: "Djibouti" },
  EG: { ar: "مصر", en: "Egypt", fr: "Égypte" },
  IQ: { ar: "العراق", en: "Iraq", fr: "Irak" },
  JO: { ar: "الأردن", en: "Jordan", fr: "Jordanie" },
  KW: { ar: "الكويت", en: "Kuwait", fr: "Koweït" },
  LB: { ar: "لبنان", en: "Lebanon", fr: "Liban" },
  LY: { ar: "ليبيا", en: "Libya", fr: "Libye" },
  MR: { ar: "موريتانيا", en: "Mauritania", fr: "Mauritanie" },
  MA: { ar: "المغرب", en: "Morocco", fr: "Maroc" },
  OM: { ar: "عُمان", en: "Oman", fr: "Oman" },
  PS: { ar: "فلسطين", en: "Palestine", fr: "Palestine" },
  QA: { ar: "قطر", en: "Qatar", fr: "Qatar" },
  SA: { ar: "المملكة العربية السعودية", en: "Saudi Arabia", fr: "Arabie saoudite" },
  SO: { ar: "الصومال", en: "Somalia", fr: "Somalie" },
  SD: { ar: "السودان", en: "Sudan", fr: "Soudan" },
  SY: { ar: "سوريا", en: "Syria", fr: "Syrie" },
  TN: { ar: "تونس", en: "Tunisia", fr: "Tunisie" },
  AE: { ar: "الإمارات العربية المتحدة", en: "United Arab Emirates", fr: "Émirats arabes unis" },
  YE: { ar: "اليمن", en: "Yemen", fr: "Yémen" },
} as const satisfies Record<string, LocalizedText>;
export type CountryCode = keyof typeof COUNTRIES;

export function isCountryCode(code: string): code is CountryCode {
  return Object.hasOwn(COUNTRIES, code);
}

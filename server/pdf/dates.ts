export type Language = "ar" | "en" | "fr";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string): Intl.DateTimeFormat {
  let format = formatters.get(locale);
  if (!format) {
    // Calendar dates carry no time zone; formatting midnight UTC in UTC keeps the day as written.
    format = new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
    formatters.set(locale, format);
  }
  return format;
}

const atMidnightUtc = (date: string): Date => new Date(`${date}T00:00:00Z`);

/**
 * Western digits in every language: the grades, identifiers and codes on the certificate use them,
 * and Arabic month names follow the university's country ("حزيران" in Jordan, "جوان" in Algeria,
 * "يونيو" in Egypt), with "م" marking the Gregorian era as Arabic documents do next to a Hijri date.
 */
export function gregorianDate(date: string, language: Language, country?: string): string {
  if (language === "ar") {
    const locale = country && /^[A-Z]{2}$/.test(country) ? `ar-${country}-u-nu-latn` : "ar-u-nu-latn";
    return `${formatter(locale).format(atMidnightUtc(date))}م`;
  }
  return formatter(language === "en" ? "en-GB" : "fr-FR").format(atMidnightUtc(date));
}

/** The same day in the Umm al-Qura Hijri calendar, e.g. "5 محرم 1447 هـ", "5 Muharram 1447 AH". */
export function hijriDate(date: string, language: Language): string {
  const locale = {
    ar: "ar-SA-u-ca-islamic-umalqura-nu-latn",
    en: "en-GB-u-ca-islamic-umalqura",
    fr: "fr-FR-u-ca-islamic-umalqura",
  }[language];
  return formatter(locale).format(atMidnightUtc(date));
}

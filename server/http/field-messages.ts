import { z } from "zod";
import { DATE_ORDER_MESSAGES, EARLIEST_GRADUATION_DATE } from "../../core";
import type { LocalizedText } from "../../core";

type Language = keyof LocalizedText;

const ZOD_LOCALES = { ar: z.locales.ar(), en: z.locales.en(), fr: z.locales.fr() };

/**
 * The rules our schemas state in their own words (core's single spelling of each value, the request
 * headers), in ar/en/fr. zod's own messages (a missing field, a too long text, an unknown option)
 * come from zod's locales instead.
 */
const SCHEMA_MESSAGES: Record<string, LocalizedText> = {
  "must not be empty": { ar: "يجب ألا يكون فارغًا.", en: "Must not be empty.", fr: "Ne doit pas être vide." },
  "no leading or trailing spaces": {
    ar: "يجب ألا يبدأ بمسافة أو ينتهي بها.",
    en: "No spaces at the start or the end.",
    fr: "Pas d'espace au début ni à la fin.",
  },
  "not in Unicode normalization form C (NFC)": {
    ar: "النص غير مكتوب بصيغة Unicode القياسية NFC.",
    en: "The text is not in Unicode normalization form C (NFC).",
    fr: "Le texte n'est pas en forme de normalisation Unicode C (NFC).",
  },
  "must be written in Arabic script": {
    ar: "يجب أن يُكتب بالحروف العربية.",
    en: "Must be written in Arabic script.",
    fr: "Doit être écrit en alphabet arabe.",
  },
  "must be written in Latin script": {
    ar: "يجب أن يُكتب بالحروف اللاتينية.",
    en: "Must be written in Latin script.",
    fr: "Doit être écrit en alphabet latin.",
  },
  "letters, digits, - / . and spaces only": {
    ar: "حروف وأرقام و- / . ومسافات فقط، ويبدأ بحرف أو رقم.",
    en: "Letters, digits, - / . and spaces only, starting with a letter or a digit.",
    fr: "Lettres, chiffres, - / . et espaces uniquement, en commençant par une lettre ou un chiffre.",
  },
  "expected a date as YYYY-MM-DD": {
    ar: "يجب أن يكون تاريخًا بالصيغة YYYY-MM-DD.",
    en: "Expected a date as YYYY-MM-DD.",
    fr: "Date attendue au format AAAA-MM-JJ.",
  },
  "not a real calendar date": {
    ar: "هذا التاريخ غير موجود في التقويم.",
    en: "Not a real calendar date.",
    fr: "Cette date n'existe pas dans le calendrier.",
  },
  [`not before ${EARLIEST_GRADUATION_DATE}`]: {
    ar: `يجب ألا يكون قبل ${EARLIEST_GRADUATION_DATE}.`,
    en: `Not before ${EARLIEST_GRADUATION_DATE}.`,
    fr: `Pas avant le ${EARLIEST_GRADUATION_DATE}.`,
  },
  [DATE_ORDER_MESSAGES.graduationDate]: {
    ar: "بعد تاريخ الإصدار: لا يمكن أن يكون التخرج في المستقبل.",
    en: "After the date of issuance: a graduation cannot be in the future.",
    fr: "Après la date d'émission : l'obtention du diplôme ne peut pas être dans le futur.",
  },
  [DATE_ORDER_MESSAGES.validUntil]: {
    ar: "ليس بعد تاريخ الإصدار: ستكون الصلاحية منتهية منذ البداية.",
    en: "Not after the date of issuance: the validity would already be over.",
    fr: "Pas après la date d'émission : la validité serait déjà terminée.",
  },
  "expected 16 lowercase hex digits": {
    ar: "يجب أن يتكوَّن من 16 رقمًا ست عشريًا بأحرف صغيرة.",
    en: "Expected 16 lowercase hex digits.",
    fr: "16 chiffres hexadécimaux en minuscules attendus.",
  },
  "at least 8 characters": { ar: "8 أحرف على الأقل.", en: "At least 8 characters.", fr: "Au moins 8 caractères." },
  "printable ASCII without spaces": {
    ar: "أحرف ASCII قابلة للطباعة دون مسافات.",
    en: "Printable ASCII without spaces.",
    fr: "ASCII imprimable sans espace.",
  },
};

const INVISIBLE = /^contains the invisible or control character (U\+[0-9A-F]{4,6})$/;
const invisibleCharacter = (character: string): LocalizedText => ({
  ar: `يحتوي على محرف غير مرئي أو محرف تحكُّم (${character}): احذفه.`,
  en: `Contains the invisible or control character ${character}: remove it.`,
  fr: `Contient le caractère invisible ou de contrôle ${character} : supprimez-le.`,
});

/** The message of one validation issue in `language`; the English text the schema gave when no translation is known. */
export function issueMessage(issue: z.core.$ZodIssue, language: Language): string {
  const known = SCHEMA_MESSAGES[issue.message];
  if (known) return known[language];
  const character = INVISIBLE.exec(issue.message)?.[1];
  if (character !== undefined) return invisibleCharacter(character)[language];
  const localeError = (locale: Language) => {
    const message = ZOD_LOCALES[locale].localeError(issue as z.core.$ZodRawIssue);
    return typeof message === "string" ? message : message?.message;
  };
  // zod's own message for this issue: translated; a schema's own wording not listed above: kept as it is.
  return localeError("en") === issue.message ? (localeError(language) ?? issue.message) : issue.message;
}

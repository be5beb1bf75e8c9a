import type { Degree, LocalizedText } from "./credential/schema";

/** How each degree level is named on certificates and in the verifier, in ar/en/fr. */
export const DEGREE_LABELS = {
  diploma: { ar: "دبلوم", en: "Diploma", fr: "Diplôme" },
  bachelor: { ar: "بكالوريوس", en: "Bachelor's degree", fr: "Licence" },
  higherDiploma: { ar: "دبلوم عالٍ", en: "Higher diploma", fr: "Diplôme supérieur" },
  master: { ar: "ماجستير", en: "Master's degree", fr: "Master" },
  doctorate: { ar: "دكتوراه", en: "Doctorate", fr: "Doctorat" },
} as const satisfies Record<Degree, LocalizedText>;

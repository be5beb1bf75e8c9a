import type { LocalizedText } from "../../core";
import type { CertificateState } from "../store/states";

/** A certificate's state in words, for messages that tell a registrar where it stands. */
const STATES: Record<CertificateState, LocalizedText> = {
  confirmed: { ar: "مثبَّتة في سلسلة الكتل", en: "anchored on the blockchain", fr: "ancré sur la blockchain" },
  pending: { ar: "قيد الانتظار", en: "pending", fr: "en attente" },
  batched: { ar: "ضمن دفعة لم تُوقَّع بعد", en: "in a batch not signed yet", fr: "dans un lot pas encore signé" },
  signed: { ar: "موقَّعة ولم تُرسَل بعد", en: "signed, not sent yet", fr: "signé, pas encore envoyé" },
  submitted: {
    ar: "أُرسلت إلى سلسلة الكتل ولم تُثبَّت بعد",
    en: "sent to the blockchain, not anchored yet",
    fr: "envoyé à la blockchain, pas encore ancré",
  },
  failed: {
    ar: "فشلت دفعتها ولم تُثبَّت",
    en: "its batch failed and was not anchored",
    fr: "son lot a échoué et n'a pas été ancré",
  },
};

export const stateText = (status: string): LocalizedText =>
  STATES[status as CertificateState] ?? { ar: status, en: status, fr: status };

import type { LocalizedText } from "../credential/schema";

/**
 * The message of every reason code a check can give, in the three languages of the system. Codes are
 * published (API, verifier page) and never change meaning; new situations get new codes.
 */
export const REASON_MESSAGES = {
  FORMAT_OK: {
    ar: "الشهادة مكتملة وبالصيغة الصحيحة.",
    en: "The certificate is complete and well formed.",
    fr: "Le certificat est complet et bien formé.",
  },
  FORMAT_INVALID: {
    ar: "هذا الملف ليس شهادة تصديق صالحة الصيغة.",
    en: "This is not a well-formed Tasdiq certificate.",
    fr: "Ce n'est pas un certificat Tasdiq bien formé.",
  },
  FORMAT_DISCLOSURE: {
    ar: "بيانات الحقول المخفية أو الأملاح غير متسقة.",
    en: "The hidden fields or salts of the certificate are inconsistent.",
    fr: "Les champs masqués ou les sels du certificat sont incohérents.",
  },
  INTEGRITY_OK: {
    ar: "بيانات الشهادة لم تُعدَّل منذ إصدارها.",
    en: "The certificate's data has not been altered since it was issued.",
    fr: "Les données du certificat n'ont pas été modifiées depuis son émission.",
  },
  INTEGRITY_MISMATCH: {
    ar: "بيانات الشهادة عُدِّلت بعد إصدارها: أحد الحقول أو الأملاح لا يطابق البصمة.",
    en: "The certificate's data was altered after issue: a field or a salt does not match its fingerprint.",
    fr: "Les données du certificat ont été modifiées après l'émission : un champ ou un sel ne correspond pas à l'empreinte.",
  },
  MERKLE_OK: {
    ar: "الشهادة جزء من الدفعة الموقَّعة.",
    en: "The certificate belongs to the signed batch.",
    fr: "Le certificat fait partie du lot signé.",
  },
  MERKLE_MISMATCH: {
    ar: "إثبات الانتماء إلى الدفعة غير صحيح.",
    en: "The proof that the certificate belongs to its batch is wrong.",
    fr: "La preuve d'appartenance du certificat à son lot est fausse.",
  },
  ANCHORED_OK: {
    ar: "الدفعة مسجَّلة على سلسلة الكتل في سجل موثوق.",
    en: "The batch is recorded on the blockchain in a trusted registry.",
    fr: "Le lot est enregistré sur la blockchain dans un registre de confiance.",
  },
  ANCHORED_UNTRUSTED_REGISTRY: {
    ar: "الشهادة تشير إلى سجل غير موثوق لدى هذا المُحقِّق.",
    en: "The certificate points to a registry this verifier does not trust.",
    fr: "Le certificat renvoie à un registre auquel ce vérificateur ne fait pas confiance.",
  },
  ANCHORED_NOT_FOUND: {
    ar: "الجامعة المذكورة في الشهادة لم تسجِّل هذه الدفعة على سلسلة الكتل.",
    en: "The university named in the certificate has not recorded this batch on the blockchain.",
    fr: "L'université nommée dans le certificat n'a pas enregistré ce lot sur la blockchain.",
  },
  ANCHORED_WRONG_COUNT: {
    ar: "عدد الشهادات في الدفعة لا يطابق السجل.",
    en: "The number of certificates in the batch does not match the record.",
    fr: "Le nombre de certificats du lot ne correspond pas à l'enregistrement.",
  },
  SIGNATURE_OK: {
    ar: "الدفعة موقَّعة بمفتاح ساري للجامعة وقت التسجيل.",
    en: "The batch is signed with a key that was valid for the university when it was recorded.",
    fr: "Le lot est signé par une clé valide de l'université au moment de son enregistrement.",
  },
  SIGNATURE_MISMATCH: {
    ar: "التوقيع لا يطابق الدفعة أو الموقِّع المذكور.",
    en: "The signature does not match the batch or the stated signer.",
    fr: "La signature ne correspond pas au lot ou au signataire indiqué.",
  },
  SIGNATURE_KEY_NOT_VALID: {
    ar: "مفتاح التوقيع لم يكن ساريًا للجامعة وقت تسجيل الدفعة.",
    en: "The signing key was not a valid key of the university when the batch was recorded.",
    fr: "La clé de signature n'était pas une clé valide de l'université lors de l'enregistrement du lot.",
  },
  ACCREDITED_OK: {
    ar: "الجامعة كانت معتمدة من وزارة بلدها وقت تسجيل الدفعة.",
    en: "The university was accredited by its country's ministry when the batch was recorded.",
    fr: "L'université était accréditée par le ministère de son pays lors de l'enregistrement du lot.",
  },
  ACCREDITED_NOT_AT_ANCHOR_TIME: {
    ar: "الجامعة لم تكن معتمدة وقت تسجيل الدفعة.",
    en: "The university was not accredited when the batch was recorded.",
    fr: "L'université n'était pas accréditée lors de l'enregistrement du lot.",
  },
  ACCREDITED_UNKNOWN_UNIVERSITY: {
    ar: "الجامعة غير موجودة في سجل الجهات المُصدِرة.",
    en: "The university is not in the issuer registry.",
    fr: "L'université ne figure pas dans le registre des émetteurs.",
  },
  ACCREDITED_WRONG_COUNTRY: {
    ar: "بلد الجامعة في الشهادة لا يطابق السجل.",
    en: "The university's country in the certificate does not match the registry.",
    fr: "Le pays de l'université indiqué dans le certificat ne correspond pas au registre.",
  },
  ACCREDITED_WRONG_ADDRESS: {
    ar: "عنوان الجامعة في الشهادة لا يطابق حسابها في السجل.",
    en: "The university's address in the certificate does not match its account in the registry.",
    fr: "L'adresse de l'université indiquée dans le certificat ne correspond pas à son compte dans le registre.",
  },
  ACCREDITED_WRONG_NAME: {
    ar: "اسم الجامعة في الشهادة لا يطابق اسمها في السجل.",
    en: "The university's name in the certificate does not match its name in the registry.",
    fr: "Le nom de l'université indiqué dans le certificat ne correspond pas à son nom dans le registre.",
  },
  NOT_REVOKED_OK: {
    ar: "الشهادة غير ملغاة.",
    en: "The certificate has not been revoked.",
    fr: "Le certificat n'a pas été révoqué.",
  },
  REVOKED_CERTIFICATE: {
    ar: "ألغت الجهة المُصدِرة هذه الشهادة.",
    en: "The issuer revoked this certificate.",
    fr: "L'émetteur a révoqué ce certificat.",
  },
  REVOKED_BATCH: {
    ar: "ألغت الجهة المُصدِرة الدفعة التي تضم هذه الشهادة.",
    en: "The issuer revoked the whole batch this certificate belongs to.",
    fr: "L'émetteur a révoqué tout le lot auquel appartient ce certificat.",
  },
  NOT_EXPIRED_OK: {
    ar: "الشهادة ضمن فترة صلاحيتها.",
    en: "The certificate is within its validity period.",
    fr: "Le certificat est dans sa période de validité.",
  },
  NOT_EXPIRED_NO_EXPIRY: {
    ar: "الشهادة لا تنتهي صلاحيتها.",
    en: "The certificate does not expire.",
    fr: "Le certificat n'expire pas.",
  },
  EXPIRED: {
    ar: "انتهت صلاحية الشهادة.",
    en: "The certificate has expired.",
    fr: "Le certificat a expiré.",
  },
  NOT_YET_VALID: {
    ar: "الشهادة لم تدخل فترة صلاحيتها بعد.",
    en: "The certificate is not valid yet.",
    fr: "Le certificat n'est pas encore valide.",
  },
  SKIPPED_INVALID_FORMAT: {
    ar: "لم يُجرَ هذا الفحص لأن صيغة الشهادة غير صحيحة.",
    en: "Not checked because the certificate is not well formed.",
    fr: "Non vérifié car le certificat est mal formé.",
  },
  SKIPPED_NOT_ANCHORED: {
    ar: "لم يُجرَ هذا الفحص لأن الدفعة غير مسجَّلة في سجل موثوق.",
    en: "Not checked because the batch is not recorded in a trusted registry.",
    fr: "Non vérifié car le lot n'est pas enregistré dans un registre de confiance.",
  },
  CHAIN_UNREACHABLE: {
    ar: "تعذَّر الاتصال بسلسلة الكتل، لذا لا يمكن التحقق الآن. أعد المحاولة لاحقًا.",
    en: "The blockchain could not be reached, so this cannot be checked now. Try again later.",
    fr: "La blockchain est injoignable : la vérification est impossible pour l'instant. Réessayez plus tard.",
  },
  CHAIN_MISMATCH: {
    ar: "عقدة سلسلة الكتل المهيأة تخدم شبكة أخرى.",
    en: "The configured blockchain node serves another network.",
    fr: "Le nœud blockchain configuré sert un autre réseau.",
  },
  CHAIN_NODES_DISAGREE: {
    ar: "عُقد سلسلة الكتل المهيأة لا تتفق على حالة السلسلة، لذا لا يمكن التحقق الآن.",
    en: "The configured blockchain nodes disagree about the chain, so this cannot be checked now.",
    fr: "Les nœuds blockchain configurés ne s'accordent pas sur la chaîne : la vérification est impossible pour l'instant.",
  },
  CHAIN_PROOF_INVALID: {
    ar: "أجابت عقدة سلسلة الكتل بما لا تثبته حالة السلسلة، لذا لا يمكن التحقق الآن.",
    en: "A blockchain node answered with data the chain's state does not prove, so this cannot be checked now.",
    fr: "Un nœud blockchain a répondu par des données que l'état de la chaîne ne prouve pas : la vérification est impossible pour l'instant.",
  },
  CHECK_FAILED: {
    ar: "حدث خطأ غير متوقع أثناء هذا الفحص.",
    en: "An unexpected error occurred during this check.",
    fr: "Une erreur inattendue s'est produite pendant cette vérification.",
  },
} as const satisfies Record<string, LocalizedText>;

export type ReasonCode = keyof typeof REASON_MESSAGES;

/** Why a certificate or batch was revoked: the codes stored on chain (CertificateRegistry.REASON_*). */
export const REVOCATION_REASONS = {
  1: { ar: "خطأ في البيانات", en: "Error in the data", fr: "Erreur dans les données" },
  2: { ar: "احتيال", en: "Fraud", fr: "Fraude" },
  3: { ar: "سحبتها الجامعة", en: "Withdrawn by the university", fr: "Retiré par l'université" },
  4: { ar: "استُبدلت بشهادة جديدة", en: "Replaced by a new certificate", fr: "Remplacé par un nouveau certificat" },
} as const satisfies Record<number, LocalizedText>;
export type RevocationReason = keyof typeof REVOCATION_REASONS;

/** The names the API and the command line give the revocation reasons, with their codes on chain. */
export const REVOCATION_REASON_CODES = {
  "data-error": 1,
  fraud: 2,
  withdrawn: 3,
  replaced: 4,
} as const satisfies Record<string, RevocationReason>;
export type RevocationReasonName = keyof typeof REVOCATION_REASON_CODES;

/** The name of a revocation reason code; undefined for a code the registry does not define. */
export const revocationReasonName = (code: number): RevocationReasonName | undefined =>
  (Object.keys(REVOCATION_REASON_CODES) as RevocationReasonName[]).find(
    (name) => REVOCATION_REASON_CODES[name] === code,
  );

import type { CheckStatus, CredentialLinkProblem, LocalizedText, Verdict } from "../../core";

/**
 * Why the command could not give a verdict on what it was given. The codes the verifier page also
 * uses mean the same there; they are published in docs/verify-cli.md and never change meaning.
 */
export const PROBLEM_MESSAGES = {
  USAGE: {
    ar: "استعمال غير صحيح للأمر. اكتب --help للاطلاع على طريقة الاستعمال.",
    en: "The command was not used correctly. See --help.",
    fr: "La commande n'a pas été utilisée correctement. Voir --help.",
  },
  CONFIG_UNUSABLE: {
    ar: "تعذّرت قراءة إعدادات المُحقِّق (عنوان عقدة سلسلة الكتل والسجلات الموثوقة). شغِّل العرض المحلي (npm start) أو مرِّر --config أو --rpc و--deployment.",
    en: "The verifier's settings (chain RPC and trusted registries) could not be read. Start the local demo (npm start), or pass --config, or --rpc and --deployment.",
    fr: "Les réglages du vérificateur (RPC de la blockchain et registres de confiance) sont illisibles. Lancez la démo locale (npm start), ou passez --config, ou --rpc et --deployment.",
  },
  FILE_NOT_FOUND: {
    ar: "لا يوجد ملف بهذا الاسم.",
    en: "There is no file by this name.",
    fr: "Aucun fichier de ce nom.",
  },
  FILE_UNREADABLE: {
    ar: "تعذّرت قراءة هذا الملف. مرِّر ملف الشهادة PDF، أو صورة رمز QR ‏(PNG أو JPEG)، أو ملف الشهادة الرقمية (.json).",
    en: "This file could not be read. Pass the certificate PDF, a picture of its QR code (PNG or JPEG), or the credential file (.json).",
    fr: "Ce fichier est illisible. Passez le certificat PDF, une image de son code QR (PNG ou JPEG) ou le fichier du justificatif (.json).",
  },
  PDF_WITHOUT_CREDENTIAL: {
    ar: "لا تتضمن هذه الوثيقة PDF بيانات الشهادة (credential.json). استعمل ملف PDF الذي سلّمته الجامعة، أو صورة رمز QR، أو الرمز المطبوع تحته.",
    en: "This PDF has no credential attached (credential.json). Use the PDF the university issued, a picture of its QR code, or the code printed under it.",
    fr: "Ce PDF ne contient pas de justificatif joint (credential.json). Utilisez le PDF émis par l'université, une image de son code QR ou le code imprimé dessous.",
  },
  QR_NOT_FOUND: {
    ar: "لم يُعثَر على رمز QR مقروء في هذه الصورة.",
    en: "No readable QR code was found in this image.",
    fr: "Aucun code QR lisible dans cette image.",
  },
  NOT_TASDIQ: {
    ar: "هذا الرابط أو رمز QR ليس من شهادة تصديق.",
    en: "This link or QR code does not come from a Tasdiq certificate.",
    fr: "Ce lien ou ce code QR ne provient pas d'un certificat Tasdiq.",
  },
  CODE_TYPO: {
    ar: "في رمز التحقق خطأ كتابي: حرف خاطئ أو ناقص أو زائد، أو حرفان متبادلان. قارنه بالشهادة.",
    en: "The verification code has a typing mistake: a character is wrong, missing or extra, or two are swapped. Compare it with the certificate.",
    fr: "Le code de vérification contient une faute de frappe : un caractère faux, manquant ou en trop, ou deux caractères inversés. Comparez-le au certificat.",
  },
  CODE_INVALID: {
    ar: "هذا ليس رمز تحقق من تصديق ولا ملفًا موجودًا.",
    en: "This is neither a Tasdiq verification code nor an existing file.",
    fr: "Ce n'est ni un code de vérification Tasdiq ni un fichier existant.",
  },
  UNTRUSTED_NETWORK: {
    ar: "يشير هذا الرمز إلى شبكة سلسلة كتل لا تثق بها هذه الإعدادات.",
    en: "This code refers to a blockchain network these settings do not trust.",
    fr: "Ce code renvoie à un réseau blockchain auquel ces réglages ne font pas confiance.",
  },
  UNKNOWN_UNIVERSITY: {
    ar: "لا توجد جامعة بهذا الرمز في السجل.",
    en: "No university with this code is in the registry.",
    fr: "Aucune université de ce code ne figure dans le registre.",
  },
  ISSUER_UNREACHABLE: {
    ar: "تعذّر الوصول إلى خادم الجامعة المُصدِرة، حيث تُحفَظ الشهادة مشفَّرة. أعد المحاولة لاحقًا، أو تحقَّق من ملف الشهادة PDF.",
    en: "The issuing university's server, which keeps the certificate encrypted, could not be reached. Try again later, or verify the certificate PDF.",
    fr: "Le serveur de l'université émettrice, qui conserve le certificat chiffré, est injoignable. Réessayez plus tard, ou vérifiez le certificat PDF.",
  },
  NOT_READY: {
    ar: "ما زالت الجامعة تُصدِر هذه الشهادة. أعد المحاولة بعد دقائق.",
    en: "The university is still issuing this certificate. Try again in a few minutes.",
    fr: "L'université est encore en train d'émettre ce certificat. Réessayez dans quelques minutes.",
  },
  NOT_FOUND: {
    ar: "ليس لدى خادم الجامعة شهادة بهذا الرمز.",
    en: "The university's server has no certificate with this code.",
    fr: "Le serveur de l'université n'a aucun certificat avec ce code.",
  },
  WRONG_SECRET: {
    ar: "لدى الجامعة شهادة بهذا الرقم، لكن هذا الرمز لا يفتحها: الرمز مكتوب خطأً أو معدَّل.",
    en: "The university has a certificate with this number, but this code does not open it: the code was mistyped or altered.",
    fr: "L'université a un certificat de ce numéro, mais ce code ne l'ouvre pas : il a été mal saisi ou modifié.",
  },
} as const satisfies Record<CredentialLinkProblem, LocalizedText> & Record<string, LocalizedText>;
export type ProblemCode = keyof typeof PROBLEM_MESSAGES;

/** The first line of the human output. */
export const VERDICT_LINES: Record<Verdict, LocalizedText> = {
  VALID: { ar: "شهادة صحيحة", en: "Valid certificate", fr: "Certificat valide" },
  INVALID: {
    ar: "شهادة غير صحيحة: لا تقبلها",
    en: "Not a valid certificate: do not accept it",
    fr: "Certificat non valide : ne l'acceptez pas",
  },
  REVOKED: {
    ar: "شهادة ملغاة: ألغتها الجامعة",
    en: "Revoked certificate: the university revoked it",
    fr: "Certificat révoqué : l'université l'a révoqué",
  },
  CANNOT_CHECK: {
    ar: "تعذَّر التحقق الآن، وهذا لا يعني أن الشهادة مزوَّرة",
    en: "Cannot check right now; this does not mean the certificate is fake",
    fr: "Vérification impossible pour l'instant ; cela ne signifie pas que le certificat est faux",
  },
};

export const STATUS_WORDS: Record<CheckStatus, LocalizedText> = {
  VALID: { ar: "ناجح", en: "passed", fr: "réussi" },
  INVALID: { ar: "فاشل", en: "failed", fr: "échoué" },
  SKIPPED: { ar: "لم يُجرَ", en: "not checked", fr: "non vérifié" },
  ERROR: { ar: "تعذَّر إجراؤه", en: "could not check", fr: "impossible" },
};

export const LABELS = {
  problem: {
    ar: "تعذَّر التحقق من هذا المُدخَل",
    en: "Could not check this input",
    fr: "Impossible de vérifier cette entrée",
  },
  issuer: {
    ar: "الجامعة المُصدِرة، كما يسجِّلها السجل على سلسلة الكتل:",
    en: "Issuing university, as the registry on the blockchain records it:",
    fr: "Université émettrice, telle que l'enregistre le registre sur la blockchain :",
  },
  issuerUnconfirmed: {
    ar: "تعذَّر تأكيد الجامعة المُصدِرة على سلسلة الكتل، لذا لا يُعرَض اسمها.",
    en: "The issuing university could not be confirmed on the blockchain, so its name is not shown.",
    fr: "L'université émettrice n'a pas pu être confirmée sur la blockchain : son nom n'est pas affiché.",
  },
  university: { ar: "الجامعة", en: "University", fr: "Université" },
  country: { ar: "البلد", en: "Country", fr: "Pays" },
  ministry: { ar: "الوزارة المعتمِدة", en: "Accrediting ministry", fr: "Ministère d'accréditation" },
  standing: { ar: "الوضع اليوم", en: "Standing today", fr: "Statut aujourd'hui" },
  accredited: { ar: "معتمدة", en: "Accredited", fr: "Accréditée" },
  suspended: {
    ar: "معلَّقة منذ {date}؛ تبقى الشهادات المسجَّلة قبل ذلك صحيحة",
    en: "Suspended since {date}; certificates recorded before then remain valid",
    fr: "Suspendue depuis le {date} ; les certificats enregistrés avant restent valides",
  },
  notAccredited: {
    ar: "غير معتمدة؛ تبقى الشهادات المسجَّلة أثناء اعتمادها صحيحة",
    en: "Not accredited; certificates recorded while it was remain valid",
    fr: "Non accréditée ; les certificats enregistrés pendant son accréditation restent valides",
  },
  foundOnMirror: {
    ar: "لم يقدِّم خادم الجامعة الشهادة؛ جاءت نسختها المشفَّرة من {mirror} وجرى التحقق منها هنا.",
    en: "The university's server did not provide the certificate; its encrypted copy came from {mirror} and was checked here.",
    fr: "Le serveur de l'université n'a pas fourni le certificat ; sa copie chiffrée provient de {mirror} et a été vérifiée ici.",
  },
  ministryMirror: {
    ar: "نسخة وزارة {country}",
    en: "the mirror of the ministry of {country}",
    fr: "le miroir du ministère de {country}",
  },
  authorityMirror: { ar: "نسخة الألكسو", en: "the ALECSO mirror", fr: "le miroir de l'ALECSO" },
} as const satisfies Record<string, LocalizedText>;

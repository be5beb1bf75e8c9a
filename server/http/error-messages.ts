import type { LocalizedText } from "../../core";

/**
 * A message another part of the server already words, with what it names (a date, a key, a limit):
 * the explanation of a batch failure (`anchoring/failures.ts`), the importer's (`certificates/import/messages.ts`).
 */
type WordedElsewhere = { message: LocalizedText };
const asWorded = ({ message }: WordedElsewhere): LocalizedText => message;

const VALIDATION_FAILED = {
  ar: "بعض البيانات المرسلة غير صحيحة.",
  en: "Some of the data sent is not valid.",
  fr: "Certaines données envoyées ne sont pas valides.",
};

const NOT_A_CODE = {
  ar: "هذا ليس رمز تحقق صالحًا من تصديق.",
  en: "This is not a valid Tasdiq verification code.",
  fr: "Ce n'est pas un code de vérification Tasdiq valide.",
};

/**
 * The message of every error code the API answers with, in the three languages of the system. Codes
 * are published (clients and the portal act on them) and never change meaning; new situations get new
 * codes. A message that names something (a date, a state, a limit) is a function of it.
 */
export const API_ERROR_MESSAGES = {
  // Requests the server cannot read.
  VALIDATION_FAILED,
  BAD_REQUEST: VALIDATION_FAILED,
  MALFORMED_JSON: {
    ar: "نص الطلب ليس JSON صالحًا.",
    en: "The request body is not valid JSON.",
    fr: "Le corps de la requête n'est pas un JSON valide.",
  },
  PAYLOAD_TOO_LARGE: {
    ar: "الطلب أو الملف كبير جدًا.",
    en: "The request or file is too large.",
    fr: "La requête ou le fichier est trop volumineux.",
  },
  UNSUPPORTED_MEDIA_TYPE: {
    ar: "نوع المحتوى غير مدعوم.",
    en: "This content type is not supported.",
    fr: "Ce type de contenu n'est pas pris en charge.",
  },
  NOT_FOUND: { ar: "غير موجود.", en: "Not found.", fr: "Introuvable." },
  INTERNAL: {
    ar: "حدث خطأ داخلي. لم يُفقد شيء؛ أعد المحاولة.",
    en: "An internal error occurred. Nothing was lost; try again.",
    fr: "Une erreur interne s'est produite. Rien n'est perdu ; réessayez.",
  },

  // Load: the caller is told to come back (with Retry-After).
  TOO_MANY_REQUESTS: {
    ar: "طلبات كثيرة جدًا من هذا العنوان. أعد المحاولة بعد قليل.",
    en: "Too many requests from this address. Try again shortly.",
    fr: "Trop de requêtes depuis cette adresse. Réessayez dans un instant.",
  },
  SERVER_BUSY: ({ with: work }: { with: "uploads" | "verifications" }): LocalizedText =>
    work === "uploads"
      ? {
          ar: "يعالج الخادم الآن ملفات أخرى كبيرة. أعد المحاولة بعد قليل.",
          en: "The server is processing other large uploads. Try again in a moment.",
          fr: "Le serveur traite d'autres envois volumineux. Réessayez dans un instant.",
        }
      : {
          ar: "الخادم مشغول بعمليات تحقق أخرى. أعد المحاولة بعد ثانية.",
          en: "The server is busy with other verifications. Try again in a second.",
          fr: "Le serveur est occupé par d'autres vérifications. Réessayez dans une seconde.",
        },

  // Accounts, sessions and tokens.
  UNAUTHENTICATED: { ar: "يلزم تسجيل الدخول.", en: "You need to sign in.", fr: "Vous devez vous connecter." },
  FORBIDDEN: {
    ar: "ليست لديك صلاحية لهذا الإجراء.",
    en: "You are not allowed to do this.",
    fr: "Vous n'êtes pas autorisé à effectuer cette action.",
  },
  TOKEN_SCOPE: {
    ar: "رمز الواجهة البرمجية هذا لا يسمح بهذا الإجراء؛ إدارة الحسابات والرموز تتطلب تسجيل الدخول.",
    en: "This API token does not allow this; accounts and tokens are managed only when signed in.",
    fr: "Ce jeton d'API ne permet pas cette action ; comptes et jetons se gèrent uniquement une fois connecté.",
  },
  PASSWORD_CHANGE_REQUIRED: {
    ar: "كلمة المرور هذه مؤقتة: اختر كلمة مرور جديدة قبل المتابعة.",
    en: "This password is one-time: choose a new password before going on.",
    fr: "Ce mot de passe est à usage unique : choisissez un nouveau mot de passe avant de continuer.",
  },
  INVALID_LOGIN: {
    ar: "البريد الإلكتروني أو كلمة المرور غير صحيحة.",
    en: "Wrong email or password.",
    fr: "Adresse e-mail ou mot de passe incorrect.",
  },
  TOO_MANY_ATTEMPTS: {
    ar: "محاولات دخول فاشلة كثيرة. انتظر قليلًا ثم أعد المحاولة.",
    en: "Too many failed sign-in attempts. Wait a while and try again.",
    fr: "Trop de tentatives de connexion échouées. Patientez puis réessayez.",
  },
  WRONG_PASSWORD: {
    ar: "كلمة المرور الحالية غير صحيحة.",
    en: "The current password is wrong.",
    fr: "Le mot de passe actuel est incorrect.",
  },
  SAME_PASSWORD: {
    ar: "يجب أن تختلف كلمة المرور الجديدة عن الحالية.",
    en: "The new password must differ from the current one.",
    fr: "Le nouveau mot de passe doit être différent de l'actuel.",
  },
  WEAK_PASSWORD: ({ because }: { because: "short" | "guessable" }): LocalizedText =>
    because === "short"
      ? {
          ar: "يجب أن تتكون كلمة المرور من 12 حرفًا على الأقل.",
          en: "The password must have at least 12 characters.",
          fr: "Le mot de passe doit comporter au moins 12 caractères.",
        }
      : {
          ar: "كلمة المرور هذه سهلة التخمين (شائعة أو مطابقة للبريد الإلكتروني). اختر غيرها.",
          en: "This password is easy to guess (a common one, or the email). Choose another.",
          fr: "Ce mot de passe est facile à deviner (courant, ou l'adresse e-mail). Choisissez-en un autre.",
        },
  EMAIL_TAKEN: {
    ar: "هذا البريد الإلكتروني مستخدم لحساب آخر.",
    en: "This email is already used by another account.",
    fr: "Cette adresse e-mail est déjà utilisée par un autre compte.",
  },
  LAST_ADMIN: {
    ar: "هذا آخر مسؤول نشط في الجامعة: عيّن مسؤولًا آخر أولًا.",
    en: "This is the university's last active admin: make someone else admin first.",
    fr: "C'est le dernier administrateur actif de l'université : nommez d'abord un autre administrateur.",
  },
  OWN_PASSWORD: {
    ar: "لتغيير كلمة مرورك استخدم تغيير كلمة المرور، مع كلمة مرورك الحالية.",
    en: "Change your own password with the password change, which asks for the current one.",
    fr: "Changez votre propre mot de passe avec le changement de mot de passe, qui demande l'actuel.",
  },

  // Issuance.
  UNIVERSITY_SUSPENDED: asWorded,
  SIGNER_KEY_INVALID: asWorded,
  ALREADY_ISSUED: ({
    problems,
    count,
  }: {
    problems: readonly { message: LocalizedText }[];
    count: number;
  }): LocalizedText =>
    count === 1 && problems[0]
      ? problems[0].message
      : count === problems.length
        ? {
            ar: `${count} من الطلاب صدرت لهم من قبل شهادة بالدرجة والبرنامج نفسيهما (أو تكرروا في الطلب)، ولم تُصدَر أي شهادة. التفاصيل تذكر كل واحدة.`,
            en: `${count} students already have a certificate for the same degree and programme (or appear twice in the request), so nothing was issued. The details name each one.`,
            fr: `${count} étudiants ont déjà un certificat pour le même diplôme et le même programme (ou figurent deux fois dans la requête) : rien n'a été émis. Les détails les nomment un par un.`,
          }
        : {
            ar: `${count} من الطلاب صدرت لهم من قبل شهادة بالدرجة والبرنامج نفسيهما (أو تكرروا في الطلب)، ولم تُصدَر أي شهادة. التفاصيل تذكر أول ${problems.length} منهم.`,
            en: `${count} students already have a certificate for the same degree and programme (or appear twice in the request), so nothing was issued. The details name the first ${problems.length}.`,
            fr: `${count} étudiants ont déjà un certificat pour le même diplôme et le même programme (ou figurent deux fois dans la requête) : rien n'a été émis. Les détails nomment les ${problems.length} premiers.`,
          },
  IDEMPOTENCY_KEY_REUSED: {
    ar: "مفتاح منع التكرار هذا استُخدم من قبل لطلب مختلف.",
    en: "This idempotency key was already used for a different request.",
    fr: "Cette clé d'idempotence a déjà servi pour une autre requête.",
  },
  FILE_MISSING: {
    ar: "أرسل ملف CSV أو XLSX في الحقل file، أو قائمة JSON.",
    en: "Send a CSV or XLSX file in the field `file`, or a JSON list.",
    fr: "Envoyez un fichier CSV ou XLSX dans le champ `file`, ou une liste JSON.",
  },
  MALFORMED_UPLOAD: {
    ar: "تعذّرت قراءة الطلب متعدد الأجزاء. أرسل ملفًا واحدًا في الحقل file.",
    en: "The multipart request could not be read. Send one file in the field `file`.",
    fr: "La requête multipart est illisible. Envoyez un seul fichier dans le champ `file`.",
  },
  IMPORT_INVALID: {
    ar: "الملف يحتوي على أخطاء ولم تُصدَر أي شهادة. صحِّح الخلايا المذكورة، أو اطلب إصدار الصفوف الصحيحة فقط.",
    en: "The file has errors and nothing was issued. Fix the listed cells, or ask to issue the valid rows only.",
    fr: "Le fichier contient des erreurs et rien n'a été émis. Corrigez les cellules indiquées ou demandez l'émission des seules lignes valides.",
  },
  IMPORT_FILE_TOO_LARGE: asWorded,
  IMPORT_TOO_MANY_SHEETS: asWorded,
  IMPORT_TOO_MANY_CELLS: asWorded,

  // Certificates and batches after issuance.
  NOT_ANCHORED_YET: ({ state }: { state: LocalizedText }): LocalizedText => ({
    ar: `لا يُسلَّم ملف PDF ولا رمز QR ولا رابط التحقق إلا بعد تثبيت الدفعة في سلسلة الكتل. الحالة الآن: ${state.ar}.`,
    en: `The PDF, QR code and verification link are given out only once the batch is anchored on the blockchain. Now: ${state.en}.`,
    fr: `Le PDF, le QR code et le lien de vérification ne sont remis qu'une fois le lot ancré sur la blockchain. État actuel : ${state.fr}.`,
  }),
  MINISTRY_UNKNOWN: {
    ar: "لا تُعرف وزارة هذه الجامعة على هذا الخادم.",
    en: "This university's ministry is not known to this server.",
    fr: "Le ministère de cette université n'est pas connu de ce serveur.",
  },
  BATCH_TOO_LARGE: {
    ar: "الدفعة أكبر من أن تُنزَّل ملفًا مضغوطًا واحدًا؛ نزِّل ملفات PDF واحدًا واحدًا أو عبر الواجهة البرمجية.",
    en: "This batch is too large for one zip; download its PDFs one by one or through the API.",
    fr: "Ce lot est trop volumineux pour un seul zip ; téléchargez ses PDF un par un ou via l'API.",
  },
  ALREADY_REVOKED: ({ what }: { what: "certificate" | "batch" }): LocalizedText =>
    what === "certificate"
      ? {
          ar: "هذه الشهادة ملغاة من قبل.",
          en: "This certificate is already revoked.",
          fr: "Ce certificat est déjà révoqué.",
        }
      : { ar: "هذه الدفعة ملغاة من قبل.", en: "This batch is already revoked.", fr: "Ce lot est déjà révoqué." },
  NOT_AWAITING_APPROVAL: {
    ar: "هذه الدفعة لا تنتظر موافقة.",
    en: "This batch is not waiting for approval.",
    fr: "Ce lot n'attend pas d'approbation.",
  },
  SELF_APPROVAL: {
    ar: "أنشأتَ شهادات في هذه الدفعة، فلا يجوز لك الموافقة عليها أو رفضها: يراجعها شخص آخر (مبدأ الأعين الأربع).",
    en: "You created certificates in this batch, so you cannot approve or refuse it: another person must review it (four-eyes rule).",
    fr: "Vous avez créé des certificats de ce lot : vous ne pouvez ni l'approuver ni le refuser, une autre personne doit l'examiner (principe des quatre yeux).",
  },
  NOT_RESEALABLE: {
    ar: "لا يمكن إعادة ختم إلا دفعة فشلت دون أن يرفضها مراجع، ومرة واحدة فقط.",
    en: "Only a batch that failed without being refused by an approver can be re-sealed, and only once.",
    fr: "Seul un lot en échec qui n'a pas été refusé par un approbateur peut être rescellé, et une seule fois.",
  },

  // Signer keys.
  ROTATION_IN_PROGRESS: {
    ar: "تبديل مفتاح سابق لم يكتمل بعد: ينتظر تسجيل المفتاح الجديد في سلسلة الكتل.",
    en: "A previous key rotation is not finished yet: its new key is waiting to be registered on the blockchain.",
    fr: "Un changement de clé précédent n'est pas terminé : sa nouvelle clé attend d'être enregistrée sur la blockchain.",
  },
  CHAIN_UNREACHABLE: {
    ar: "تعذّرت قراءة سلسلة الكتل الآن؛ أعد المحاولة بعد قليل.",
    en: "The blockchain cannot be read right now; try again shortly.",
    fr: "La blockchain est illisible pour le moment ; réessayez dans un instant.",
  },

  // Public routes: stored credentials and verification.
  CREDENTIAL_NOT_READY: {
    ar: "هذه الشهادة قيد الإصدار. أعد المحاولة بعد دقيقة.",
    en: "This certificate is still being issued. Try again in a minute.",
    fr: "Ce certificat est en cours d'émission. Réessayez dans une minute.",
  },
  // A link or typed code that core cannot read (`core/codes/verification-code.ts`), each for its own reason.
  CODE_MALFORMED: NOT_A_CODE,
  CODE_BAD_CREDENTIAL_ID: NOT_A_CODE,
  CODE_BAD_NUMBER: NOT_A_CODE,
  CODE_BAD_SECRET: NOT_A_CODE,
  CODE_CHECK_FAILED: NOT_A_CODE,
  CODE_UNKNOWN_VERSION: NOT_A_CODE,
  UNTRUSTED_CHAIN: {
    ar: "هذا الرمز يخص شبكة لا يثق بها هذا الخادم.",
    en: "This code belongs to a network this server does not trust.",
    fr: "Ce code relève d'un réseau auquel ce serveur ne fait pas confiance.",
  },
  ISSUER_UNREACHABLE: {
    ar: "تعذّر الوصول إلى خادم الجامعة المُصدِرة. جرّب رفع ملف الشهادة PDF.",
    en: "The issuing university's server could not be reached. Try uploading the PDF certificate.",
    fr: "Le serveur de l'université émettrice est injoignable. Essayez de téléverser le certificat PDF.",
  },
  DECRYPTION_FAILED: {
    ar: "تعذّر فتح الشهادة بهذا الرمز.",
    en: "The certificate cannot be opened with this code.",
    fr: "Le certificat ne peut pas être ouvert avec ce code.",
  },

  // A holder's requests (`public/holder-routes.ts`): proven with the certificate's QR secret.
  HOLDER_PROOF_INVALID: {
    ar: "لا يثبت هذا الطلب أنه من حامل الشهادة: افتح الشهادة من رابطها الكامل (رمز QR) وأعد المحاولة.",
    en: "This request does not prove it comes from the certificate's holder: open the certificate from its full link (QR code) and try again.",
    fr: "Cette demande ne prouve pas qu'elle vient du titulaire du certificat : ouvrez le certificat depuis son lien complet (code QR) et réessayez.",
  },
  HOLDER_PROOF_STALE: ({ seconds }: { seconds: number }): LocalizedText => ({
    ar: `انتهت صلاحية هذا الطلب (يُقبل خلال ${seconds} ثانية): تحقّق من ساعة جهازك وأعد المحاولة.`,
    en: `This request has expired (it is accepted within ${seconds} seconds): check your device's clock and try again.`,
    fr: `Cette demande a expiré (elle est acceptée pendant ${seconds} secondes) : vérifiez l'horloge de votre appareil et réessayez.`,
  }),
  CERTIFICATE_REVOKED: {
    ar: "هذه الشهادة ملغاة: لم يعد بالإمكان مشاركتها ولا تنزيلها.",
    en: "This certificate is revoked: it can no longer be shared or downloaded.",
    fr: "Ce certificat est révoqué : il ne peut plus être partagé ni téléchargé.",
  },
  DERIVED_CREDENTIAL_TOO_LARGE: ({ limit }: { limit: number }): LocalizedText => ({
    ar: `الشهادة المشتركة المشفّرة أكبر من ${limit} حرفًا.`,
    en: `The encrypted shared credential is over ${limit} characters.`,
    fr: `Le justificatif partagé chiffré dépasse ${limit} caractères.`,
  }),
  DERIVED_CREDENTIAL_LIMIT: ({ limit }: { limit: number }): LocalizedText => ({
    ar: `لهذه الشهادة ${limit} رابط مشاركة، وهو الحد الأقصى. شارك ملف الشهادة بدلًا من ذلك.`,
    en: `This certificate already has ${limit} sharing links, the most it may have. Share the credential file instead.`,
    fr: `Ce certificat a déjà ${limit} liens de partage, le maximum. Partagez plutôt le fichier du justificatif.`,
  }),
  DERIVED_ID_TAKEN: {
    ar: "هذا المعرّف مستخدم من قبل؛ أعد المحاولة بمعرّف جديد.",
    en: "This id is already in use; try again with a new one.",
    fr: "Cet identifiant est déjà utilisé ; réessayez avec un nouveau.",
  },

  // Mirrors: a push of stored credentials refused (`mirror/`).
  MIRROR_PUSH_NOT_OPERATOR: {
    ar: "لم يوقِّع هذا الدفعَ مشغِّلُ الجامعة المسجَّل في سلسلة الكتل.",
    en: "This push is not signed by the university's operator as the blockchain records it.",
    fr: "Cet envoi n'est pas signé par l'opérateur de l'université tel que l'enregistre la blockchain.",
  },
  MIRROR_UNIVERSITY_NOT_ACCREDITED: {
    ar: "هذه الجامعة غير معتمدة الآن: لا تحتفظ هذه النسخة بشهاداتها الجديدة.",
    en: "This university is not accredited now: this mirror keeps none of its new certificates.",
    fr: "Cette université n'est pas accréditée actuellement : ce miroir ne garde aucun de ses nouveaux certificats.",
  },
  MIRROR_WRONG_COUNTRY: {
    ar: "هذه النسخة تحتفظ بشهادات جامعات بلد وزارتها فقط.",
    en: "This mirror keeps only the certificates of its ministry's own country.",
    fr: "Ce miroir ne garde que les certificats des universités du pays de son ministère.",
  },

  // Ministry audit: the audit tools' own message travels in `details`.
  AUDIT_BAD_COUNTRY: VALIDATION_FAILED,
  AUDIT_BAD_DATE: VALIDATION_FAILED,
} as const satisfies Record<string, LocalizedText | ((params: never) => LocalizedText)>;

export type ApiErrorCode = keyof typeof API_ERROR_MESSAGES;

type VerificationCodeProblem = Extract<ApiErrorCode, `CODE_${string}`>;

/** The code of core's VerificationCodeError as the API's; one the API does not know yet is answered as malformed. */
export const verificationCodeProblem = (code: string): VerificationCodeProblem =>
  code.startsWith("CODE_") && code in API_ERROR_MESSAGES ? (code as VerificationCodeProblem) : "CODE_MALFORMED";

type Entry<C extends ApiErrorCode> = (typeof API_ERROR_MESSAGES)[C];

/** What an error of code `C` is built with: its message's parameters if it has any, then optional details. */
export type ApiErrorArgs<C extends ApiErrorCode> =
  Entry<C> extends (params: infer P) => LocalizedText ? [params: P, details?: unknown] : [details?: unknown];

/** The message of `code` in ar/en/fr, with its parameters (the first of `args`) filled in. */
export function apiErrorMessage<C extends ApiErrorCode>(
  code: C,
  ...args: ApiErrorArgs<C>
): { messages: LocalizedText; details: unknown } {
  const entry: LocalizedText | ((params: never) => LocalizedText) = API_ERROR_MESSAGES[code];
  // ApiErrorArgs ties the parameters to the code's own function, which the union here forgets.
  if (typeof entry === "function") return { messages: entry(args[0] as never), details: args[1] };
  return { messages: entry, details: args[0] };
}

import type { CheckName, CheckStatus, LocalizedText, Verdict } from "../../../core";
import { translator } from "../../shared/i18n";

export { initialLanguage, languageOf } from "../../shared/i18n";

/** What the page itself says; the checks' messages, degrees, countries and reasons come from core. */
const MESSAGES = {
  "app.name": { ar: "تصديق", en: "Tasdiq", fr: "Tasdiq" },
  "app.tagline": {
    ar: "التحقق من الشهادات الأكاديمية العربية",
    en: "Verify an Arab academic certificate",
    fr: "Vérifier un certificat universitaire arabe",
  },
  "app.intro": {
    ar: "امسح رمز QR الموجود على الشهادة، أو ارفع ملف الشهادة، أو اكتب رمز التحقق المطبوع تحت رمز QR. يجري التحقق في متصفحك مباشرةً مقابل السجل المدوَّن على سلسلة الكتل.",
    en: "Scan the QR code on the certificate, upload the certificate, or type the code printed under the QR code. The check runs in your browser, against the registry recorded on the blockchain.",
    fr: "Scannez le code QR du certificat, téléversez le certificat ou saisissez le code imprimé sous le code QR. La vérification se fait dans votre navigateur, auprès du registre inscrit sur la blockchain.",
  },
  "app.language": { ar: "اللغة", en: "Language", fr: "Langue" },
  "app.privacy": {
    ar: "يجري التحقق في متصفحك. لا يُرسَل الرمز السري للشهادة إلى أي خادم، ولا تُجلَب الشهادة إلا مشفَّرةً من خادم الجامعة التي أصدرتها.",
    en: "The check runs in your browser. The certificate's secret code is never sent to a server; the certificate is fetched, encrypted, only from the university that issued it.",
    fr: "La vérification se fait dans votre navigateur. Le code secret du certificat n'est envoyé à aucun serveur ; le certificat n'est récupéré, chiffré, qu'auprès de l'université qui l'a délivré.",
  },
  "inputs.title": { ar: "تحقَّق من شهادة", en: "Check a certificate", fr: "Vérifier un certificat" },
  "scan.title": { ar: "مسح رمز QR", en: "Scan the QR code", fr: "Scanner le code QR" },
  "scan.start": { ar: "تشغيل الكاميرا", en: "Start the camera", fr: "Activer la caméra" },
  "scan.stop": { ar: "إيقاف الكاميرا", en: "Stop the camera", fr: "Arrêter la caméra" },
  "scan.hint": {
    ar: "وجِّه الكاميرا نحو رمز QR المطبوع على الشهادة.",
    en: "Point the camera at the QR code printed on the certificate.",
    fr: "Dirigez la caméra vers le code QR imprimé sur le certificat.",
  },
  "scan.video": { ar: "صورة الكاميرا", en: "Camera view", fr: "Image de la caméra" },
  "upload.title": { ar: "رفع ملف", en: "Upload a file", fr: "Téléverser un fichier" },
  "upload.label": {
    ar: "ملف الشهادة (PDF)، أو صورة أو لقطة شاشة لرمز QR، أو ملف بيانات الشهادة (JSON)",
    en: "Certificate PDF, photo or screenshot of the QR code, or credential file (.json)",
    fr: "PDF du certificat, photo ou capture d'écran du code QR, ou fichier du certificat (.json)",
  },
  "upload.button": { ar: "اختيار ملف", en: "Choose a file", fr: "Choisir un fichier" },
  "upload.drop": { ar: "أو أفلِته هنا", en: "or drop it here", fr: "ou déposez-le ici" },
  "code.title": { ar: "كتابة رمز التحقق", en: "Type the verification code", fr: "Saisir le code de vérification" },
  "code.label": {
    ar: "رمز التحقق المطبوع تحت رمز QR",
    en: "Verification code printed under the QR code",
    fr: "Code de vérification imprimé sous le code QR",
  },
  "code.hint": {
    ar: "حروف لاتينية وأرقام؛ لا تهمّ المسافات ولا الشَّرطات ولا حالة الأحرف.",
    en: "Letters and digits; spaces, hyphens and letter case do not matter.",
    fr: "Lettres et chiffres ; les espaces, les tirets et la casse sont sans importance.",
  },
  "code.submit": { ar: "تحقَّق", en: "Verify", fr: "Vérifier" },
  "working.config": { ar: "جارٍ تحميل الإعدادات…", en: "Loading the settings…", fr: "Chargement des réglages…" },
  "working.chain": {
    ar: "جارٍ قراءة السجل على سلسلة الكتل…",
    en: "Reading the registry on the blockchain…",
    fr: "Lecture du registre sur la blockchain…",
  },
  "working.fetch": {
    ar: "جارٍ جلب الشهادة من خادم الجامعة…",
    en: "Fetching the certificate from the university's server…",
    fr: "Récupération du certificat sur le serveur de l'université…",
  },
  "working.file": { ar: "جارٍ قراءة الملف…", en: "Reading the file…", fr: "Lecture du fichier…" },
  "working.checks": { ar: "جارٍ فحص الشهادة…", en: "Checking the certificate…", fr: "Vérification du certificat…" },
  "verdict.VALID.title": { ar: "شهادة صحيحة", en: "Valid certificate", fr: "Certificat authentique" },
  "verdict.VALID.summary": {
    ar: "أصدرتها جامعة معتمدة، وهي مسجَّلة على سلسلة الكتل، ولم تُعدَّل ولم تُلغَ.",
    en: "Issued by an accredited university, recorded on the blockchain, unaltered and not revoked.",
    fr: "Délivré par une université accréditée, enregistré sur la blockchain, non modifié et non révoqué.",
  },
  "verdict.INVALID.title": { ar: "شهادة غير صحيحة", en: "Not a valid certificate", fr: "Certificat non valide" },
  "verdict.INVALID.summary": {
    ar: "لا تقبل هذه الشهادة. مواضع الخلل:",
    en: "Do not accept this certificate. What is wrong:",
    fr: "N'acceptez pas ce certificat. Ce qui ne va pas :",
  },
  "verdict.REVOKED.title": { ar: "شهادة ملغاة", en: "Revoked certificate", fr: "Certificat révoqué" },
  "verdict.REVOKED.summary": {
    ar: "ألغت الجامعة هذه الشهادة، فلا تقبلها.",
    en: "The university has revoked this certificate. Do not accept it.",
    fr: "L'université a révoqué ce certificat. Ne l'acceptez pas.",
  },
  "verdict.CANNOT_CHECK.title": {
    ar: "تعذَّر التحقق الآن",
    en: "Cannot check right now",
    fr: "Vérification impossible pour l'instant",
  },
  "verdict.CANNOT_CHECK.summary": {
    ar: "هذا لا يعني أن الشهادة مزوَّرة: لم يكتمل التحقق.",
    en: "This does not mean the certificate is fake: the check could not be completed.",
    fr: "Cela ne veut pas dire que le certificat est faux : la vérification n'a pas pu aboutir.",
  },
  "source.mirror": {
    ar: "لم يقدِّم خادم الجامعة هذه الشهادة؛ جاءت نسختها المشفَّرة من {mirror} ({url})، وتحقَّقت منها هذه الصفحة كما لو جاءت من الجامعة.",
    en: "The university's server did not provide this certificate; its encrypted copy came from {mirror} ({url}) and this page checked it just the same.",
    fr: "Le serveur de l'université n'a pas fourni ce certificat ; sa copie chiffrée provient du {mirror} ({url}) et cette page l'a vérifiée de la même façon.",
  },
  "source.ministryMirror": {
    ar: "نسخة وزارة {country}",
    en: "the mirror of the ministry of {country}",
    fr: "miroir du ministère de {country}",
  },
  "source.authorityMirror": { ar: "نسخة الألكسو", en: "the ALECSO mirror", fr: "miroir de l'ALECSO" },
  "revoked.detail": {
    ar: "أُلغيت في {date}. السبب: {reason}.",
    en: "Revoked on {date}. Reason: {reason}.",
    fr: "Révoqué le {date}. Motif : {reason}.",
  },
  "certificate.title": { ar: "الشهادة", en: "The certificate", fr: "Le certificat" },
  "certificate.untrusted": {
    ar: "لا يمكن الوثوق بهذه البيانات، فالشهادة لم تجتز الفحوص المبيَّنة أدناه.",
    en: "These details cannot be trusted: the certificate failed the checks below.",
    fr: "Ces informations ne sont pas fiables : le certificat a échoué aux contrôles ci-dessous.",
  },
  "field.nameAr": { ar: "الاسم بالعربية", en: "Name (Arabic)", fr: "Nom (en arabe)" },
  "field.nameLatin": { ar: "الاسم بالحروف اللاتينية", en: "Name (Latin script)", fr: "Nom (en caractères latins)" },
  "field.identifier": {
    ar: "رقم الهوية أو الرقم الجامعي",
    en: "ID or student number",
    fr: "Numéro d'identité ou d'étudiant",
  },
  "field.degree": { ar: "الدرجة العلمية", en: "Degree", fr: "Diplôme" },
  "field.programme": { ar: "التخصص", en: "Programme", fr: "Spécialité" },
  "field.graduationDate": { ar: "تاريخ التخرج", en: "Graduation date", fr: "Date d'obtention" },
  "field.grade": { ar: "التقدير", en: "Grade", fr: "Mention ou note" },
  "field.honours": { ar: "مرتبة الشرف", en: "Honours", fr: "Distinction" },
  "field.validFrom": { ar: "صالحة من", en: "Valid from", fr: "Valable à partir du" },
  "field.validUntil": { ar: "صالحة حتى", en: "Valid until", fr: "Valable jusqu'au" },
  "field.credentialId": { ar: "رقم الشهادة", en: "Certificate number", fr: "Numéro du certificat" },
  "field.hidden": { ar: "أخفاه حامل الشهادة", en: "Hidden by the holder", fr: "Masqué par le titulaire" },
  "issuer.title": { ar: "الجامعة المُصدِرة", en: "Issuing university", fr: "Université émettrice" },
  "issuer.university": { ar: "الجامعة", en: "University", fr: "Université" },
  "issuer.ministry": { ar: "الوزارة المانحة للاعتماد", en: "Accrediting ministry", fr: "Ministère d'accréditation" },
  "issuer.country": { ar: "البلد", en: "Country", fr: "Pays" },
  "issuer.accreditedSince": { ar: "معتمدة منذ", en: "Accredited since", fr: "Accréditée depuis le" },
  "issuer.standing": { ar: "وضعها اليوم", en: "Standing today", fr: "Situation actuelle" },
  "issuer.standing.accredited": { ar: "معتمدة", en: "Accredited", fr: "Accréditée" },
  "issuer.standing.suspended": {
    ar: "معلَّق اعتمادها منذ {date}؛ تبقى الشهادات المسجَّلة قبل ذلك صحيحة",
    en: "Suspended since {date}; certificates recorded before then remain valid",
    fr: "Suspendue depuis le {date} ; les certificats enregistrés auparavant restent valides",
  },
  "issuer.standing.notAccredited": {
    ar: "غير معتمدة؛ تبقى الشهادات المسجَّلة أثناء اعتمادها صحيحة",
    en: "Not accredited; certificates recorded while it was remain valid",
    fr: "Non accréditée ; les certificats enregistrés pendant son accréditation restent valides",
  },
  "issuer.unconfirmed": {
    ar: "تعذَّر التأكد من الجامعة المُصدِرة على سلسلة الكتل، لذا لا يُعرض اسمها هنا.",
    en: "The issuing university could not be confirmed on the blockchain, so its name is not shown here.",
    fr: "L'université émettrice n'a pas pu être confirmée sur la blockchain ; son nom n'est donc pas affiché ici.",
  },
  "anchor.title": {
    ar: "التسجيل على سلسلة الكتل",
    en: "Recorded on the blockchain",
    fr: "Enregistrement sur la blockchain",
  },
  "anchor.anchoredAt": { ar: "تاريخ التسجيل", en: "Recorded on", fr: "Enregistré le" },
  "anchor.block": { ar: "رقم الكتلة", en: "Block", fr: "Bloc" },
  "anchor.transaction": { ar: "المعاملة", en: "Transaction", fr: "Transaction" },
  "anchor.network": { ar: "الشبكة (معرِّف السلسلة)", en: "Network (chain id)", fr: "Réseau (identifiant de chaîne)" },
  "anchor.count": { ar: "عدد الشهادات في الدفعة", en: "Certificates in the batch", fr: "Certificats dans le lot" },
  "checks.title": { ar: "الفحوص", en: "Checks", fr: "Contrôles" },
  "check.FORMAT": { ar: "صيغة الشهادة", en: "Certificate format", fr: "Format du certificat" },
  "check.INTEGRITY": { ar: "سلامة البيانات", en: "Data unaltered", fr: "Données non modifiées" },
  "check.MERKLE_PROOF": {
    ar: "الانتماء إلى الدفعة الموقَّعة",
    en: "Part of the signed batch",
    fr: "Appartenance au lot signé",
  },
  "check.ANCHORED": {
    ar: "التسجيل على سلسلة الكتل",
    en: "Recorded on the blockchain",
    fr: "Enregistrement sur la blockchain",
  },
  "check.ISSUER_SIGNATURE": { ar: "توقيع الجامعة", en: "University's signature", fr: "Signature de l'université" },
  "check.ISSUER_ACCREDITED": { ar: "اعتماد الجامعة", en: "University accredited", fr: "Accréditation de l'université" },
  "check.NOT_REVOKED": { ar: "عدم الإلغاء", en: "Not revoked", fr: "Non révoqué" },
  "check.NOT_EXPIRED": { ar: "فترة الصلاحية", en: "Validity period", fr: "Période de validité" },
  "status.VALID": { ar: "ناجح", en: "Passed", fr: "Réussi" },
  "status.INVALID": { ar: "فاشل", en: "Failed", fr: "Échoué" },
  "status.SKIPPED": { ar: "لم يُجرَ", en: "Not checked", fr: "Non vérifié" },
  "status.ERROR": { ar: "تعذَّر إجراؤه", en: "Could not check", fr: "Impossible à vérifier" },
  again: { ar: "التحقق من شهادة أخرى", en: "Check another certificate", fr: "Vérifier un autre certificat" },
  "problem.title": {
    ar: "تعذَّر التحقق من هذه الشهادة",
    en: "Could not check this certificate",
    fr: "Vérification impossible",
  },
  "problem.QR_NOT_FOUND.title": { ar: "لم يُعثر على رمز QR", en: "No QR code found", fr: "Aucun code QR trouvé" },
  "problem.QR_NOT_FOUND.text": {
    ar: "تعذَّرت قراءة رمز QR في هذه الصورة. التقط صورة واضحة في إضاءة جيدة يظهر فيها الرمز كاملًا، أو ارفع ملف الشهادة (PDF).",
    en: "No QR code could be read in this image. Take a sharp, well-lit photo with the whole QR code in view, or upload the certificate PDF.",
    fr: "Aucun code QR n'a pu être lu sur cette image. Prenez une photo nette et bien éclairée où le code QR apparaît en entier, ou téléversez le PDF du certificat.",
  },
  "problem.NOT_TASDIQ.title": { ar: "ليس رمز تصديق", en: "Not a Tasdiq code", fr: "Ce n'est pas un code Tasdiq" },
  "problem.NOT_TASDIQ.text": {
    ar: "رمز QR هذا لا يعود إلى شهادة من منظومة تصديق. امسح رمز QR المطبوع على الشهادة نفسها.",
    en: "This QR code does not come from a Tasdiq certificate. Scan the QR code printed on the certificate itself.",
    fr: "Ce code QR ne provient pas d'un certificat Tasdiq. Scannez le code QR imprimé sur le certificat lui-même.",
  },
  "problem.CODE_TYPO.title": {
    ar: "خطأ في كتابة الرمز",
    en: "Typing mistake in the code",
    fr: "Faute de frappe dans le code",
  },
  "problem.CODE_TYPO.text": {
    ar: "في الرمز خطأ كتابي: حرف خاطئ أو ناقص أو زائد، أو حرفان متبادلان. قارنه بالشهادة واكتبه من جديد.",
    en: "The code has a typing mistake: a character is wrong, missing or extra, or two are swapped. Compare it with the certificate and type it again.",
    fr: "Le code contient une faute de frappe : un caractère est faux, manquant ou en trop, ou deux sont inversés. Comparez-le au certificat et saisissez-le de nouveau.",
  },
  "problem.CODE_INVALID.title": {
    ar: "ليس رمز تحقق",
    en: "Not a verification code",
    fr: "Ce n'est pas un code de vérification",
  },
  "problem.CODE_INVALID.text": {
    ar: "هذا ليس رمز تحقق من منظومة تصديق. اكتب الرمز المطبوع تحت رمز QR، وهو نحو 40 حرفًا ورقمًا.",
    en: "This is not a Tasdiq verification code. Type the code printed under the QR code, about 40 letters and digits.",
    fr: "Ce n'est pas un code de vérification Tasdiq. Saisissez le code imprimé sous le code QR, d'environ 40 lettres et chiffres.",
  },
  "problem.ISSUER_UNREACHABLE.title": {
    ar: "خادم الجامعة لا يستجيب",
    en: "The university's server does not answer",
    fr: "Le serveur de l'université ne répond pas",
  },
  "problem.ISSUER_UNREACHABLE.text": {
    ar: "تُحفَظ الشهادة مشفَّرةً على خادم الجامعة التي أصدرتها، وقد تعذَّر الوصول إليه. أعد المحاولة لاحقًا، أو ارفع ملف الشهادة (PDF) ففيه كل ما يلزم للتحقق.",
    en: "The certificate is kept, encrypted, on the server of the university that issued it, and that server could not be reached. Try again later, or upload the certificate PDF: it contains everything needed.",
    fr: "Le certificat est conservé, chiffré, sur le serveur de l'université qui l'a délivré, et ce serveur est injoignable. Réessayez plus tard, ou téléversez le PDF du certificat : il contient tout le nécessaire.",
  },
  "problem.NOT_READY.title": {
    ar: "الشهادة قيد الإصدار",
    en: "Certificate still being issued",
    fr: "Certificat en cours d'émission",
  },
  "problem.NOT_READY.text": {
    ar: "ما زالت الجامعة تُصدر هذه الشهادة. أعد المحاولة بعد دقائق.",
    en: "The university is still issuing this certificate. Try again in a few minutes.",
    fr: "L'université est encore en train d'émettre ce certificat. Réessayez dans quelques minutes.",
  },
  "problem.NOT_FOUND.title": { ar: "الشهادة غير موجودة", en: "Certificate not found", fr: "Certificat introuvable" },
  "problem.NOT_FOUND.text": {
    ar: "لا توجد على خادم الجامعة شهادة بهذا الرمز. تحقَّق من الرمز، أو ارفع ملف الشهادة (PDF).",
    en: "The university's server has no certificate with this code. Check the code, or upload the certificate PDF.",
    fr: "Le serveur de l'université n'a aucun certificat avec ce code. Vérifiez le code, ou téléversez le PDF du certificat.",
  },
  "problem.WRONG_SECRET.title": {
    ar: "الرمز لا يفتح هذه الشهادة",
    en: "The code does not open this certificate",
    fr: "Ce code n'ouvre pas ce certificat",
  },
  "problem.WRONG_SECRET.text": {
    ar: "لدى الجامعة شهادة بهذا الرقم، لكن هذا الرمز لا يفتحها: فقد كُتب خطأً أو عُدِّل.",
    en: "The university has a certificate with this number, but this code does not unlock it: the code was mistyped or altered.",
    fr: "L'université a bien un certificat portant ce numéro, mais ce code ne permet pas de l'ouvrir : il a été mal saisi ou altéré.",
  },
  "problem.UNTRUSTED_NETWORK.title": {
    ar: "شبكة سلسلة كتل غير معروفة",
    en: "Unknown blockchain network",
    fr: "Réseau blockchain inconnu",
  },
  "problem.UNTRUSTED_NETWORK.text": {
    ar: "يشير هذا الرمز إلى شبكة سلسلة كتل لا يثق بها هذا المُحقِّق، فلا يمكن تأكيد الشهادة هنا.",
    en: "This code refers to a blockchain network this verifier does not trust, so the certificate cannot be confirmed here.",
    fr: "Ce code renvoie à un réseau blockchain auquel ce vérificateur ne fait pas confiance : le certificat ne peut pas être confirmé ici.",
  },
  "problem.UNKNOWN_UNIVERSITY.title": { ar: "جامعة غير معروفة", en: "Unknown university", fr: "Université inconnue" },
  "problem.UNKNOWN_UNIVERSITY.text": {
    ar: "لا توجد في السجل جامعة بهذا الرمز. قارن الرمز بما على الشهادة.",
    en: "No university with this code is in the registry. Check the code against the certificate.",
    fr: "Aucune université ne correspond à ce code dans le registre. Comparez le code au certificat.",
  },
  "problem.CONFIG_UNAVAILABLE.title": {
    ar: "المُحقِّق غير مهيَّأ",
    en: "This verifier is not set up",
    fr: "Ce vérificateur n'est pas configuré",
  },
  "problem.CONFIG_UNAVAILABLE.text": {
    ar: "تعذَّر تحميل إعدادات المُحقِّق. أعد تحميل الصفحة، وإن تكرَّر ذلك فأبلغ القائمين على الموقع.",
    en: "The verifier's settings could not be loaded. Reload the page; if this persists, tell the site's operator.",
    fr: "Les réglages du vérificateur n'ont pas pu être chargés. Rechargez la page ; si cela persiste, prévenez l'exploitant du site.",
  },
  "problem.FILE_UNREADABLE.title": { ar: "ملف غير معروف", en: "File not recognised", fr: "Fichier non reconnu" },
  "problem.FILE_UNREADABLE.text": {
    ar: "تعذَّرت قراءة هذا الملف. ارفع ملف الشهادة (PDF)، أو صورة لرمز QR، أو ملف بيانات الشهادة (JSON).",
    en: "This file could not be read. Upload the certificate PDF, a photo of its QR code, or the credential file (.json).",
    fr: "Ce fichier n'a pas pu être lu. Téléversez le PDF du certificat, une photo de son code QR ou le fichier du certificat (.json).",
  },
  "problem.FILE_TOO_LARGE.title": { ar: "الملف كبير جدًا", en: "File too large", fr: "Fichier trop volumineux" },
  "problem.FILE_TOO_LARGE.text": {
    ar: "حجم هذا الملف يتجاوز 25 ميغابايت. ارفع ملف الشهادة (PDF) أو صورة أصغر لرمز QR.",
    en: "This file is larger than 25 MB. Upload the certificate PDF or a smaller photo of the QR code.",
    fr: "Ce fichier dépasse 25 Mo. Téléversez le PDF du certificat ou une photo plus légère du code QR.",
  },
  "problem.PDF_WITHOUT_CREDENTIAL.title": {
    ar: "لا شيء يمكن فحصه في هذا الملف",
    en: "Nothing to check in this PDF",
    fr: "Rien à vérifier dans ce PDF",
  },
  "problem.PDF_WITHOUT_CREDENTIAL.text": {
    ar: "لا يحتوي ملف PDF هذا على بيانات الشهادة ولا على رمز QR مقروء في صفحته الأولى. ارفع الملف الذي تسلَّمته من الجامعة، أو صورة لرمز QR.",
    en: "This PDF holds neither the certificate's data nor a readable QR code on its first page. Upload the PDF you received from the university, or a photo of the QR code.",
    fr: "Ce PDF ne contient ni les données du certificat ni de code QR lisible en première page. Téléversez le PDF reçu de l'université, ou une photo du code QR.",
  },
  "problem.CAMERA_UNSUPPORTED.title": {
    ar: "الكاميرا غير متاحة",
    en: "Camera not available",
    fr: "Caméra indisponible",
  },
  "problem.CAMERA_UNSUPPORTED.text": {
    ar: "لا يستطيع هذا المتصفح استخدام الكاميرا في هذه الصفحة. ارفع صورة لرمز QR بدلًا من ذلك.",
    en: "This browser cannot use a camera on this page. Upload a photo of the QR code instead.",
    fr: "Ce navigateur ne peut pas utiliser de caméra sur cette page. Téléversez plutôt une photo du code QR.",
  },
  "problem.CAMERA_DENIED.title": {
    ar: "رُفض الوصول إلى الكاميرا",
    en: "Camera access refused",
    fr: "Accès à la caméra refusé",
  },
  "problem.CAMERA_DENIED.text": {
    ar: "اسمح باستخدام الكاميرا من إعدادات المتصفح، أو ارفع صورة لرمز QR بدلًا من ذلك.",
    en: "Allow camera access in your browser's settings, or upload a photo of the QR code instead.",
    fr: "Autorisez l'accès à la caméra dans les réglages du navigateur, ou téléversez plutôt une photo du code QR.",
  },
  "problem.CAMERA_NOT_FOUND.title": { ar: "لا توجد كاميرا", en: "No camera found", fr: "Aucune caméra trouvée" },
  "problem.CAMERA_NOT_FOUND.text": {
    ar: "لم يُعثر على كاميرا في هذا الجهاز. ارفع صورة لرمز QR بدلًا من ذلك.",
    en: "No camera was found on this device. Upload a photo of the QR code instead.",
    fr: "Aucune caméra n'a été trouvée sur cet appareil. Téléversez plutôt une photo du code QR.",
  },
  "problem.UNEXPECTED.title": { ar: "حدث خطأ", en: "Something went wrong", fr: "Une erreur s'est produite" },
  "problem.UNEXPECTED.text": {
    ar: "حدث خطأ غير متوقع. أعد تحميل الصفحة وحاول من جديد.",
    en: "An unexpected error occurred. Reload the page and try again.",
    fr: "Une erreur inattendue s'est produite. Rechargez la page et réessayez.",
  },
} satisfies Record<string, LocalizedText>;

export type MessageKey = keyof typeof MESSAGES;

export const { t, locale, localized, applyLanguage } = translator(MESSAGES, {
  name: "app.name",
  page: "app.tagline",
});

export const verdictTitle = (verdict: Verdict): string => t(`verdict.${verdict}.title`);
export const checkLabel = (name: CheckName): string => t(`check.${name}`);
export const statusLabel = (status: CheckStatus): string => t(`status.${status}`);

import type { LocalizedText } from "../../../core";
import { translator } from "../../shared/i18n";

export { initialLanguage, languageOf } from "../../shared/i18n";

/** What the dashboard says; countries, university names and revocation reasons come in all three languages. */
const MESSAGES = {
  "app.name": { ar: "تصديق", en: "Tasdiq", fr: "Tasdiq" },
  "app.title": { ar: "لوحة الوزارة", en: "Ministry dashboard", fr: "Tableau de bord du ministère" },
  "app.intro": {
    ar: "الجامعات والشهادات المثبتة والإلغاءات وتعليق الاعتماد، كما يقرؤها فهرس التدقيق من سلسلة الكتل. تعتمد الوزارة الجامعات وتعلّق اعتمادها وتعيده من لوحتها الخاصة، موقّعةً بمحفظتها: لا يدخل المفتاح هذه الصفحة أبدًا.",
    en: "Universities, certificates anchored, revocations and suspensions, read from the blockchain by the audit index. A ministry accredits, suspends or reinstates a university from its own dashboard, signing with its wallet: the key never enters the page.",
    fr: "Universités, certificats ancrés, révocations et suspensions, lus sur la blockchain par l'index d'audit. Un ministère accrédite, suspend ou rétablit une université depuis son propre tableau de bord, en signant avec son portefeuille : la clé n'entre jamais dans la page.",
  },
  "app.language": { ar: "اللغة", en: "Language", fr: "Langue" },
  "app.footer": {
    ar: "كل رقم هنا مأخوذ من أحداث السجلات العامة على سلسلة الكتل، لا من قاعدة بيانات أي جامعة.",
    en: "Every figure comes from public events of the registries on the blockchain, never from a university's own database.",
    fr: "Chaque chiffre provient des événements publics des registres sur la blockchain, jamais de la base de données d'une université.",
  },
  "key.title": { ar: "التوقيع باسم الوزارة", en: "Sign as the ministry", fr: "Signer au nom du ministère" },
  "key.file": { ar: "ملف المفتاح المشفر (‎.json)", en: "Keystore file (.json)", fr: "Fichier de clé chiffré (.json)" },
  "key.password": { ar: "كلمة المرور", en: "Password", fr: "Mot de passe" },
  "key.open": { ar: "فتح المفتاح", en: "Open the key", fr: "Ouvrir la clé" },
  "key.close": { ar: "تسجيل الخروج", en: "Sign out", fr: "Se déconnecter" },
  "key.decrypting": {
    ar: "جارٍ فك تشفير المفتاح في هذا المتصفح…",
    en: "Decrypting the key in this browser…",
    fr: "Déchiffrement de la clé dans ce navigateur…",
  },
  "key.ministry": {
    ar: "دخلت بصفتك وزارة {country} ({address}).",
    en: "Signed in as the ministry of {country} ({address}).",
    fr: "Connecté en tant que ministère de {country} ({address}).",
  },
  "key.authority": {
    ar: "دخلت بصفتك سلطة الألكسو ({address}): الدول الأعضاء الاثنتان والعشرون، للاطلاع فقط (الاعتماد للوزارات وحدها).",
    en: "Signed in as the ALECSO authority ({address}): all 22 member states, read only (only a ministry accredits).",
    fr: "Connecté en tant qu'autorité de l'ALECSO ({address}) : les 22 États membres, en lecture seule (seul un ministère accrédite).",
  },
  "key.notMinistry": {
    ar: "الحساب {address} ليس وزارة مسجلة ولا سلطة الألكسو.",
    en: "The account {address} is neither a registered ministry nor the ALECSO authority.",
    fr: "Le compte {address} n'est ni un ministère enregistré ni l'autorité de l'ALECSO.",
  },
  "key.wrongPassword": {
    ar: "تعذر فتح المفتاح: كلمة المرور خاطئة أو الملف ليس ملف مفتاح.",
    en: "The key could not be opened: wrong password or not a keystore file.",
    fr: "La clé n'a pas pu être ouverte : mot de passe erroné ou fichier qui n'est pas une clé.",
  },
  "key.missing": {
    ar: "اختر ملف المفتاح واكتب كلمة المرور.",
    en: "Choose the keystore file and type its password.",
    fr: "Choisissez le fichier de clé et saisissez son mot de passe.",
  },
  "key.fallback": {
    ar: "أو افتح ملف مفتاح مشفّر (على نطاق الوزارة نفسها فقط)",
    en: "Or open a keystore file (only on the ministry's own origin)",
    fr: "Ou ouvrir un fichier de clé chiffré (seulement sur l'origine du ministère)",
  },
  "key.viaWallet": {
    ar: "محفظتك هي التي توقّع، والمفتاح يبقى فيها.",
    en: "Your wallet signs; the key stays in it.",
    fr: "Votre portefeuille signe ; la clé y reste.",
  },
  "key.viaKeystore": {
    ar: "ملف المفتاح مفتوح في هذه الصفحة حتى تغلقه.",
    en: "The keystore is open in this page until you close it.",
    fr: "Le fichier de clé est ouvert dans cette page jusqu'à ce que vous le fermiez.",
  },
  "wallet.hint": {
    ar: "توقّع محفظة متصفحك، أو محفظة عتادية موصولة بها، كل معاملة: لا يدخل المفتاح هذه الصفحة أبدًا.",
    en: "Your browser wallet, or a hardware wallet behind it, signs each transaction: the key never enters this page.",
    fr: "Le portefeuille de votre navigateur, ou un portefeuille matériel derrière lui, signe chaque transaction : la clé n'entre jamais dans cette page.",
  },
  "wallet.connect": { ar: "ربط المحفظة", en: "Connect a wallet", fr: "Connecter un portefeuille" },
  "wallet.connecting": { ar: "في انتظار المحفظة…", en: "Waiting for the wallet…", fr: "En attente du portefeuille…" },
  "wallet.none": {
    ar: "لم يُعثر على محفظة في هذا المتصفح: ثبّت محفظة متصفح (وتتصل المحفظة العتادية عبرها).",
    en: "No wallet was found in this browser: install a browser wallet (a hardware wallet connects through it).",
    fr: "Aucun portefeuille dans ce navigateur : installez un portefeuille de navigateur (un portefeuille matériel s'y connecte).",
  },
  "wallet.wrongChain": {
    ar: "المحفظة على السلسلة {chainId}؛ انقلها إلى السلسلة {expected} ثم اربطها من جديد.",
    en: "The wallet is on chain {chainId}; switch it to chain {expected} and connect again.",
    fr: "Le portefeuille est sur la chaîne {chainId} ; passez-le sur la chaîne {expected} et connectez-le à nouveau.",
  },
  "wallet.failed": {
    ar: "تعذر ربط المحفظة: {message}",
    en: "The wallet did not connect: {message}",
    fr: "Le portefeuille ne s'est pas connecté : {message}",
  },
  "origin.ministry": {
    ar: "هذه اللوحة مقدَّمة من {origin}، نطاق الوزارة نفسها الذي بُنيت له. توقّع هنا، ولا تتصل إلا بـ:",
    en: "This dashboard is served from {origin}, the ministry's own origin it was built for. It signs here and may connect only to:",
    fr: "Ce tableau de bord est servi par {origin}, l'origine du ministère pour laquelle il a été construit. Il signe ici et ne peut se connecter qu'à :",
  },
  "origin.mismatch": {
    ar: "بُنيت هذه اللوحة للنطاق {built} لكنها مقدَّمة من {origin}: لا توقّع شيئًا هنا. افتحها من {built}.",
    en: "This dashboard was built for {built} but is served from {origin}: it signs nothing here. Open it from {built}.",
    fr: "Ce tableau de bord a été construit pour {built} mais est servi par {origin} : il ne signe rien ici. Ouvrez-le depuis {built}.",
  },
  "origin.issuanceServer": {
    ar: "هذه النسخة مقدَّمة من {origin}، خادم إصدار تابع لجامعة: تعرض الأرقام ولا توقّع أبدًا. توقّع الوزارات من لوحتها الخاصة على نطاقها الخاص.",
    en: "This copy is served by {origin}, a university's issuance server: it shows the figures and never signs. Ministries sign from their own dashboard, on their own origin.",
    fr: "Cette copie est servie par {origin}, le serveur d'émission d'une université : elle montre les chiffres et ne signe jamais. Les ministères signent depuis leur propre tableau de bord, sur leur propre origine.",
  },
  "origin.ministryDashboard": {
    ar: "لوحة الوزارة:",
    en: "The ministry's dashboard:",
    fr: "Le tableau de bord du ministère :",
  },
  "chain.reading": {
    ar: "جارٍ قراءة السجل على سلسلة الكتل…",
    en: "Reading the registry on the chain…",
    fr: "Lecture du registre sur la blockchain…",
  },
  "chain.failed": {
    ar: "تعذرت قراءة السجل: {message}",
    en: "The registry could not be read: {message}",
    fr: "Le registre n'a pas pu être lu : {message}",
  },
  "chain.unknown": {
    ar: "لا توجد في السجل جامعة رقمها {id}.",
    en: "The registry has no university No. {id}.",
    fr: "Le registre n'a pas d'université n° {id}.",
  },
  "chain.notYours": {
    ar: "على السلسلة، الجامعة رقم {id} في {country}، لا في دولة وزارتك.",
    en: "On the chain, university No. {id} is in {country}, not in your ministry's country.",
    fr: "Sur la chaîne, l'université n° {id} est en {country}, pas dans le pays de votre ministère.",
  },
  "chain.alreadySuspended": {
    ar: "على السلسلة، الجامعة رقم {id} معلّقة أصلًا.",
    en: "On the chain, university No. {id} is already suspended.",
    fr: "Sur la chaîne, l'université n° {id} est déjà suspendue.",
  },
  "chain.alreadyAccredited": {
    ar: "على السلسلة، الجامعة رقم {id} معتمدة أصلًا.",
    en: "On the chain, university No. {id} is already accredited.",
    fr: "Sur la chaîne, l'université n° {id} est déjà accréditée.",
  },
  "chain.operatorTaken": {
    ar: "الحساب {operator} يشغّل أصلًا الجامعة رقم {id}.",
    en: "The account {operator} already operates university No. {id}.",
    fr: "Le compte {operator} exploite déjà l'université n° {id}.",
  },
  "confirm.suspend": {
    ar: "تعليق اعتماد هذه الجامعة؟",
    en: "Suspend this university?",
    fr: "Suspendre cette université ?",
  },
  "confirm.reinstate": {
    ar: "إعادة اعتماد هذه الجامعة؟",
    en: "Reinstate this university?",
    fr: "Rétablir cette université ?",
  },
  "confirm.accredit": {
    ar: "اعتماد هذه الجامعة؟",
    en: "Accredit this university?",
    fr: "Accréditer cette université ?",
  },
  "confirm.fromChain": {
    ar: "كما يسجّلها السجل على سلسلة الكتل الآن:",
    en: "As the registry on the chain records it now:",
    fr: "Telle que le registre sur la blockchain l'enregistre maintenant :",
  },
  "confirm.newUniversity": {
    ar: "لا توجد في السجل بعدُ جامعة يشغّلها هذا الحساب. ستكون:",
    en: "The registry has no university run by this operator account yet. It will be:",
    fr: "Le registre n'a encore aucune université exploitée par ce compte. Elle sera :",
  },
  "confirm.id": { ar: "الرقم", en: "No.", fr: "N°" },
  "confirm.names": { ar: "الأسماء", en: "Names", fr: "Noms" },
  "confirm.country": { ar: "الدولة", en: "Country", fr: "Pays" },
  "confirm.operator": { ar: "حساب المشغّل", en: "Operator account", fr: "Compte opérateur" },
  "confirm.url": { ar: "خادم الإصدار", en: "Issuance server", fr: "Serveur d'émission" },
  "confirm.state": { ar: "الآن", en: "Now", fr: "Maintenant" },
  "confirm.reason": { ar: "السبب", en: "Reason", fr: "Motif" },
  "confirm.viaWallet": {
    ar: "ستعرض محفظتك المعاملة بعد ذلك: راجعها هناك قبل الموافقة.",
    en: "Your wallet shows the transaction next: check it there before approving.",
    fr: "Votre portefeuille affiche ensuite la transaction : vérifiez-la avant de l'approuver.",
  },
  "confirm.viaKeystore": {
    ar: "تُوقَّع المعاملة بملف المفتاح المفتوح في هذه الصفحة.",
    en: "The transaction is signed with the keystore open in this page.",
    fr: "La transaction est signée avec le fichier de clé ouvert dans cette page.",
  },
  "confirm.sign": { ar: "التوقيع والإرسال", en: "Sign and send", fr: "Signer et envoyer" },
  "confirm.cancel": { ar: "إلغاء", en: "Cancel", fr: "Annuler" },
  "filter.title": { ar: "ما يُعرض", en: "What to show", fr: "Ce qui est affiché" },
  "filter.country": { ar: "الدولة", en: "Country", fr: "Pays" },
  "filter.all": { ar: "الدول الأعضاء الاثنتان والعشرون", en: "All 22 member states", fr: "Les 22 États membres" },
  "filter.from": { ar: "من", en: "From", fr: "Du" },
  "filter.to": { ar: "إلى (ضمنًا)", en: "To (included)", fr: "Au (inclus)" },
  "filter.show": { ar: "عرض", en: "Show", fr: "Afficher" },
  "index.asOf": {
    ar: "الأرقام حتى الكتلة {block} ({time}).",
    en: "Figures as of block {block} ({time}).",
    fr: "Chiffres arrêtés au bloc {block} ({time}).",
  },
  "index.empty": {
    ar: "لم يقرأ فهرس التدقيق السلسلة بعد.",
    en: "The audit index has not read the chain yet.",
    fr: "L'index d'audit n'a pas encore lu la chaîne.",
  },
  "load.working": { ar: "جارٍ تحميل الأرقام…", en: "Loading the figures…", fr: "Chargement des chiffres…" },
  "load.failed": {
    ar: "تعذر تحميل الأرقام: {message}",
    en: "The figures could not be loaded: {message}",
    fr: "Les chiffres n'ont pas pu être chargés : {message}",
  },
  "universities.title": { ar: "الجامعات", en: "Universities", fr: "Universités" },
  "universities.empty": {
    ar: "لا توجد جامعة معتمدة في هذا النطاق.",
    en: "No university is accredited in this scope.",
    fr: "Aucune université accréditée dans ce périmètre.",
  },
  "university.id": { ar: "رقم {id}", en: "No. {id}", fr: "N° {id}" },
  "university.figures": {
    ar: "{certificates} شهادة في {batches} دفعة، أُلغي منها {revoked}",
    en: "{certificates} certificates in {batches} batches, {revoked} revoked",
    fr: "{certificates} certificats en {batches} lots, {revoked} révoqués",
  },
  "university.history": { ar: "سجل الاعتماد", en: "Accreditation history", fr: "Historique d'accréditation" },
  "university.interval.open": {
    ar: "معتمدة منذ {from}",
    en: "Accredited since {from}",
    fr: "Accréditée depuis le {from}",
  },
  "university.interval.closed": {
    ar: "معتمدة من {from} إلى {until}",
    en: "Accredited from {from} to {until}",
    fr: "Accréditée du {from} au {until}",
  },
  "university.interval.suspended": {
    ar: "عُلّق اعتمادها: «{reason}»",
    en: "suspended: “{reason}”",
    fr: "suspendue : « {reason} »",
  },
  "state.accredited": { ar: "معتمدة", en: "Accredited", fr: "Accréditée" },
  "state.suspended": { ar: "معلّقة", en: "Suspended", fr: "Suspendue" },
  "state.no-ministry": { ar: "بلا وزارة", en: "No ministry", fr: "Sans ministère" },
  "action.reason": { ar: "سبب التعليق", en: "Reason for the suspension", fr: "Motif de la suspension" },
  "action.suspend": { ar: "تعليق الاعتماد", en: "Suspend", fr: "Suspendre" },
  "action.reinstate": { ar: "إعادة الاعتماد", en: "Reinstate", fr: "Rétablir" },
  "action.sending": {
    ar: "جارٍ توقيع المعاملة وإرسالها…",
    en: "Signing and sending the transaction…",
    fr: "Signature et envoi de la transaction…",
  },
  "action.done": {
    ar: "تم: المعاملة في الكتلة {block}.",
    en: "Done: the transaction is in block {block}.",
    fr: "Fait : la transaction est dans le bloc {block}.",
  },
  "action.failed": {
    ar: "فشلت المعاملة: {message}",
    en: "The transaction failed: {message}",
    fr: "La transaction a échoué : {message}",
  },
  "action.reasonMissing": {
    ar: "اذكر سبب التعليق.",
    en: "Give the reason for the suspension.",
    fr: "Indiquez le motif de la suspension.",
  },
  "action.wallet": {
    ar: "وافق على المعاملة في محفظتك…",
    en: "Approve the transaction in your wallet…",
    fr: "Approuvez la transaction dans votre portefeuille…",
  },
  "action.cancelled": { ar: "لم يُوقَّع شيء.", en: "Nothing was signed.", fr: "Rien n'a été signé." },
  "accredit.title": { ar: "اعتماد جامعة", en: "Accredit a university", fr: "Accréditer une université" },
  "accredit.operator": { ar: "حساب المشغّل (‎0x…)", en: "Operator account (0x…)", fr: "Compte opérateur (0x…)" },
  "accredit.nameAr": { ar: "الاسم بالعربية", en: "Name in Arabic", fr: "Nom en arabe" },
  "accredit.nameEn": { ar: "الاسم بالإنجليزية", en: "Name in English", fr: "Nom en anglais" },
  "accredit.nameFr": { ar: "الاسم بالفرنسية", en: "Name in French", fr: "Nom en français" },
  "accredit.url": {
    ar: "عنوان خادم الإصدار (‎https://…)",
    en: "Address of its issuance server (https://…)",
    fr: "Adresse de son serveur d'émission (https://…)",
  },
  "accredit.submit": { ar: "اعتماد", en: "Accredit", fr: "Accréditer" },
  "accredit.invalid": {
    ar: "املأ كل الحقول؛ يجب أن يكون حساب المشغّل عنوانًا (0x و40 رقمًا ست عشريًا).",
    en: "Fill in every field; the operator must be an account address (0x and 40 hexadecimal digits).",
    fr: "Remplissez chaque champ ; l'opérateur doit être une adresse de compte (0x et 40 chiffres hexadécimaux).",
  },
  "chart.title": {
    ar: "الشهادات المثبتة في كل شهر",
    en: "Certificates anchored per month",
    fr: "Certificats ancrés par mois",
  },
  "chart.label": {
    ar: "مخطط أعمدة: الشهادات المثبتة لكل جامعة في كل شهر",
    en: "Bar chart: certificates anchored per university and month",
    fr: "Diagramme en barres : certificats ancrés par université et par mois",
  },
  "chart.empty": {
    ar: "لم تُثبت أي شهادة في هذه الفترة.",
    en: "No certificate was anchored in this period.",
    fr: "Aucun certificat ancré sur cette période.",
  },
  "chart.table": { ar: "الأرقام في جدول", en: "The figures as a table", fr: "Les chiffres en tableau" },
  "chart.month": { ar: "الشهر", en: "Month", fr: "Mois" },
  "chart.university": { ar: "الجامعة", en: "University", fr: "Université" },
  "chart.batches": { ar: "الدفعات", en: "Batches", fr: "Lots" },
  "chart.certificates": { ar: "الشهادات", en: "Certificates", fr: "Certificats" },
  "anomalies.title": { ar: "ملاحظات تستحق النظر", en: "Flags worth a look", fr: "Signaux à examiner" },
  "anomalies.empty": {
    ar: "لا شيء غير معتاد في هذه الفترة.",
    en: "Nothing unusual in this period.",
    fr: "Rien d'inhabituel sur cette période.",
  },
  "anomaly.anchoring-burst": {
    ar: "{university}: أُثبتت {certificates} شهادة يوم {day}، والمعتاد {median} في اليوم.",
    en: "{university}: {certificates} certificates anchored on {day}, against a usual {median} a day.",
    fr: "{university} : {certificates} certificats ancrés le {day}, pour {median} par jour d'habitude.",
  },
  "anomaly.revocation-rate": {
    ar: "{university}: أُلغيت {revoked} من {anchored} شهادة أُثبتت في الفترة ({rate}).",
    en: "{university}: {revoked} of {anchored} certificates anchored in the period are revoked ({rate}).",
    fr: "{university} : {revoked} des {anchored} certificats ancrés sur la période sont révoqués ({rate}).",
  },
  "anomaly.anchors-before-suspension": {
    ar: "{university}: أُثبتت {certificates} شهادة خلال {duration} قبل تعليق اعتمادها في {time}.",
    en: "{university}: {certificates} certificates anchored within {duration} before its suspension on {time}.",
    fr: "{university} : {certificates} certificats ancrés moins de {duration} avant sa suspension le {time}.",
  },
  "revocations.title": { ar: "الإلغاءات حسب السبب", en: "Revocations by reason", fr: "Révocations par motif" },
  "revocations.empty": {
    ar: "لا إلغاء في هذه الفترة.",
    en: "No revocation in this period.",
    fr: "Aucune révocation sur cette période.",
  },
  "revocations.reason": { ar: "السبب", en: "Reason", fr: "Motif" },
  "revocations.certificates": {
    ar: "شهادات أُلغيت فرادى",
    en: "Certificates revoked one by one",
    fr: "Certificats révoqués un à un",
  },
  "revocations.batches": {
    ar: "دفعات كاملة (شهاداتها)",
    en: "Whole batches (certificates)",
    fr: "Lots entiers (certificats)",
  },
  "suspensions.title": { ar: "تعليق الاعتماد", en: "Suspensions", fr: "Suspensions" },
  "suspensions.empty": {
    ar: "لا تعليق في هذه الفترة.",
    en: "No suspension in this period.",
    fr: "Aucune suspension sur cette période.",
  },
  "suspensions.when": { ar: "تاريخ التعليق", en: "Suspended on", fr: "Suspendue le" },
  "suspensions.reason": { ar: "السبب", en: "Reason", fr: "Motif" },
  "suspensions.reinstated": { ar: "تاريخ الإعادة", en: "Reinstated on", fr: "Rétablie le" },
  "suspensions.still": { ar: "ما زالت معلّقة", en: "still suspended", fr: "toujours suspendue" },
  "keys.title": { ar: "مفاتيح التوقيع", en: "Signer keys", fr: "Clés de signature" },
  "keys.empty": { ar: "لا مفاتيح توقيع.", en: "No signer key.", fr: "Aucune clé de signature." },
  "keys.key": { ar: "المفتاح", en: "Key", fr: "Clé" },
  "keys.window": { ar: "الصلاحية", en: "Valid", fr: "Validité" },
  "keys.open": { ar: "من {from}، بلا نهاية", en: "from {from}, no end", fr: "depuis le {from}, sans fin" },
  "keys.closed": { ar: "من {from} إلى {until}", en: "from {from} to {until}", fr: "du {from} au {until}" },
  "keys.revoked": { ar: "أُلغي في {time}", en: "revoked on {time}", fr: "révoquée le {time}" },
} satisfies Record<string, LocalizedText>;

export type MessageKey = keyof typeof MESSAGES;

const pages = translator(MESSAGES, { name: "app.name", page: "app.title" });
const { locale } = pages;
export const { t, localized, applyLanguage } = pages;

/**
 * A message with one placeholder filled by text of another script (an address, a reason typed in
 * English on an Arabic page): the value is isolated in a <bdi> so it does not reorder the sentence.
 */
export function withIsolated(
  key: MessageKey,
  name: string,
  value: string,
  values: Record<string, string | number> = {},
): (string | HTMLElement)[] {
  const [before = "", after = ""] = t(key, { ...values, [name]: "\u0000" }).split("\u0000");
  const isolated = document.createElement("bdi");
  isolated.textContent = value;
  return [before, isolated, after];
}

export const formatNumber = (value: number, options?: Intl.NumberFormatOptions): string =>
  value.toLocaleString(locale(), options);

/** A block time (UNIX seconds) as a day, in UTC like the audit's months and periods. */
export const formatDay = (seconds: number): string =>
  new Date(seconds * 1000).toLocaleDateString(locale(), { dateStyle: "medium", timeZone: "UTC" });

export const formatTime = (seconds: number): string =>
  `${new Date(seconds * 1000).toLocaleString(locale(), { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC`;

/** A month of the audit ("2026-11") as "Nov 2026" in the page's language. */
export const formatMonth = (month: string): string =>
  new Date(`${month}-01T00:00:00Z`).toLocaleDateString(locale(), { month: "short", year: "numeric", timeZone: "UTC" });

import { DEGREES, DEGREE_LABELS, EARLIEST_GRADUATION_DATE } from "../../../core";
import type { LocalizedText } from "../../../core";
import { GRADUATE_COLUMNS } from "./columns";
import type { CellError } from "./types";

type Language = keyof LocalizedText;

const LIST_SEPARATOR: LocalizedText = { ar: "، ", en: ", ", fr: ", " };
// Enough for the registrar to find the other copies; listing thousands would bloat the report.
const MAX_LISTED_ROWS = 5;
const AND_MORE: LocalizedText = { ar: " وغيرها", en: " and others", fr: " et d'autres" };

const degreeList = (language: Language): string =>
  DEGREES.map((degree) => `${degree} (${DEGREE_LABELS[degree][language]})`).join(LIST_SEPARATOR[language]);

/** The first few of `rows` other than `row`; stops early, as an identifier may repeat thousands of times. */
function otherRowList(rows: readonly number[], row: number, language: Language): string {
  const others: number[] = [];
  for (const other of rows) {
    if (others.length > MAX_LISTED_ROWS) break;
    if (other !== row) others.push(other);
  }
  return (
    others.slice(0, MAX_LISTED_ROWS).join(LIST_SEPARATOR[language]) +
    (others.length > MAX_LISTED_ROWS ? AND_MORE[language] : "")
  );
}

const columnList = GRADUATE_COLUMNS.join(", ");
const mebibytes = (bytes: number): string => String(Math.round(bytes / (1024 * 1024)));

/**
 * What each import problem means and how the registrar fixes it, in ar/en/fr. Each builder gets the
 * column the problem is in, then the figures its message needs.
 */
export const IMPORT_MESSAGES = {
  IMPORT_UNSUPPORTED_TYPE: () => ({
    ar: "نوع الملف غير مدعوم. ارفع ملف CSV (.csv) أو مصنَّف Excel (.xlsx). لا يمكن قراءة ملفات Excel القديمة (.xls) ولا المصنَّفات المحمية بكلمة مرور: افتح الملف في Excel واحفظه بصيغة .xlsx دون كلمة مرور.",
    en: "This type of file is not supported. Upload a CSV file (.csv) or an Excel workbook (.xlsx). Old Excel files (.xls) and password-protected workbooks cannot be read: open the file in Excel and save it as .xlsx without a password.",
    fr: "Ce type de fichier n'est pas pris en charge. Téléversez un fichier CSV (.csv) ou un classeur Excel (.xlsx). Les anciens fichiers Excel (.xls) et les classeurs protégés par mot de passe ne peuvent pas être lus : ouvrez le fichier dans Excel et enregistrez-le au format .xlsx sans mot de passe.",
  }),
  IMPORT_UNREADABLE_FILE: () => ({
    ar: "تعذَّرت قراءة الملف: فهو تالف أو ليس مصنَّف Excel حقيقيًا. افتحه في Excel واحفظه من جديد بصيغة .xlsx ثم ارفع الملف الجديد.",
    en: "The file could not be read: it is damaged or is not really an Excel workbook. Open it in Excel, save it again as .xlsx, and upload the new file.",
    fr: "Le fichier est illisible : il est endommagé ou n'est pas vraiment un classeur Excel. Ouvrez-le dans Excel, enregistrez-le de nouveau au format .xlsx et téléversez le nouveau fichier.",
  }),
  IMPORT_NOT_UTF8: () => ({
    ar: "الملف غير محفوظ بترميز UTF-8، لذلك لا يمكن قراءة حروفه العربية قراءة صحيحة. في Excel اختر «حفظ باسم» ثم النوع «CSV UTF-8 (محدد بفاصلة)»، وارفع الملف الجديد.",
    en: "The file is not saved in the UTF-8 text encoding, so its Arabic letters cannot be read correctly. In Excel, choose Save As with the type “CSV UTF-8 (Comma delimited)”, then upload the new file.",
    fr: "Le fichier n'est pas enregistré avec l'encodage UTF-8 : ses lettres arabes ne peuvent pas être lues correctement. Dans Excel, choisissez « Enregistrer sous » avec le type « CSV UTF-8 (délimité par des virgules) », puis téléversez le nouveau fichier.",
  }),
  IMPORT_MALFORMED_CSV: () => ({
    ar: 'هذا الصف من ملف CSV تالف، وغالبًا ما يكون السبب علامة تنصيص (") فُتحت ولم تُغلق. صحِّح علامات التنصيص في هذا الصف، أو افتح الملف في Excel واحفظه من جديد بصيغة CSV UTF-8.',
    en: 'This row of the CSV file is broken, usually by a quotation mark (") that is opened and never closed. Correct the quotation marks in this row, or open the file in Excel and save it again as CSV UTF-8.',
    fr: "Cette ligne du fichier CSV est mal formée, le plus souvent à cause d'un guillemet (\") ouvert et jamais fermé. Corrigez les guillemets de cette ligne, ou ouvrez le fichier dans Excel et enregistrez-le de nouveau au format CSV UTF-8.",
  }),
  IMPORT_EMPTY_FILE: () => ({
    ar: "لا يحتوي الملف على أي خريج. ضع أسماء الأعمدة في الصف الأول وخريجًا واحدًا في كل صف تحته، كما في القالب.",
    en: "The file contains no graduates. Put the column names in the first row and one graduate per row below it, as in the template.",
    fr: "Le fichier ne contient aucun diplômé. Mettez les noms des colonnes sur la première ligne et un diplômé par ligne en dessous, comme dans le modèle.",
  }),
  IMPORT_TOO_MANY_ROWS: (_column: string, maxRows: number) => ({
    ar: `يحتوي الملف على أكثر من ${maxRows} خريج، وهو الحد الأقصى للملف الواحد. قسِّمه إلى عدة ملفات لا يزيد كل منها على ${maxRows} صف، وارفعها واحدًا تلو الآخر.`,
    en: `The file has more than ${maxRows} graduates, the most one file may hold. Split it into several files of at most ${maxRows} rows each and upload them one after the other.`,
    fr: `Le fichier contient plus de ${maxRows} diplômés, le maximum pour un seul fichier. Divisez-le en plusieurs fichiers d'au plus ${maxRows} lignes chacun et téléversez-les l'un après l'autre.`,
  }),
  IMPORT_FILE_TOO_LARGE: (_column: string, maxBytes: number) => ({
    ar: `يتجاوز محتوى المصنَّف بعد فك ضغطه ${mebibytes(maxBytes)} ميغابايت، وهو أكثر مما يحتاجه ملف خريجين. احذف الأوراق والصور والتنسيقات غير اللازمة، أو صدِّر الورقة بصيغة CSV UTF-8 وارفعها.`,
    en: `Unzipped, this workbook holds more than ${mebibytes(maxBytes)} MB, far more than a graduates file needs. Delete unneeded sheets, images and formatting, or export the sheet as CSV UTF-8 and upload that.`,
    fr: `Une fois décompressé, ce classeur dépasse ${mebibytes(maxBytes)} Mo, bien plus qu'il n'en faut pour un fichier de diplômés. Supprimez les feuilles, images et mises en forme inutiles, ou exportez la feuille au format CSV UTF-8 et téléversez-la.`,
  }),
  IMPORT_TOO_MANY_SHEETS: (_column: string, maxSheets: number) => ({
    ar: `يحتوي المصنَّف على أكثر من ${maxSheets} ورقة. تُقرأ الورقة الأولى وحدها: انسخها إلى مصنَّف جديد وارفعه.`,
    en: `The workbook has more than ${maxSheets} sheets. Only the first is read: copy it into a new workbook and upload that.`,
    fr: `Le classeur contient plus de ${maxSheets} feuilles. Seule la première est lue : copiez-la dans un nouveau classeur et téléversez celui-ci.`,
  }),
  IMPORT_TOO_MANY_CELLS: (_column: string, maxCells: number) => ({
    ar: `يحتوي الملف على أكثر من ${maxCells} خلية غير فارغة، وهو أكثر بكثير مما تحتاجه أعمدة الخريجين. احذف الأعمدة والصفوف الزائدة، أو قسِّم الملف.`,
    en: `The file has more than ${maxCells} non-empty cells, far more than the graduates' columns need. Delete the extra columns and rows, or split the file.`,
    fr: `Le fichier contient plus de ${maxCells} cellules non vides, bien plus que les colonnes des diplômés n'en demandent. Supprimez les colonnes et lignes en trop, ou divisez le fichier.`,
  }),
  IMPORT_MISSING_COLUMN: (column: string) => ({
    ar: `العمود الإلزامي «${column}» غير موجود. أضِفه إلى صف أسماء الأعمدة مكتوبًا هكذا بالضبط: ${column}، واملأه لكل خريج.`,
    en: `The required column “${column}” is missing. Add it to the row of column names, spelled exactly ${column}, and fill it in for every graduate.`,
    fr: `La colonne obligatoire « ${column} » est absente. Ajoutez-la à la ligne des noms de colonnes, écrite exactement ${column}, et remplissez-la pour chaque diplômé.`,
  }),
  IMPORT_UNKNOWN_COLUMN: (column: string) => ({
    ar: `«${column}» ليس من الأعمدة المعروفة. صحِّح كتابته ليطابق أحد الأعمدة التالية: ${columnList}، أو احذف العمود.`,
    en: `“${column}” is not a known column. Correct its spelling to one of ${columnList}, or delete the column.`,
    fr: `« ${column} » n'est pas une colonne reconnue. Corrigez son orthographe pour qu'elle corresponde à l'une des colonnes ${columnList}, ou supprimez la colonne.`,
  }),
  IMPORT_DUPLICATE_COLUMN: (column: string) => ({
    ar: `العمود «${column}» مكرَّر. أبقِ عمودًا واحدًا واحذف الباقي.`,
    en: `The column “${column}” appears more than once. Keep one and delete the others.`,
    fr: `La colonne « ${column} » apparaît plusieurs fois. Gardez-en une et supprimez les autres.`,
  }),
  IMPORT_REQUIRED: (column: string) => ({
    ar: `هذه الخلية فارغة، لكن العمود «${column}» إلزامي لكل خريج. املأها.`,
    en: `This cell is empty, but every graduate needs a value in “${column}”. Fill it in.`,
    fr: `Cette cellule est vide, mais la colonne « ${column} » est obligatoire pour chaque diplômé. Remplissez-la.`,
  }),
  IMPORT_TOO_LONG: (column: string, maxLength: number) => ({
    ar: `هذا النص طويل جدًا: أقصى عدد من الأحرف في العمود «${column}» هو ${maxLength}. اختصره.`,
    en: `This text is too long: “${column}” takes at most ${maxLength} characters. Shorten it.`,
    fr: `Ce texte est trop long : la colonne « ${column} » accepte au plus ${maxLength} caractères. Raccourcissez-le.`,
  }),
  IMPORT_NOT_ARABIC_SCRIPT: () => ({
    ar: "يجب أن يُكتب الاسم بالعربية بالحروف العربية وحدها، دون حروف لاتينية أو أرقام (المسافات والشَّرطات والفواصل العليا والنقاط والأقواس مقبولة).",
    en: "The Arabic name must be written in Arabic letters only, with no Latin letters or digits (spaces, hyphens, apostrophes, dots and brackets are fine).",
    fr: "Le nom en arabe doit être écrit uniquement en lettres arabes, sans lettres latines ni chiffres (espaces, traits d'union, apostrophes, points et parenthèses acceptés).",
  }),
  IMPORT_NOT_LATIN_SCRIPT: () => ({
    ar: "يجب أن يُكتب الاسم بالحروف اللاتينية وحدها (الحروف ذات العلامات مثل é مقبولة)، دون حروف عربية أو أرقام (المسافات والشَّرطات والفواصل العليا والنقاط والأقواس مقبولة).",
    en: "The Latin-script name must be written in Latin letters only (accented letters such as é are fine), with no Arabic letters or digits (spaces, hyphens, apostrophes, dots and brackets are fine).",
    fr: "Le nom en caractères latins doit être écrit uniquement en lettres latines (les lettres accentuées comme é sont acceptées), sans lettres arabes ni chiffres (espaces, traits d'union, apostrophes, points et parenthèses acceptés).",
  }),
  IMPORT_INVALID_IDENTIFIER: () => ({
    ar: "يجب أن يتكوَّن المعرِّف من حروف وأرقام وشَرطات (-) وخطوط مائلة (/) ونقاط (.) ومسافات فقط، وأن يبدأ بحرف أو رقم. إذا عرضه Excel عددًا مثل 1.2E+15 فاجعل تنسيق العمود «نص» وأعِد كتابة المعرِّف.",
    en: "The identifier may contain only letters, digits, hyphens (-), slashes (/), dots (.) and spaces, and must start with a letter or a digit. If Excel shows it as a number like 1.2E+15, format the column as Text and type the identifier again.",
    fr: "L'identifiant ne peut contenir que des lettres, des chiffres, des traits d'union (-), des barres obliques (/), des points (.) et des espaces, et doit commencer par une lettre ou un chiffre. Si Excel l'affiche comme un nombre du type 1,2E+15, mettez la colonne au format Texte et saisissez de nouveau l'identifiant.",
  }),
  IMPORT_UNKNOWN_DEGREE: () => ({
    ar: `الدرجة العلمية غير معروفة. اكتب إحدى القيم التالية كما هي: ${degreeList("ar")}.`,
    en: `Unknown degree. Write one of these values as shown: ${degreeList("en")}.`,
    fr: `Diplôme inconnu. Écrivez l'une de ces valeurs telle quelle : ${degreeList("fr")}.`,
  }),
  IMPORT_INVALID_DATE: (column: string) => ({
    ar: `يجب أن يحتوي العمود «${column}» على تاريخ صحيح مكتوب بالصيغة YYYY-MM-DD (السنة-الشهر-اليوم)، مثل 2025-06-30، أو على خلية تاريخ في Excel.`,
    en: `“${column}” must hold a real date written as YYYY-MM-DD (year-month-day), for example 2025-06-30, or an Excel date cell.`,
    fr: `La colonne « ${column} » doit contenir une date réelle écrite AAAA-MM-JJ (année-mois-jour), par exemple 2025-06-30, ou une cellule de date Excel.`,
  }),
  IMPORT_VALID_UNTIL_BEFORE_GRADUATION: () => ({
    ar: "يجب أن يكون تاريخ انتهاء الصلاحية (valid_until) بعد تاريخ التخرج. صحِّح أحد التاريخين، أو اترك valid_until فارغًا إذا كانت الشهادة لا تنتهي صلاحيتها.",
    en: "The end of validity (valid_until) must come after the graduation date. Correct one of the two dates, or leave valid_until empty if the certificate does not expire.",
    fr: "La fin de validité (valid_until) doit être postérieure à la date d'obtention du diplôme. Corrigez l'une des deux dates, ou laissez valid_until vide si le certificat n'expire pas.",
  }),
  IMPORT_GRADUATION_IN_FUTURE: () => ({
    ar: "تاريخ التخرج في المستقبل. لا تُصدَر الشهادة إلا بعد التخرج: صحِّح التاريخ أو أصدِر الشهادة في يوم التخرج أو بعده.",
    en: "The graduation date is in the future. A certificate is issued only after graduation: correct the date, or issue the certificate on or after that day.",
    fr: "La date d'obtention du diplôme est dans le futur. Un certificat n'est délivré qu'après l'obtention du diplôme : corrigez la date, ou délivrez le certificat ce jour-là ou après.",
  }),
  IMPORT_GRADUATION_TOO_EARLY: () => ({
    ar: `تاريخ التخرج قبل ${EARLIEST_GRADUATION_DATE}. تحقَّق من السنة: لعلها كُتبت بخانتين أو بالتقويم الهجري.`,
    en: `The graduation date is before ${EARLIEST_GRADUATION_DATE}. Check the year: it may have been typed with two digits or in the Hijri calendar.`,
    fr: `La date d'obtention du diplôme est antérieure au ${EARLIEST_GRADUATION_DATE}. Vérifiez l'année : elle a peut-être été saisie sur deux chiffres ou dans le calendrier hégirien.`,
  }),
  IMPORT_VALID_UNTIL_PAST: () => ({
    ar: "تاريخ انتهاء الصلاحية (valid_until) اليوم أو قبله، فالشهادة ستكون منتهية منذ إصدارها. صحِّح التاريخ أو اترك الخلية فارغة إذا كانت الشهادة لا تنتهي صلاحيتها.",
    en: "The end of validity (valid_until) is today or earlier: the certificate would be expired from the start. Correct the date, or leave the cell empty if the certificate does not expire.",
    fr: "La fin de validité (valid_until) est aujourd'hui ou déjà passée : le certificat serait expiré dès sa délivrance. Corrigez la date, ou laissez la cellule vide si le certificat n'expire pas.",
  }),
  IMPORT_INVISIBLE_CHARACTER: (column: string, character: string) => ({
    ar: `يحتوي العمود «${column}» على محرف غير مرئي أو محرف تحكُّم (${character})، مثل علامات الاتجاه التي يتركها النسخ من Word أو من صفحة ويب. قد تجعل النص المطبوع يختلف عن النص المسجَّل: احذف الخلية واكتب قيمتها من جديد.`,
    en: `“${column}” contains an invisible or control character (${character}), such as the direction marks that copying from Word or a web page leaves behind. It could make the printed text differ from the recorded one: clear the cell and type its value again.`,
    fr: `La colonne « ${column} » contient un caractère invisible ou de contrôle (${character}), comme les marques de direction que laisse un copier-coller depuis Word ou une page web. Il pourrait faire différer le texte imprimé du texte enregistré : videz la cellule et saisissez de nouveau sa valeur.`,
  }),
  IMPORT_DUPLICATE_IDENTIFIER: (_column: string, rows: readonly number[], row: number) => ({
    ar: `هذا المعرِّف موجود أيضًا في الصفوف: ${otherRowList(rows, row, "ar")}. لا يظهر الخريج إلا مرة واحدة في الملف: احذف الصف الزائد أو صحِّح المعرِّف.`,
    en: `This identifier also appears in rows ${otherRowList(rows, row, "en")}. A graduate may appear only once per file: delete the extra row or correct the identifier.`,
    fr: `Cet identifiant apparaît aussi aux lignes ${otherRowList(rows, row, "fr")}. Un diplômé ne peut figurer qu'une fois par fichier : supprimez la ligne en trop ou corrigez l'identifiant.`,
  }),
  IMPORT_ALREADY_ISSUED: (_column: string, before: LocalizedText) => ({
    ar: `صدرت لهذا الطالب من قبل شهادة بالدرجة والبرنامج نفسيهما: ${before.ar}. احذف الصف، أو إن كانت الشهادة الجديدة بدلًا من الأولى أو نسخة ثانية مقصودة فارفع الملف مع الخيار duplicate=replacement أو duplicate=copy.`,
    en: `This student already has a certificate for the same degree and programme: ${before.en}. Delete the row or, if the new one is meant to replace the first or to be a second copy, upload the file with the option duplicate=replacement or duplicate=copy.`,
    fr: `Cet étudiant a déjà un certificat pour le même diplôme et le même programme : ${before.fr}. Supprimez la ligne ou, si le nouveau doit remplacer le premier ou en être un second exemplaire, téléversez le fichier avec l'option duplicate=replacement ou duplicate=copy.`,
  }),
  // Reached only if core's schema gains a rule this importer has no dedicated message for.
  IMPORT_INVALID_VALUE: (column: string) => ({
    ar: `هذه القيمة غير مقبولة في العمود «${column}». قارِنها بالصف النموذجي في القالب.`,
    en: `This value is not accepted in “${column}”. Compare it with the example row of the template.`,
    fr: `Cette valeur n'est pas acceptée dans la colonne « ${column} ». Comparez-la avec la ligne d'exemple du modèle.`,
  }),
} as const satisfies Record<string, (column: string, ...figures: never[]) => LocalizedText>;

export type ImportErrorCode = keyof typeof IMPORT_MESSAGES;
type Figures<C extends ImportErrorCode> = (typeof IMPORT_MESSAGES)[C] extends (
  column: string,
  ...figures: infer F
) => LocalizedText
  ? F
  : never;

/** The codes whose message needs nothing but the column. */
export type PlainErrorCode = { [C in ImportErrorCode]: Figures<C> extends [] ? C : never }[ImportErrorCode];

/** The error for `code` at (row, column), its message filled in with `figures`. */
export function importError<C extends ImportErrorCode>(
  row: number,
  column: string,
  code: C,
  ...figures: Figures<C>
): CellError {
  const message = IMPORT_MESSAGES[code] as (column: string, ...figures: Figures<C>) => LocalizedText;
  return { row, column, code, message: message(column, ...figures) };
}

/** A problem of the file as a whole, not of one of its cells. */
export const fileError = (code: PlainErrorCode): CellError => importError(0, "", code);

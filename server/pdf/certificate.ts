import { AFRelationship, PDFDocument } from "pdf-lib";
import { COUNTRIES, Credential, isCountryCode } from "../../core";
import type { CredentialSubject, LocalizedText } from "../../core";
import { awardWording, graduationWording, LABELS } from "./labels";
import type { Wording } from "./labels";
import { fitStack, fitText, shrinkToHeight } from "./layout";
import type { Align, StackRow, TextBlock, TextStyle } from "./layout";
import { drawBorder, drawDivider, drawEmblem, drawSeal } from "./ornaments";
import { PageContent } from "./page-content";
import type { Rgb } from "./page-content";
import { drawQrCode } from "./qr";
import { Typesetter } from "./typesetter";

/** What a certificate shows besides the credential itself. */
export interface CertificateInput {
  /** The credential as issued; every disclosed subject field is printed, hidden ones are left out. */
  credential: Credential;
  /** The university as recorded in the IssuerRegistry. */
  university: { name: LocalizedText; country: string };
  ministry: { name: LocalizedText };
  verification: {
    /** `encodeVerifierUrl(...)`: what the QR code holds. */
    url: string;
    /** `encodeShortCode(...)`: printed under the QR code, for typing into the verifier. */
    shortCode: string;
    /** The verifier's address as printed, e.g. "verify.tasdiq.example". */
    address: string;
  };
  /** The PDF's creation date; the credential's issue time (`validFrom`) by default, so output is reproducible. */
  createdAt?: Date;
}

/** A4 landscape, in points. */
const PAGE_WIDTH = 841.89;
const PAGE_HEIGHT = 595.28;
/** Distance of the header columns and the QR block from the page's sides. */
const MARGIN = 56;
/** The header (ministry, country, emblem) is above this line, the award below it. */
const HEADER_BOTTOM = PAGE_HEIGHT - 100;
/** The award ends here; the band below holds the QR code, the details table and the seal. */
const AWARD_BOTTOM = 206;
const BAND_TOP = 198;
const BAND_BOTTOM = 34;
/** The QR symbol is 32 mm wide: it decodes from a phone or a 150 dpi scan. */
const QR_SIZE = (32 / 25.4) * 72;

const COLORS = {
  paper: [0.994, 0.988, 0.972],
  ink: [0.1, 0.13, 0.18],
  muted: [0.36, 0.38, 0.42],
  green: [0.06, 0.3, 0.23],
  accent: [0.62, 0.49, 0.22],
  white: [1, 1, 1],
} as const satisfies Record<string, Rgb>;

const style = (face: TextStyle["face"], size: number, color: Rgb, fit: Partial<TextStyle> = {}): TextStyle => ({
  face,
  size,
  color,
  ...fit,
});

function drawStack(
  typesetter: Typesetter,
  rows: readonly StackRow[],
  x: number,
  width: number,
  top: number,
  bottom: number,
  align: Align,
): void {
  const anchor = align === "left" ? x : align === "right" ? x + width : x + width / 2;
  for (const { block, top: rowTop } of fitStack(rows, width, top, bottom))
    if (block) typesetter.draw(block, anchor, rowTop, align);
}

/** Ministry and country: Arabic at the top right, English and French at the top left, the emblem between. */
function drawHeader(typesetter: Typesetter, ministry: LocalizedText, countryCode: string): void {
  const country = isCountryCode(countryCode) ? COUNTRIES[countryCode] : undefined;
  const columnWidth = PAGE_WIDTH / 2 - MARGIN - 42;
  const top = PAGE_HEIGHT - 46;
  drawEmblem(typesetter.content, PAGE_WIDTH / 2, PAGE_HEIGHT - 66, 19, COLORS.accent);
  const arabic: StackRow[] = [
    { text: ministry.ar, style: style("regular", 13, COLORS.ink, { minSize: 9, maxLines: 2 }), gapBefore: 0 },
  ];
  const latin: StackRow[] = [
    { text: ministry.en, style: style("regular", 9.5, COLORS.ink, { minSize: 7, maxLines: 2 }), gapBefore: 0 },
    { text: ministry.fr, style: style("regular", 9.5, COLORS.ink, { minSize: 7, maxLines: 2 }), gapBefore: 3 },
  ];
  if (country) {
    arabic.push({ text: country.ar, style: style("regular", 11, COLORS.muted), gapBefore: 5 });
    latin.push({ text: `${country.en} · ${country.fr}`, style: style("regular", 9.5, COLORS.muted), gapBefore: 3 });
  }
  drawStack(typesetter, arabic, PAGE_WIDTH - MARGIN - columnWidth, columnWidth, top, HEADER_BOTTOM, "right");
  drawStack(typesetter, latin, MARGIN, columnWidth, top, HEADER_BOTTOM, "left");
}

/** The university, then who was awarded what and when: the centre of the page, Arabic first. */
function drawAward(
  typesetter: Typesetter,
  university: LocalizedText,
  subject: Partial<CredentialSubject>,
  country: string,
): void {
  const rows: StackRow[] = [
    { text: university.ar, style: style("bold", 25, COLORS.green, { minSize: 15, maxLines: 2 }), gapBefore: 0 },
    { text: university.en, style: style("regular", 14, COLORS.green, { minSize: 9, maxLines: 2 }), gapBefore: 5 },
    { text: university.fr, style: style("regular", 12.5, COLORS.green, { minSize: 8, maxLines: 2 }), gapBefore: 3 },
    { space: 12, gapBefore: 6 },
    { text: LABELS.certifies.ar, style: style("regular", 13.5, COLORS.muted), gapBefore: 6 },
    {
      text: `${LABELS.certifies.en} · ${LABELS.certifies.fr}`,
      style: style("regular", 10, COLORS.muted),
      gapBefore: 4,
    },
  ];
  if (subject.nameAr)
    rows.push({
      text: subject.nameAr,
      style: style("bold", 29, COLORS.ink, { minSize: 16, maxLines: 2 }),
      gapBefore: 10,
    });
  if (subject.nameLatin)
    rows.push({
      text: subject.nameLatin,
      style: style("bold", 18, COLORS.ink, { minSize: 11, maxLines: 2 }),
      gapBefore: 6,
    });
  const award = awardWording(subject.degree, subject.programme);
  if (award) {
    rows.push(
      { text: award.ar, style: style("bold", 17, COLORS.green, { minSize: 11, maxLines: 2 }), gapBefore: 11 },
      { text: award.en, style: style("regular", 13, COLORS.ink, { minSize: 8.5, maxLines: 2 }), gapBefore: 5 },
      { text: award.fr, style: style("regular", 11.5, COLORS.ink, { minSize: 8, maxLines: 2 }), gapBefore: 4 },
    );
  }
  if (subject.graduationDate) {
    const graduation = graduationWording(subject.graduationDate, country);
    rows.push(
      { text: graduation.ar, style: style("regular", 11.5, COLORS.ink, { minSize: 8 }), gapBefore: 10 },
      { text: graduation.latin, style: style("regular", 9.5, COLORS.ink, { minSize: 7 }), gapBefore: 4 },
    );
  }
  const width = PAGE_WIDTH - 2 * (MARGIN + 16);
  for (const { row, block, top, height } of fitStack(rows, width, HEADER_BOTTOM, AWARD_BOTTOM)) {
    if (block) typesetter.draw(block, PAGE_WIDTH / 2, top, "center");
    else if ("space" in row) drawDivider(typesetter.content, PAGE_WIDTH / 2, top - height / 2, 150, COLORS.accent);
  }
}

/** The QR code with, under it, the short code, the verifier's address and "scan to verify" in three languages. */
function drawVerification(typesetter: Typesetter, verification: CertificateInput["verification"]): void {
  const width = 224;
  const centerX = MARGIN + width / 2;
  const box = drawQrCode(typesetter.content, verification.url, {
    centerX,
    top: BAND_TOP,
    size: QR_SIZE,
    dark: COLORS.ink,
    light: COLORS.white,
  });
  const rows: StackRow[] = [
    { text: verification.shortCode, style: style("regular", 9, COLORS.ink, { minSize: 5.5 }), gapBefore: 0 },
    { text: verification.address, style: style("regular", 8.5, COLORS.ink, { minSize: 6 }), gapBefore: 3 },
    { text: LABELS.scan.ar, style: style("regular", 9, COLORS.muted, { minSize: 6 }), gapBefore: 5 },
    {
      text: `${LABELS.scan.en} · ${LABELS.scan.fr}`,
      style: style("regular", 8, COLORS.muted, { minSize: 6 }),
      gapBefore: 3,
    },
  ];
  drawStack(typesetter, rows, MARGIN, width, box.y - 4, BAND_BOTTOM, "center");
}

/** Between the English and the French label of a row, and between rows. */
const LABEL_GAP = 1.5;
const ROW_GAP = 8;

interface DetailRow {
  label: Wording;
  value: string;
}

/** Grade, honours and identifiers: a table with the English and French labels left, the Arabic right. */
function drawDetails(typesetter: Typesetter, credential: Credential, issued: string): void {
  const subject = credential.credentialSubject;
  const rows: DetailRow[] = [
    ...(subject.grade ? [{ label: LABELS.grade, value: subject.grade }] : []),
    ...(subject.honours ? [{ label: LABELS.honours, value: subject.honours }] : []),
    ...(subject.identifier ? [{ label: LABELS.studentId, value: subject.identifier }] : []),
    { label: LABELS.certificateId, value: credential.id.slice(credential.id.lastIndexOf(":") + 1) },
    { label: LABELS.issued, value: issued },
  ];
  const left = 296;
  const right = 644;
  const latinWidth = 86;
  const arabicWidth = 72;
  const valueLeft = left + latinWidth + 8;
  const valueWidth = right - arabicWidth - 8 - valueLeft;
  const { rows: fitted, factor } = shrinkToHeight(BAND_TOP - BAND_BOTTOM - 12, (factor) => {
    const size = (points: number): number => points * factor;
    const sized = rows.map(({ label, value }) => {
      const en = fitText(label.en, style("regular", size(8), COLORS.muted, { minSize: 5 }), latinWidth);
      const fr = fitText(label.fr, style("regular", size(7.5), COLORS.muted, { minSize: 5 }), latinWidth);
      const ar = fitText(label.ar, style("regular", size(9.5), COLORS.muted, { minSize: 5 }), arabicWidth);
      const text = fitText(
        value,
        style("regular", size(11), COLORS.ink, { minSize: Math.min(7.5, size(11)), maxLines: 3 }),
        valueWidth,
      );
      return { en, fr, ar, value: text, height: Math.max(en.height + LABEL_GAP + fr.height, ar.height, text.height) };
    });
    return {
      rows: sized,
      height: sized.reduce((sum, row) => sum + row.height, 0) + ROW_GAP * factor * (sized.length - 1),
    };
  });
  const gap = ROW_GAP * factor;
  const total = fitted.reduce((sum, row) => sum + row.height, 0) + gap * (fitted.length - 1);
  let rowTop = (BAND_TOP + BAND_BOTTOM) / 2 + 5 + total / 2;
  const { content } = typesetter;
  content.strokeColor(COLORS.accent).lineWidth(0.4);
  fitted.forEach((row, i) => {
    const centred = (block: TextBlock): number => rowTop - (row.height - block.height) / 2;
    const latinTop = rowTop - (row.height - row.en.height - LABEL_GAP - row.fr.height) / 2;
    typesetter.draw(row.en, left, latinTop, "left");
    typesetter.draw(row.fr, left, latinTop - row.en.height - LABEL_GAP, "left");
    typesetter.draw(row.ar, right, centred(row.ar), "right");
    typesetter.draw(row.value, valueLeft + valueWidth / 2, centred(row.value), "center");
    const rule = rowTop - row.height - gap / 2;
    if (i < fitted.length - 1) content.moveTo(left, rule).lineTo(right, rule).stroke();
    rowTop -= row.height + gap;
  });
}

/** The seal of the system that anchors the certificate. */
function drawSealBlock(typesetter: Typesetter): void {
  const cx = PAGE_WIDTH - MARGIN - 66;
  const cy = (BAND_TOP + BAND_BOTTOM) / 2 + 4;
  drawSeal(typesetter.content, cx, cy, 42, COLORS.accent);
  const arabic = fitText("تصديق", style("regular", 18, COLORS.accent), 60);
  const latin = fitText("TASDIQ", style("regular", 7.5, COLORS.accent), 60);
  const gap = 3;
  const top = cy + (arabic.height + gap + latin.height) / 2;
  typesetter.draw(arabic, cx, top, "center");
  typesetter.draw(latin, cx, top - arabic.height - gap, "center");
}

function setMetadata(doc: PDFDocument, input: CertificateInput, credential: Credential, createdAt: Date): void {
  const { university } = input;
  const subject = credential.credentialSubject;
  const holder = subject.nameLatin ?? subject.nameAr;
  doc.setTitle(`شهادة جامعية · University degree certificate${holder ? ` — ${holder}` : ""}`, {
    showInWindowTitleBar: true,
  });
  doc.setAuthor(`${university.name.ar} · ${university.name.en}`);
  doc.setSubject(`Verifiable academic credential ${credential.id}, issued by ${university.name.en}`);
  doc.setKeywords(["Tasdiq", "verifiable credential", credential.id]);
  doc.setCreator("Tasdiq issuance server");
  doc.setProducer("Tasdiq certificate renderer (pdf-lib)");
  doc.setLanguage("ar");
  doc.setCreationDate(createdAt);
  doc.setModificationDate(createdAt);
}

/**
 * Renders a credential as an A4 landscape certificate: Arabic first, with English and French; the
 * QR code and short code that lead to the verifier; the credential JSON attached as
 * `credential.json`, so that an uploaded PDF can be verified on its own.
 */
export async function renderCertificatePdf(input: CertificateInput): Promise<Uint8Array> {
  // What is attached must verify: reject anything that is not a well-formed credential up front.
  const credential = Credential.parse(input.credential);
  const createdAt = input.createdAt ?? new Date(credential.validFrom);
  const doc = await PDFDocument.create({ updateMetadata: false });
  const page = doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
  const content = new PageContent();
  const typesetter = new Typesetter(doc.context, content);

  content.fillColor(COLORS.paper).rect(0, 0, PAGE_WIDTH, PAGE_HEIGHT).fill();
  drawBorder(content, PAGE_WIDTH, PAGE_HEIGHT, COLORS.accent);
  drawHeader(typesetter, input.ministry.name, input.university.country);
  drawAward(typesetter, input.university.name, credential.credentialSubject, input.university.country);
  drawVerification(typesetter, input.verification);
  drawDetails(typesetter, credential, credential.validFrom.slice(0, 10));
  drawSealBlock(typesetter);
  typesetter.finish();
  content.writeTo(page);

  await doc.attach(new TextEncoder().encode(JSON.stringify(credential)), "credential.json", {
    mimeType: "application/json",
    description: "Tasdiq verifiable credential",
    creationDate: createdAt,
    modificationDate: createdAt,
    afRelationship: AFRelationship.Source,
  });
  setMetadata(doc, input, credential, createdAt);
  // pdf-lib yields to the event loop (a setTimeout) every 50 objects by default: pure waiting here.
  return doc.save({ useObjectStreams: true, objectsPerTick: Number.POSITIVE_INFINITY });
}

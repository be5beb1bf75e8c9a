import { readFile } from "node:fs/promises";
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFStream,
  PDFString,
  decodePDFRawStream,
} from "pdf-lib";
import {
  VerifierProblem,
  credentialAttachment,
  linkLocator,
  looksLikePdf,
  looksLikeVerifierLink,
  typedCodeLocator,
} from "../../core";
import type { CredentialLocator } from "../../core";
import type { ProblemCode } from "./verify-messages";

/**
 * What the command line was given, read as far as it can be without the chain: a credential document
 * from a file, or the locator of a link, a typed code or the QR code in a picture.
 */
export type Input =
  | { kind: "pdf" | "json"; file: string; document: unknown }
  | { kind: "image"; file: string; locator: CredentialLocator }
  | { kind: "link" | "code"; locator: CredentialLocator };

/** Typed codes hold letters, digits, hyphens and spaces only: text with a dot or slash names a file. */
const looksLikeFileName = (text: string): boolean => /[./\\]/.test(text);

/** The file's bytes, or undefined when no file has this name. */
async function readIfFile(name: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readFile(name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new VerifierProblem<ProblemCode>("FILE_UNREADABLE", { cause: error });
  }
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    // TextDecoder drops a byte order mark, as the verifier page's reading does.
    return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  } catch (cause) {
    throw new VerifierProblem<ProblemCode>("FILE_UNREADABLE", { cause });
  }
}

interface Attachment {
  filename: string;
  content: Uint8Array;
}

/** The files of a PDF name tree's node and its kids (the catalog's Names/EmbeddedFiles). */
function embeddedFiles(node: PDFDict, out: Attachment[] = []): Attachment[] {
  const names = node.lookupMaybe(PDFName.of("Names"), PDFArray);
  for (let i = 1; names && i < names.size(); i += 2) {
    const spec = names.lookupMaybe(i, PDFDict);
    const filename = (
      spec?.lookupMaybe(PDFName.of("UF"), PDFString, PDFHexString) ??
      spec?.lookupMaybe(PDFName.of("F"), PDFString, PDFHexString)
    )?.decodeText();
    const stream = spec?.lookupMaybe(PDFName.of("EF"), PDFDict)?.lookupMaybe(PDFName.of("F"), PDFStream);
    if (filename !== undefined && stream instanceof PDFRawStream)
      out.push({ filename, content: decodePDFRawStream(stream).decode() });
  }
  const kids = node.lookupMaybe(PDFName.of("Kids"), PDFArray);
  for (let i = 0; kids && i < kids.size(); i++) embeddedFiles(kids.lookup(i, PDFDict), out);
  return out;
}

/** The credential the issuance server attaches to a certificate PDF. */
async function credentialOfPdf(bytes: Uint8Array): Promise<unknown> {
  let attachments: Attachment[];
  try {
    const pdf = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false });
    const tree = pdf.catalog
      .lookupMaybe(PDFName.of("Names"), PDFDict)
      ?.lookupMaybe(PDFName.of("EmbeddedFiles"), PDFDict);
    attachments = tree ? embeddedFiles(tree) : [];
  } catch (cause) {
    throw new VerifierProblem<ProblemCode>("FILE_UNREADABLE", { cause });
  }
  const attachment = credentialAttachment(attachments);
  if (!attachment) throw new VerifierProblem<ProblemCode>("PDF_WITHOUT_CREDENTIAL");
  return parseJson(attachment.content);
}

/** PNG, JPEG, GIF and BMP: the formats the QR decoder opens. */
function isImage(bytes: Uint8Array): boolean {
  const start = (signature: number[]): boolean => signature.every((byte, i) => bytes[i] === byte);
  return (
    start([0x89, 0x50, 0x4e, 0x47]) ||
    start([0xff, 0xd8, 0xff]) ||
    start([0x47, 0x49, 0x46, 0x38]) ||
    start([0x42, 0x4d])
  );
}

/**
 * The QR decoder, loaded once. Its WebAssembly comes from the installed package: zxing-wasm would
 * otherwise download it from a CDN.
 */
async function qrDecoder(): Promise<typeof import("zxing-wasm/reader")> {
  const zxing = await import("zxing-wasm/reader");
  const wasm = await readFile(require.resolve("zxing-wasm/reader/zxing_reader.wasm"));
  await zxing.prepareZXingModule({
    overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) },
    fireImmediately: true,
  });
  return zxing;
}

/** The text of the QR code in a picture of a certificate, as the verifier page decodes it. */
async function qrCodeOf(bytes: Uint8Array): Promise<string> {
  const { readBarcodes } = await qrDecoder();
  let text: string | undefined;
  try {
    text = (await readBarcodes(bytes, { formats: ["QRCode"], tryHarder: true, maxNumberOfSymbols: 1 })).find(
      (result) => result.isValid,
    )?.text;
  } catch (cause) {
    throw new VerifierProblem<ProblemCode>("FILE_UNREADABLE", { cause });
  }
  if (text === undefined) throw new VerifierProblem<ProblemCode>("QR_NOT_FOUND");
  return text;
}

/**
 * Reads the command's argument: a file (certificate PDF, credential JSON, picture of the QR code) if
 * one has this name, else a verifier link, else a typed code. Throws {@link VerifierProblem} when the
 * input cannot lead to a credential (the command says why and exits with status 4).
 */
export async function readInput(argument: string): Promise<Input> {
  const bytes = await readIfFile(argument);
  if (!bytes) {
    if (looksLikeVerifierLink(argument)) return { kind: "link", locator: linkLocator(argument) };
    if (looksLikeFileName(argument)) throw new VerifierProblem<ProblemCode>("FILE_NOT_FOUND");
    return { kind: "code", locator: typedCodeLocator(argument) };
  }
  if (looksLikePdf(bytes)) return { kind: "pdf", file: argument, document: await credentialOfPdf(bytes) };
  if (isImage(bytes)) return { kind: "image", file: argument, locator: linkLocator(await qrCodeOf(bytes)) };
  const start = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart();
  if (/\.json$/i.test(argument) || start.startsWith("{"))
    return { kind: "json", file: argument, document: parseJson(bytes) };
  throw new VerifierProblem<ProblemCode>("FILE_UNREADABLE");
}

import workerUrl from "pdfjs-dist/build/pdf.worker.min.mjs?url";
import { credentialAttachment } from "../../../../core";
import { VerifierProblem } from "../../../../core";
import type { ProblemCode } from "../outcome";
import { pixelsOf, readQrCode } from "./qr-decoder";

/** What a certificate PDF gives: the credential attached inside it, or else the link of its QR code. */
export type PdfContent = { kind: "credential"; json: string } | { kind: "link"; text: string };

/** Page 1 is rendered at about 200 dpi: a QR code printed 3 cm wide then spans some 240 pixels. */
const RENDER_SCALE = 200 / 72;

interface Attachment {
  filename: string;
  content: Uint8Array;
}

type PdfJs = typeof import("pdfjs-dist");

/**
 * One pdf.js worker for every PDF the page reads: pdf.js would otherwise start (and load the script
 * of) a new worker for each document, which a bulk verification of many PDFs pays again and again.
 */
let worker: InstanceType<PdfJs["PDFWorker"]> | undefined;

/**
 * Reads a certificate PDF with pdf.js (its worker served from our own build): the credential JSON the
 * issuance server attaches, or, for a PDF without it (a scan, a re-saved copy), the QR code of page 1.
 */
export async function readPdf(bytes: Uint8Array): Promise<PdfContent> {
  const pdfjs = await import("pdfjs-dist");
  pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
  let pdf: Awaited<ReturnType<typeof pdfjs.getDocument>["promise"]>;
  try {
    // No eval (the page's policy forbids it) and no web fonts: only the QR code's pixels matter.
    worker ??= new pdfjs.PDFWorker();
    pdf = await pdfjs.getDocument({
      data: bytes,
      worker,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      enableXfa: false,
    }).promise;
  } catch (cause) {
    throw new VerifierProblem<ProblemCode>("FILE_UNREADABLE", { cause });
  }
  try {
    const attachment = credentialAttachment(
      Object.values(((await pdf.getAttachments()) ?? {}) as Record<string, Attachment>),
    );
    if (attachment) return { kind: "credential", json: new TextDecoder().decode(attachment.content) };
    const page = await pdf.getPage(1);
    const viewport = page.getViewport({ scale: RENDER_SCALE });
    const canvas = document.createElement("canvas");
    canvas.width = Math.ceil(viewport.width);
    canvas.height = Math.ceil(viewport.height);
    await page.render({ canvas, viewport }).promise;
    const text = await readQrCode(pixelsOf(canvas, canvas.width, canvas.height));
    if (text === undefined) throw new VerifierProblem<ProblemCode>("PDF_WITHOUT_CREDENTIAL");
    return { kind: "link", text };
  } finally {
    await pdf.destroy();
  }
}

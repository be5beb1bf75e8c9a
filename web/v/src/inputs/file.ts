import { looksLikePdf } from "../../../../core";
import { VerifierProblem } from "../../../../core";
import type { ProblemCode } from "../outcome";
import { readQrFromImage } from "./image";
import { readPdf } from "./pdf";

/** What an uploaded file gives: a credential document to check, or a QR link to follow. */
export type FileContent = { kind: "credential"; document: unknown } | { kind: "link"; text: string };

const MAX_BYTES = 25 * 1024 * 1024;

function isJson(file: File, bytes: Uint8Array): boolean {
  const start = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart();
  return file.type === "application/json" || /\.json$/i.test(file.name) || start.startsWith("{");
}

/** A credential file must be JSON; anything else is not one. */
function parseCredentialJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new VerifierProblem<ProblemCode>("FILE_UNREADABLE", { cause });
  }
}

/** Reads whatever the visitor uploaded: a certificate PDF, a credential JSON or a picture of the QR code. */
export async function readCertificateFile(file: File): Promise<FileContent> {
  if (file.size > MAX_BYTES) throw new VerifierProblem<ProblemCode>("FILE_TOO_LARGE");
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (looksLikePdf(bytes)) {
    const content = await readPdf(bytes);
    return content.kind === "credential"
      ? { kind: "credential", document: parseCredentialJson(content.json) }
      : content;
  }
  if (isJson(file, bytes))
    return { kind: "credential", document: parseCredentialJson(new TextDecoder().decode(bytes)) };
  return { kind: "link", text: await readQrFromImage(file) };
}

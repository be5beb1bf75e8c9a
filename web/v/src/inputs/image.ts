import { VerifierProblem } from "../../../../core";
import type { ProblemCode } from "../outcome";
import { pixelsOf, readQrCode } from "./qr-decoder";

/** The text of the QR code in an uploaded photo or screenshot, in any format the browser can open. */
export async function readQrFromImage(file: Blob): Promise<string> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch (cause) {
    throw new VerifierProblem<ProblemCode>("FILE_UNREADABLE", { cause });
  }
  try {
    const text = await readQrCode(pixelsOf(bitmap, bitmap.width, bitmap.height));
    if (text === undefined) throw new VerifierProblem<ProblemCode>("QR_NOT_FOUND");
    return text;
  } finally {
    bitmap.close();
  }
}

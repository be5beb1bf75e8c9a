import { deflateSync } from "node:zlib";
import type { PDFContext, PDFRef } from "pdf-lib";

type StreamDict = Parameters<PDFContext["stream"]>[1];

/**
 * Registers a Flate-compressed stream. Node's zlib instead of pdf-lib's `flateStream` (pako, in
 * JavaScript): the font programs and page content are most of each certificate's bytes and time.
 */
export function registerFlateStream(context: PDFContext, data: Uint8Array | string, dict: StreamDict = {}): PDFRef {
  return context.register(context.stream(deflateSync(data), { ...dict, Filter: "FlateDecode" }));
}

import { parentPort } from "node:worker_threads";
import { renderCertificatePdf } from "./certificate";
import type { RenderReply, RenderRequest } from "./pool";

// One worker thread of a PdfRenderPool: renders the certificates it is sent, one at a time. Its
// fonts and shaped-text cache live as long as the thread, so they are paid for once per thread.
const port = parentPort;
if (!port) throw new Error("render-worker.ts runs as a worker thread of PdfRenderPool");

port.on("message", async ({ id, input }: RenderRequest) => {
  let reply: RenderReply;
  try {
    const pdf = await renderCertificatePdf(input);
    reply = { id, pdf };
  } catch (error) {
    reply = { id, error: error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) } };
  }
  // The PDF's buffer moves to the parent instead of being copied.
  port.postMessage(reply, "pdf" in reply ? [reply.pdf.buffer as ArrayBuffer] : []);
});

import { renderCertificatePdf } from "./certificate";
import { serveWorkerTasks } from "../workers/pool";

// One worker thread of a PdfRenderPool: renders the certificates it is sent, one at a time. Its
// fonts and shaped-text cache live as long as the thread, so they are paid for once per thread.
// The PDF's buffer moves to the parent instead of being copied.
serveWorkerTasks(renderCertificatePdf, (pdf) => [pdf.buffer as ArrayBuffer]);

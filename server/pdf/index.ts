// The certificate PDF: what the issuance server renders for each credential, one at a time
// (renderCertificatePdf) or in bulk on worker threads (PdfRenderPool).
export { renderCertificatePdf } from "./certificate";
export type { CertificateInput } from "./certificate";
export { PdfRenderPool, PdfRenderPoolError } from "./pool";
export type { PdfRenderer } from "./pool";

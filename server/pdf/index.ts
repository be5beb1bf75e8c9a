// The certificate PDF: what the issuance server renders for each credential, alone or in bulk.
export { renderCertificatePdf } from "./certificate";
export type { CertificateInput } from "./certificate";

import {
  DERIVED_CIPHERTEXT_MAX_CHARS,
  DerivedCredential,
  DerivedCredentialRequest,
  Health,
  HolderPdfRequest,
  StoredCredential,
} from "../../core/api";
import { anonymousErrors, certificateIdPath, failure, json, jsonBody } from "../http/api-paths";
import { DERIVED_CREDENTIALS_PER_CERTIFICATE, HOLDER_PDF_WINDOW_SECONDS } from "./holder-routes";
import type { ApiPaths } from "../http/api-paths";

const HOLDER_ERRORS = {
  "400": failure("Invalid input: code, field paths and messages"),
  "403": failure("The proof is not the holder's for this request and certificate (HOLDER_PROOF_INVALID)"),
  "404": failure("Unknown certificate (NOT_FOUND) or not anchored yet (CREDENTIAL_NOT_READY)"),
  "409": failure("The certificate is revoked (CERTIFICATE_REVOKED)"),
  ...anonymousErrors,
};

/** The CORS preflight of a holder's route: a verifier page served from another origin posts to it. */
const holderPreflight = {
  security: [],
  summary: "CORS preflight: any origin may POST JSON here",
  responses: { "204": { description: "Allowed: POST with Content-Type, for 600 seconds" } },
};

/** The routes of `routes.ts` and `holder-routes.ts`: stored credentials for verifiers, the holder's requests, and health. */
export const publicApi: ApiPaths = {
  "/api/public/credentials/{id}": {
    get: {
      security: [],
      summary: "A stored credential, encrypted (for verifiers holding the QR secret)",
      requestParams: { path: certificateIdPath },
      responses: {
        "200": json(StoredCredential, "Ciphertext only"),
        "404": failure("Unknown (NOT_FOUND) or not issued yet (CREDENTIAL_NOT_READY)"),
        "429": anonymousErrors["429"],
      },
    },
  },
  "/api/public/credentials/{id}/derived": {
    options: { ...holderPreflight, requestParams: { path: certificateIdPath } },
    post: {
      security: [],
      summary: "Store the certificate's credential with subject fields hidden, encrypted by its holder",
      description: `The holder (whoever has the certificate's QR secret) encrypts the credential with fields hidden under a new id and a fresh secret, exactly as a QR link's stored credential, and proves with core's holderProof (purpose "derive", the new id and the envelope) that they hold the certificate's secret. The server keeps only the ciphertext, at most ${DERIVED_CREDENTIALS_PER_CERTIFICATE} per certificate and ${DERIVED_CIPHERTEXT_MAX_CHARS} characters each, and serves it at GET /api/public/credentials/{new id}.`,
      requestParams: { path: certificateIdPath },
      requestBody: jsonBody(DerivedCredentialRequest),
      responses: {
        "201": json(DerivedCredential, "Stored"),
        ...HOLDER_ERRORS,
        "409": failure(
          "The certificate is revoked (CERTIFICATE_REVOKED), has all its derived credentials (DERIVED_CREDENTIAL_LIMIT), or the new id is taken (DERIVED_ID_TAKEN)",
        ),
        "413": failure("Body over 64 KiB (PAYLOAD_TOO_LARGE) or ciphertext too long (DERIVED_CREDENTIAL_TOO_LARGE)"),
      },
    },
  },
  "/api/public/credentials/{id}/pdf": {
    options: { ...holderPreflight, requestParams: { path: certificateIdPath } },
    post: {
      security: [],
      summary: "The certificate's PDF, for its holder",
      description: `Proven with core's holderProof (purpose "pdf" and the holder's clock in UNIX seconds, accepted within ${HOLDER_PDF_WINDOW_SECONDS} seconds of the server's).`,
      requestParams: { path: certificateIdPath },
      requestBody: jsonBody(HolderPdfRequest),
      responses: {
        "200": {
          description: "application/pdf, its credential attached, offered for saving as the registrar's PDF is",
        },
        ...HOLDER_ERRORS,
        "403": failure("Not the holder's proof (HOLDER_PROOF_INVALID), or too old or early (HOLDER_PROOF_STALE)"),
      },
    },
  },
  "/api/health": {
    get: { security: [], summary: "Health", responses: { "200": json(Health, "OK, with the work in progress") } },
  },
};

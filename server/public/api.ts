import { Health, StoredCredential } from "../../core/api";
import { anonymousErrors, certificateIdPath, failure, json } from "../http/api-paths";
import type { ApiPaths } from "../http/api-paths";

/** The routes of `routes.ts`: stored credentials for verifiers, and health. */
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
  "/api/health": {
    get: { security: [], summary: "Health", responses: { "200": json(Health, "OK, with the work in progress") } },
  },
};

import { SignerKeys, SignerRotation } from "../../core/api";
import { failure, json, jsonBody, signedInErrors } from "../http/api-paths";
import type { ApiPaths } from "../http/api-paths";
import { RotateKeyRequest } from "./schemas";

/** The routes of `routes.ts`: the university's signer keys and their rotation. */
export const keysApi: ApiPaths = {
  "/api/keys": {
    get: {
      summary: "Signer keys of your university on chain, the one in use and the operator account (admin)",
      responses: {
        "200": json(SignerKeys, "Keys, without any private key"),
        ...signedInErrors,
        "503": failure("Chain unreachable (CHAIN_UNREACHABLE)"),
      },
    },
  },
  "/api/keys/rotate": {
    post: {
      summary:
        "Replace the signer key (admin): a new key is registered on chain and signs the next batches; the old one is revoked once its batches are anchored",
      requestBody: jsonBody(RotateKeyRequest),
      responses: {
        "202": json(SignerRotation, "Rotation started"),
        ...signedInErrors,
        "409": failure("A previous rotation's new key is not registered yet (ROTATION_IN_PROGRESS)"),
      },
    },
  },
};

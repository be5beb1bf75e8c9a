import { VerificationAnswer } from "../../core/api";
import { anonymousErrors, failure, json, jsonBody } from "../http/api-paths";
import type { ApiPaths } from "../http/api-paths";
import { VerifyRequest } from "./routes";

/** The route of `routes.ts`: verification for anyone. */
export const verifyApi: ApiPaths = {
  "/api/verify": {
    post: {
      security: [],
      summary: "Verify a certificate as the verifier page does: a credential, its QR link or its typed code",
      description:
        "Open to anyone, within limits: a JSON body of at most 64 KiB, a rate per client address, and a cap on verifications running at once. For a link or code of a university hosted elsewhere, its stored credential is fetched from the URL the registry records: https only, public addresses only, at most 256 KiB, 5 s and 2 redirects. When that server gives none that passes the checks, the mirrors the registry lists for the university's country (its ministry's and ALECSO's) are asked in turn, within the same limits; `source` says which answered.",
      requestBody: jsonBody(VerifyRequest),
      responses: {
        "200": json(
          VerificationAnswer,
          "Verdict (VALID, INVALID, REVOKED, CANNOT_CHECK), every named check with its code and message, `issuer`: the issuing university as the registry records it with its standing today (null when no check reached it), and `credential`: the document, echoed only when its verdict is VALID or REVOKED",
        ),
        "400": failure("Not a credential, link or code (VALIDATION_FAILED, CODE_MALFORMED)"),
        "404": failure("No such certificate"),
        "422": failure(
          "The link's secret does not open the stored credential (DECRYPTION_FAILED), or the code is of a network this server does not trust (UNTRUSTED_CHAIN)",
        ),
        ...anonymousErrors,
        "502": failure(
          "The university's server on chain could not be reached, or answered beyond the limits, and no mirror gave the credential (ISSUER_UNREACHABLE)",
        ),
        "503": failure("Too many verifications at once (SERVER_BUSY); Retry-After says when to come back"),
      },
    },
  },
};

import { recoverBatchSigner } from "../../batch/signature";
import { fragment } from "../fragment";
import type { Check } from "../types";
import { wellFormed } from "./requires";

/**
 * ISSUER_SIGNATURE: the batch statement (root, count, university, chain, registry) was signed by the
 * stated key, and that key was a valid signer of the university when the batch was anchored.
 */
export const issuerSignatureCheck: Check = {
  name: "ISSUER_SIGNATURE",
  test: wellFormed,
  skip: () => fragment("ISSUER_SIGNATURE", "SKIPPED", "SKIPPED_INVALID_FORMAT"),
  async verify(context) {
    const { proof, issuer } = context.valid;
    let signer: string;
    try {
      signer = recoverBatchSigner(
        {
          chainId: proof.chainId,
          registry: proof.registry,
          root: proof.root,
          count: proof.batchCount,
          issuer: issuer.universityId,
        },
        proof.signature,
      );
    } catch {
      return fragment("ISSUER_SIGNATURE", "INVALID", "SIGNATURE_MISMATCH");
    }
    if (signer.toLowerCase() !== proof.signer.toLowerCase()) {
      return fragment("ISSUER_SIGNATURE", "INVALID", "SIGNATURE_MISMATCH", { recovered: signer, stated: proof.signer });
    }
    if (!(await context.anchoredByIssuer())) return fragment("ISSUER_SIGNATURE", "SKIPPED", "SKIPPED_NOT_ANCHORED");
    const { anchoredAt } = await context.status();
    if (!(await context.reader.wasSignerAt(issuer.universityId, signer, anchoredAt))) {
      return fragment("ISSUER_SIGNATURE", "INVALID", "SIGNATURE_KEY_NOT_VALID", { signer, anchoredAt });
    }
    return fragment("ISSUER_SIGNATURE", "VALID", "SIGNATURE_OK", { signer });
  },
};

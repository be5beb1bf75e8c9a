import { defineCheck, invalid, valid } from "../check";
import type { Prerequisite } from "../check";
import { anchoredByIssuer, wellFormed } from "./prerequisites";

/**
 * The batch signature recovers the stated signer. Needing no chain, it comes before the anchoring:
 * a signer other than the stated one is INVALID whether or not the batch is anchored (rule 4).
 */
const signedByStatedSigner: Prerequisite = {
  holds: (context) => context.batchSigner?.toLowerCase() === context.valid.proof.signer.toLowerCase(),
  unmet(context) {
    const recovered = context.batchSigner;
    if (recovered === undefined) return invalid("SIGNATURE_MISMATCH");
    return invalid("SIGNATURE_MISMATCH", { recovered, stated: context.valid.proof.signer });
  },
};

/**
 * ISSUER_SIGNATURE: the batch statement (root, count, university, chain, registry) was signed by the
 * stated key, and that key was a valid signer of the university when the batch was anchored.
 */
export const issuerSignatureCheck = defineCheck({
  name: "ISSUER_SIGNATURE",
  requires: [wellFormed, signedByStatedSigner, anchoredByIssuer],
  async verify(context) {
    const { issuer } = context.valid;
    // Recovered, and equal to the stated signer up to letter case: `signedByStatedSigner` held.
    const signer = context.batchSigner as string;
    const { anchoredAt } = await context.status();
    if (!(await context.reader.wasSignerAt(issuer.universityId, signer, anchoredAt))) {
      return invalid("SIGNATURE_KEY_NOT_VALID", { signer, anchoredAt });
    }
    return valid("SIGNATURE_OK", { signer });
  },
});

import { documentHash, fieldHashes } from "../../credential/hashing";
import { defineCheck, invalid, valid } from "../check";
import { wellFormed } from "./prerequisites";

/** INTEGRITY: the disclosed fields with their salts, and the hidden field hashes, give the document hash. */
export const integrityCheck = defineCheck({
  name: "INTEGRITY",
  requires: [wellFormed],
  async verify(context) {
    const { proof } = context.valid;
    const computed = documentHash(fieldHashes(context.valid, proof.salts, proof.hidden));
    if (computed !== proof.documentHash.toLowerCase()) {
      return invalid("INTEGRITY_MISMATCH", { expected: proof.documentHash, computed });
    }
    return valid("INTEGRITY_OK", { documentHash: computed });
  },
});

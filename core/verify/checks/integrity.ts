import { documentHash, fieldHashes } from "../../credential/hashing";
import { fragment } from "../fragment";
import type { Check } from "../types";
import { wellFormed } from "./requires";

/** INTEGRITY: the disclosed fields with their salts, and the hidden field hashes, give the document hash. */
export const integrityCheck: Check = {
  name: "INTEGRITY",
  test: wellFormed,
  skip: () => fragment("INTEGRITY", "SKIPPED", "SKIPPED_INVALID_FORMAT"),
  async verify(context) {
    const { proof } = context.valid;
    const computed = documentHash(fieldHashes(context.valid, proof.salts, proof.hidden));
    if (computed !== proof.documentHash.toLowerCase()) {
      return fragment("INTEGRITY", "INVALID", "INTEGRITY_MISMATCH", { expected: proof.documentHash, computed });
    }
    return fragment("INTEGRITY", "VALID", "INTEGRITY_OK", { documentHash: computed });
  },
};

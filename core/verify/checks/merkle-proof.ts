import { rootFromProof } from "../../batch/merkle";
import { fragment } from "../fragment";
import type { Check } from "../types";
import { wellFormed } from "./requires";

/** MERKLE_PROOF: the document hash and the proof lead to the batch root. */
export const merkleProofCheck: Check = {
  name: "MERKLE_PROOF",
  test: wellFormed,
  skip: () => fragment("MERKLE_PROOF", "SKIPPED", "SKIPPED_INVALID_FORMAT"),
  async verify(context) {
    const { proof } = context.valid;
    const computed = rootFromProof(proof.documentHash, proof.merkleProof);
    if (computed !== proof.root.toLowerCase()) {
      return fragment("MERKLE_PROOF", "INVALID", "MERKLE_MISMATCH", { expected: proof.root, computed });
    }
    return fragment("MERKLE_PROOF", "VALID", "MERKLE_OK", { root: computed });
  },
};

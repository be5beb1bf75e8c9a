import { rootFromProof } from "../../batch/merkle";
import { defineCheck, invalid, valid } from "../check";
import { wellFormed } from "./prerequisites";

/** MERKLE_PROOF: the document hash and the proof lead to the batch root. */
export const merkleProofCheck = defineCheck({
  name: "MERKLE_PROOF",
  requires: [wellFormed],
  async verify(context) {
    const { proof } = context.valid;
    const computed = rootFromProof(proof.documentHash, proof.merkleProof);
    if (computed !== proof.root.toLowerCase()) return invalid("MERKLE_MISMATCH", { expected: proof.root, computed });
    return valid("MERKLE_OK", { root: computed });
  },
});

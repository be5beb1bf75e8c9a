import { defineCheck, invalid, valid } from "../check";
import { wellFormed } from "./prerequisites";

/**
 * ANCHORED: the root is anchored, in a registry this verifier trusts, by the stated university: the
 * batch is looked up under that university, so an anchor of the same root by another is not found.
 */
export const anchoredCheck = defineCheck({
  name: "ANCHORED",
  requires: [wellFormed],
  async verify(context) {
    const { proof, issuer } = context.valid;
    if (!context.deployment) {
      return invalid("ANCHORED_UNTRUSTED_REGISTRY", { chainId: proof.chainId, registry: proof.registry });
    }
    const status = await context.status();
    if (!status.anchored) return invalid("ANCHORED_NOT_FOUND", { root: proof.root });
    if (status.count !== proof.batchCount) return invalid("ANCHORED_WRONG_COUNT", { anchoredCount: status.count });
    const transaction = await context.reader.anchorTransaction(issuer.universityId, proof.root);
    return valid("ANCHORED_OK", {
      chainId: proof.chainId,
      registry: context.deployment.certificateRegistry,
      root: proof.root,
      anchoredAt: status.anchoredAt,
      count: status.count,
      ...(transaction ?? {}),
    });
  },
});

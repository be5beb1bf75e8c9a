import { ChainReadError, createVerificationPack } from "../../core";
import type { VerificationPack } from "../../core";
import type { AppContext } from "../context";
import { ApiError } from "../http/errors";
import { notConfirmed } from "./pdf";
import { getCertificate } from "./service";

/**
 * A verification pack of a confirmed certificate of `universityId` (docs/verification-pack.md): its
 * credential with the block header and storage proofs its checks read now, for the registrar to hand
 * to the graduate or an archive, to be verified later with no network.
 */
export async function certificatePack(
  context: AppContext,
  universityId: number,
  id: string,
): Promise<VerificationPack> {
  const certificate = getCertificate(context, universityId, id);
  if (certificate.status !== "confirmed" || !certificate.credential) throw notConfirmed(certificate.status);
  if (!context.chainNodes) throw new ApiError(503, "CHAIN_UNREACHABLE", "this server makes no verification packs");
  try {
    const { pack } = await createVerificationPack(certificate.credential, context.chainNodes, {
      trustedDeployments: [context.deployment],
    });
    return pack;
  } catch (error) {
    if (error instanceof ChainReadError) throw new ApiError(503, "CHAIN_UNREACHABLE", error.message.slice(0, 200));
    throw error;
  }
}

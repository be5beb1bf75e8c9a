import { Contract, Interface } from "ethers";
import type { Provider } from "ethers";
import type { Deployment } from "../../core";
import { ISSUER_REGISTRY_EVENTS } from "../audit/events";
import { issuerRegistryReader, nextBlockTime, signerKeyWindow } from "../keys/signer-keys";
import type { BatchFailure } from "./failures";

/**
 * What stops the university from issuing right now, as the IssuerRegistry says: its accreditation is
 * suspended, or `signer` is not a valid key of it at the next block. A batch signed or anchored
 * despite either would never verify, so the issue API refuses new certificates and the worker
 * neither signs nor anchors. Null when nothing does. Throws when the chain cannot be read.
 */
export async function issuingBlocker(
  provider: Provider,
  deployment: Deployment,
  universityId: number,
  signer: string,
): Promise<Extract<BatchFailure, { code: "UNIVERSITY_SUSPENDED" | "SIGNER_KEY_INVALID" }> | null> {
  const registry = issuerRegistryReader(provider, deployment);
  const university = (await registry.getFunction("university")(universityId)) as { accredited: boolean };
  if (!university.accredited) {
    const history = (await registry.getFunction("accreditationHistory")(universityId)) as { until: bigint }[];
    const last = history.at(-1);
    return {
      code: "UNIVERSITY_SUSPENDED",
      since: last && last.until !== 0n ? Number(last.until) : null,
      reason: await suspensionReason(provider, deployment, universityId),
    };
  }
  const window = await signerKeyWindow(registry, universityId, signer, await nextBlockTime(provider));
  return window.validNow ? null : { code: "SIGNER_KEY_INVALID", key: signer, validUntil: window.validUntil };
}

const suspensions = new Interface(ISSUER_REGISTRY_EVENTS);

/**
 * The reason the ministry gave for the university's last suspension, from its UniversitySuspended
 * event; null when the node will not search its logs (some limit the range): the date is enough to act.
 */
async function suspensionReason(
  provider: Provider,
  deployment: Deployment,
  universityId: number,
): Promise<string | null> {
  const registry = new Contract(deployment.issuerRegistry, suspensions, provider);
  try {
    const logs = await registry.queryFilter(
      registry.getEvent("UniversitySuspended")(universityId),
      deployment.deploymentBlock,
    );
    const last = logs.at(-1);
    return last ? String(suspensions.parseLog(last)?.args.getValue("reason") ?? "") || null : null;
  } catch {
    return null;
  }
}

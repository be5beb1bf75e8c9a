import { Interface } from "ethers";
import { CERTIFICATE_REGISTRY_ABI } from "../../core";

/** The certificate registry calls the server sends, encoded once so the outbox stores plain call data. */
export const certificateRegistry = new Interface(CERTIFICATE_REGISTRY_ABI);

export const encodeAnchor = (root: string, count: number): string =>
  certificateRegistry.encodeFunctionData("anchor", [root, count]);
export const encodeRevokeMany = (universityId: number, root: string, leaves: string[], reason: number): string =>
  certificateRegistry.encodeFunctionData("revokeMany", [universityId, root, leaves, reason]);
export const encodeRevokeBatch = (universityId: number, root: string, reason: number): string =>
  certificateRegistry.encodeFunctionData("revokeBatch", [universityId, root, reason]);

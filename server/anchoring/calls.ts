import { Interface } from "ethers";
import { CERTIFICATE_REGISTRY_ABI, ISSUER_REGISTRY_ABI } from "../../core";

/** The registry calls the server sends, encoded once so the outbox stores plain call data. */
export const certificateRegistry = new Interface(CERTIFICATE_REGISTRY_ABI);
const issuerRegistry = new Interface(ISSUER_REGISTRY_ABI);

export const encodeAnchor = (root: string, count: number): string =>
  certificateRegistry.encodeFunctionData("anchor", [root, count]);
export const encodeRevokeMany = (universityId: number, root: string, leaves: string[], reason: number): string =>
  certificateRegistry.encodeFunctionData("revokeMany", [universityId, root, leaves, reason]);
export const encodeRevokeBatch = (universityId: number, root: string, reason: number): string =>
  certificateRegistry.encodeFunctionData("revokeBatch", [universityId, root, reason]);
// A key the server adds is valid from its block on, with no end: rotation ends it with revokeSigner.
export const encodeAddSigner = (key: string): string => issuerRegistry.encodeFunctionData("addSigner", [key, 0, 0]);
export const encodeRevokeSigner = (key: string): string => issuerRegistry.encodeFunctionData("revokeSigner", [key, 0]);

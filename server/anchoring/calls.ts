import { Interface } from "ethers";
import { CERTIFICATE_REGISTRY_ABI } from "../../core";

/** The CertificateRegistry calls the server sends, encoded once so the outbox stores plain call data. */
export const certificateRegistry = new Interface(CERTIFICATE_REGISTRY_ABI);

export const encodeAnchor = (root: string, count: number): string => certificateRegistry.encodeFunctionData("anchor", [root, count]);
export const encodeRevokeMany = (leaves: string[], root: string, reason: number): string =>
  certificateRegistry.encodeFunctionData("revokeMany", [leaves, root, reason]);
export const encodeRevokeBatch = (root: string, reason: number): string =>
  certificateRegistry.encodeFunctionData("revokeBatch", [root, reason]);

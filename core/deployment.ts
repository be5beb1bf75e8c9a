import { z } from "zod";

/** An EVM address as ethers prints it: 0x followed by 40 hex digits. */
export const Address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "expected a 0x-prefixed 20-byte hex address");
export type Address = z.infer<typeof Address>;

/**
 * Where the two registries of one Tasdiq deployment live. Written by the deploy script, read by the
 * issuance server, the verifier page (as its list of trusted deployments) and the audit tools.
 */
export const Deployment = z.object({
  network: z.string().min(1),
  chainId: z.number().int().positive(),
  issuerRegistry: Address,
  certificateRegistry: Address,
  authority: Address,
  /** Block of the first deployment transaction: event indexers start here. */
  deploymentBlock: z.number().int().nonnegative(),
});
export type Deployment = z.infer<typeof Deployment>;

/**
 * What a verifier page needs, served next to it as `config.json`: the chain RPC it reads through and
 * the deployments it trusts (the first one is used for typed codes, which carry no chain id).
 */
export const VerifierConfig = z.strictObject({
  rpcUrl: z.url(),
  /**
   * More nodes of the same chain, best run by other parties: each must give the same hash for the
   * block the facts are proven at, or the verdict is "cannot check" (see createProofChainReader).
   */
  crossCheckRpcUrls: z.array(z.url()).max(8).optional(),
  deployments: z.array(Deployment).min(1),
  /**
   * Trusted block hashes published by the ministries: a verification pack of one of these blocks is
   * checked against it with no network (docs/verification-pack.md).
   */
  checkpoints: z
    .array(
      z.strictObject({
        number: z.number().int().nonnegative(),
        hash: z.string().regex(/^0x[0-9a-fA-F]{64}$/, "expected 0x followed by 64 hex digits"),
      }),
    )
    .max(1000)
    .optional(),
});
export type VerifierConfig = z.infer<typeof VerifierConfig>;

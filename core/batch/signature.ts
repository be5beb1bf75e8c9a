import { TypedDataEncoder, verifyTypedData } from "ethers";
import type { TypedDataDomain, TypedDataField } from "ethers";
import type { Hex32 } from "../credential/schema";

/** What the university's signer key signs for a batch. */
export interface BatchStatement {
  chainId: number;
  /** The CertificateRegistry the batch is anchored in. */
  registry: string;
  root: Hex32;
  count: number;
  /** The university's id in the IssuerRegistry. */
  issuer: number;
}

/** A key that signs EIP-712 typed data; an ethers `Wallet` or `Signer` fits as it is. */
export interface TypedDataSigner {
  getAddress(): Promise<string>;
  signTypedData(
    domain: TypedDataDomain,
    types: Record<string, TypedDataField[]>,
    value: Record<string, unknown>,
  ): Promise<string>;
}

export const BATCH_TYPES: Record<string, TypedDataField[]> = {
  Batch: [
    { name: "root", type: "bytes32" },
    { name: "count", type: "uint32" },
    { name: "issuer", type: "uint32" },
  ],
};

/** EIP-712 domain: bound to the chain and to the registry, so a signature cannot be replayed elsewhere. */
export function batchDomain(chainId: number, registry: string): TypedDataDomain {
  return { name: "Tasdiq", version: "1", chainId, verifyingContract: registry };
}

function batchValue(statement: BatchStatement): Record<string, unknown> {
  return { root: statement.root, count: statement.count, issuer: statement.issuer };
}

/** The EIP-712 digest the signer signs (for independent implementations and test vectors). */
export function batchDigest(statement: BatchStatement): Hex32 {
  return TypedDataEncoder.hash(
    batchDomain(statement.chainId, statement.registry),
    BATCH_TYPES,
    batchValue(statement),
  ) as Hex32;
}

export async function signBatch(
  signer: TypedDataSigner,
  statement: BatchStatement,
): Promise<{ signer: string; signature: string }> {
  const signature = await signer.signTypedData(
    batchDomain(statement.chainId, statement.registry),
    BATCH_TYPES,
    batchValue(statement),
  );
  return { signer: await signer.getAddress(), signature };
}

const recovered = new Map<string, string>();
const RECOVERY_CACHE_SIZE = 1024;

/**
 * The address that signed `statement`. Every certificate of a batch carries the same signature, so
 * recoveries are cached (bounded) to verify many certificates of one batch quickly.
 */
export function recoverBatchSigner(statement: BatchStatement, signature: string): string {
  const key =
    `${statement.chainId}|${statement.registry}|${statement.root}|${statement.count}|${statement.issuer}|${signature}`.toLowerCase();
  let address = recovered.get(key);
  if (address === undefined) {
    address = verifyTypedData(
      batchDomain(statement.chainId, statement.registry),
      BATCH_TYPES,
      batchValue(statement),
      signature,
    );
    if (recovered.size >= RECOVERY_CACHE_SIZE) recovered.delete(recovered.keys().next().value as string);
    recovered.set(key, address);
  }
  return address;
}

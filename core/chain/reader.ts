import type { LocalizedText } from "../credential/schema";

/** A half-open interval of UNIX seconds [from, until); `until === 0` means still open. */
export interface Interval {
  from: number;
  until: number;
}

/**
 * What `CertificateRegistry.status(issuer, root, leaf)` answers about the batch `root` of university
 * `issuer`. Times are UNIX seconds, 0 meaning never.
 */
export interface AnchorStatus {
  anchored: boolean;
  count: number;
  anchoredAt: number;
  leafRevokedAt: number;
  leafReason: number;
  batchRevokedAt: number;
  batchReason: number;
}

export interface RegisteredUniversity {
  id: number;
  country: string;
  operator: string;
  names: LocalizedText;
  url: string;
  accredited: boolean;
}

export interface RegisteredMinistry {
  account: string;
  names: LocalizedText;
}

export interface AnchorTransaction {
  blockNumber: number;
  transactionHash: string;
}

/**
 * Read access to the two registries of one deployment. The core never talks to a node itself: the
 * server, the browser and the tests pass an implementation in (see `createEthersChainReader`).
 * Implementations throw {@link ChainReadError} when the chain cannot be read.
 */
export interface ChainReader {
  status(issuer: number, root: string, leaf: string): Promise<AnchorStatus>;
  anchorTransaction(issuer: number, root: string): Promise<AnchorTransaction | undefined>;
  university(id: number): Promise<RegisteredUniversity | undefined>;
  ministry(country: string): Promise<RegisteredMinistry | undefined>;
  accreditationHistory(id: number): Promise<Interval[]>;
  wasAccreditedAt(id: number, timestamp: number): Promise<boolean>;
  wasSignerAt(id: number, key: string, timestamp: number): Promise<boolean>;
}

/**
 * Where the registries keep what verifiers read, as the Solidity compiler lays out their storage
 * (slot numbers of state variables; slot, byte offset and size of each struct member). The proof
 * reader computes storage keys from these numbers. test/core/storage-layout.test.ts compares every
 * entry with the compiler's `storageLayout` output, so a contract change that moves a slot fails there
 * instead of making verifiers read the wrong word.
 */

/** A member of a struct: its slot from the struct's first slot, byte offset inside that slot (from the right), size in bytes. */
export interface StorageField {
  slot: number;
  offset: number;
  bytes: number;
}

/** The state variables read, by their names in the contracts. */
export const STATE_SLOTS = {
  IssuerRegistry: { _ministries: 3, _universities: 5, _signerKeys: 7 },
  CertificateRegistry: { _batches: 1, _revocations: 2 },
} as const;

/** The structs read, by the compiler's label (`struct <Contract>.<Name>`). */
export const STRUCT_FIELDS = {
  "IssuerRegistry.UniversityRecord": {
    country: { slot: 0, offset: 0, bytes: 2 },
    operator: { slot: 0, offset: 2, bytes: 20 },
    names: { slot: 1, offset: 0, bytes: 96 },
    url: { slot: 4, offset: 0, bytes: 32 },
    accreditation: { slot: 5, offset: 0, bytes: 32 },
  },
  "IssuerRegistry.MinistryRecord": {
    account: { slot: 0, offset: 0, bytes: 20 },
    names: { slot: 1, offset: 0, bytes: 96 },
    registration: { slot: 4, offset: 0, bytes: 32 },
  },
  "IIssuerRegistry.Names": {
    ar: { slot: 0, offset: 0, bytes: 32 },
    en: { slot: 1, offset: 0, bytes: 32 },
    fr: { slot: 2, offset: 0, bytes: 32 },
  },
  "IIssuerRegistry.Interval": {
    from: { slot: 0, offset: 0, bytes: 8 },
    until: { slot: 0, offset: 8, bytes: 8 },
  },
  "IIssuerRegistry.SignerKey": {
    validFrom: { slot: 0, offset: 0, bytes: 8 },
    validUntil: { slot: 0, offset: 8, bytes: 8 },
  },
  "ICertificateRegistry.Batch": {
    count: { slot: 0, offset: 0, bytes: 4 },
    anchoredAt: { slot: 0, offset: 4, bytes: 8 },
    revokedAt: { slot: 0, offset: 12, bytes: 8 },
    reason: { slot: 0, offset: 20, bytes: 1 },
  },
  "ICertificateRegistry.Revocation": {
    revokedAt: { slot: 0, offset: 0, bytes: 8 },
    reason: { slot: 0, offset: 8, bytes: 1 },
  },
} as const satisfies Record<string, Record<string, StorageField>>;

/**
 * The parts of the registries' ABI that verifiers and indexers use, in human-readable form so the
 * browser bundle does not carry the compiled artifacts. A test checks each line against the compiled
 * contracts, so the contracts stay the single source of truth.
 */
export const ISSUER_REGISTRY_ABI = [
  "function ministry(bytes2 country) view returns (tuple(address account, tuple(string ar, string en, string fr) names))",
  "function university(uint32 id) view returns (tuple(uint32 id, bytes2 country, address operator, tuple(string ar, string en, string fr) names, string url, bool accredited))",
  "function universityCount() view returns (uint32)",
  "function universityOf(address operator) view returns (uint32)",
  "function accreditationHistory(uint32 id) view returns (tuple(uint64 from, uint64 until)[])",
  "function wasAccreditedAt(uint32 id, uint64 timestamp) view returns (bool)",
  "function wasSignerAt(uint32 id, address key, uint64 timestamp) view returns (bool)",
  "error IssuerRegistryUnknownUniversity(uint32 id)",
  // What the ministry dashboard signs, and the errors the registry answers it with.
  "function owner() view returns (address)",
  "function countryOfMinistry(address account) view returns (bytes2)",
  "function accreditUniversity(address operator, tuple(string ar, string en, string fr) names, string url) returns (uint32 id)",
  "function suspendUniversity(uint32 id, string reason)",
  "function reinstateUniversity(uint32 id)",
  "error IssuerRegistryInvalidAccount(address account)",
  "error IssuerRegistryMissingName()",
  "error IssuerRegistryMissingUrl()",
  "error IssuerRegistryAccountInUse(address account)",
  "error IssuerRegistryNotMinistry(address account)",
  "error IssuerRegistryNotConnected()",
  "error IssuerRegistryWrongCountry(uint32 id, bytes2 country)",
  "error IssuerRegistryAlreadySuspended(uint32 id)",
  "error IssuerRegistryNotSuspended(uint32 id)",
  // What an issuance server reads and sends to manage its university's signer keys.
  "function signers(uint32 id) view returns (address[])",
  "function signerKey(uint32 id, address key) view returns (tuple(uint64 validFrom, uint64 validUntil))",
  "function addSigner(address key, uint64 validFrom, uint64 validUntil)",
  "function revokeSigner(address key, uint64 revokedFrom)",
  "error IssuerRegistryNotOperator(address account)",
  "error IssuerRegistryNotAccredited(uint32 id)",
  "error IssuerRegistrySignerExists(address key)",
  "error IssuerRegistryUnknownSigner(uint32 id, address key)",
  "error IssuerRegistrySignerAlreadyRevoked(uint32 id, address key)",
  "error IssuerRegistryInvalidWindow(uint64 validFrom, uint64 validUntil)",
  "error IssuerRegistryInvalidRevocationTime(uint64 revokedFrom)",
  // Mirrors of stored credentials: where verifiers look when a university's server does not answer,
  // published by the ministries and the authority that run them.
  "function mirrors() view returns (tuple(address publisher, bytes2 country, string url)[] list)",
  "function publishMirror(string url)",
  "function withdrawMirror()",
  "error IssuerRegistryNotMirrorPublisher(address account)",
  "error IssuerRegistryNoMirror(address account)",
] as const;

export const CERTIFICATE_REGISTRY_ABI = [
  "function status(uint32 issuer, bytes32 root, bytes32 leaf) view returns (tuple(bool anchored, uint32 count, uint64 anchoredAt, uint64 leafRevokedAt, uint8 leafReason, uint64 batchRevokedAt, uint8 batchReason))",
  "function anchor(bytes32 root, uint32 count)",
  "function revokeMany(uint32 issuer, bytes32 root, bytes32[] leaves, uint8 reason)",
  "function revokeBatch(uint32 issuer, bytes32 root, uint8 reason)",
  "event Anchored(uint32 indexed issuer, bytes32 indexed root, uint32 count)",
  "error CertificateRegistryAlreadyAnchored(uint32 issuer, bytes32 root)",
  "error CertificateRegistryNotAllowedToAnchor(address account)",
  "error CertificateRegistryAlreadyRevoked(uint32 issuer, bytes32 root, bytes32 leaf)",
  "error CertificateRegistryBatchAlreadyRevoked(uint32 issuer, bytes32 root)",
  // The other refusals of the calls the issuance server sends, so it can name them.
  "error CertificateRegistryInvalidCount()",
  "error CertificateRegistryInvalidRoot()",
  "error CertificateRegistryUnknownRoot(uint32 issuer, bytes32 root)",
  "error CertificateRegistryNotAllowedToRevoke(address account, uint32 issuer, bytes32 root)",
  "error CertificateRegistryInvalidReason(uint8 reason)",
  "error CertificateRegistryEmptyInput()",
] as const;

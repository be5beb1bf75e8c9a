// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title Anchors of certificate batches (Merkle roots) and their revocations.
/// @notice Types, events and errors of {CertificateRegistry}. No personal data: only roots, leaves
/// (salted document hashes) and small reason codes.
interface ICertificateRegistry {
    /// @dev One storage slot per (university, root) anchored. `revokedAt == 0` means the batch is not
    /// revoked.
    struct Batch {
        uint32 count;
        uint64 anchoredAt;
        uint64 revokedAt;
        uint8 reason;
    }

    /// @dev Revocation of one certificate (leaf) of one batch (university, root).
    struct Revocation {
        uint64 revokedAt;
        uint8 reason;
    }

    /// @dev Everything a verifier needs about one certificate, in one call.
    struct Status {
        bool anchored;
        uint32 count;
        uint64 anchoredAt;
        uint64 leafRevokedAt;
        uint8 leafReason;
        uint64 batchRevokedAt;
        uint8 batchReason;
    }

    event Anchored(uint32 indexed issuer, bytes32 indexed root, uint32 count);
    event Revoked(uint32 indexed issuer, bytes32 indexed root, bytes32 indexed leaf, uint8 reason, address by);
    event BatchRevoked(uint32 indexed issuer, bytes32 indexed root, uint8 reason, address by);
    event AnchoringRightChanged(address indexed operator, uint32 indexed issuer, bool allowed);

    error CertificateRegistryNotIssuerRegistry(address account);
    error CertificateRegistryNotAllowedToAnchor(address account);
    error CertificateRegistryInvalidCount();
    error CertificateRegistryInvalidRoot();
    error CertificateRegistryAlreadyAnchored(uint32 issuer, bytes32 root);
    error CertificateRegistryUnknownRoot(uint32 issuer, bytes32 root);
    error CertificateRegistryNotAllowedToRevoke(address account, uint32 issuer, bytes32 root);
    error CertificateRegistryInvalidReason(uint8 reason);
    error CertificateRegistryEmptyInput();
    error CertificateRegistryAlreadyRevoked(uint32 issuer, bytes32 root, bytes32 leaf);
    error CertificateRegistryBatchAlreadyRevoked(uint32 issuer, bytes32 root);

    /// @notice Anchors the Merkle root of a batch of `count` certificates for the caller's university.
    /// The same root anchored by another university is another batch: it neither blocks this one nor
    /// stands for it.
    /// Requirements: the caller is the operator of a university that is accredited now (and whose
    /// ministry is registered); `root` not zero and never anchored by this university; `count > 0`.
    /// Emits {Anchored}.
    function anchor(bytes32 root, uint32 count) external;

    /// @notice Revokes one certificate `leaf` of the batch `root` that university `issuer` anchored,
    /// with a reason code (see {REASON_*}).
    /// Requirements: `issuer` anchored `root`; the caller is the operator of `issuer` or the ministry of
    /// its country; valid reason; `leaf` not yet revoked in that batch.
    /// Emits {Revoked}.
    function revoke(uint32 issuer, bytes32 root, bytes32 leaf, uint8 reason) external;

    /// @notice Revokes several certificates of one batch; same rules as {revoke}, all or nothing.
    /// Requirements: `leaves` not empty. Emits one {Revoked} per leaf.
    function revokeMany(uint32 issuer, bytes32 root, bytes32[] calldata leaves, uint8 reason) external;

    /// @notice Revokes a whole batch. Requirements: as {revoke}; the batch is not revoked yet.
    /// Emits {BatchRevoked}.
    function revokeBatch(uint32 issuer, bytes32 root, uint8 reason) external;

    /// @notice Grants or withdraws the right of `operator` (university `issuer`) to anchor.
    /// Requirements: caller is the issuer registry. Emits {AnchoringRightChanged}.
    function setAnchoringRight(address operator, uint32 issuer, bool allowed) external;

    /// @notice The record of the batch `root` anchored by university `issuer` (all zero when unknown).
    function batch(uint32 issuer, bytes32 root) external view returns (Batch memory);

    /// @notice Status of certificate `leaf` in the batch `root` anchored by university `issuer`, for
    /// verifiers: they look the batch up under the university the credential names.
    function status(uint32 issuer, bytes32 root, bytes32 leaf) external view returns (Status memory);

    /// @notice The university `operator` may currently anchor for, zero when none.
    function anchoringRight(address operator) external view returns (uint32);
}

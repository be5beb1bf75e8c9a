// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title Anchors of certificate batches (Merkle roots) and their revocations.
/// @notice Types, events and errors of {CertificateRegistry}. No personal data: only roots, leaves
/// (salted document hashes) and small reason codes.
interface ICertificateRegistry {
    /// @dev One storage slot per anchored root. `revokedAt == 0` means the batch is not revoked.
    struct Batch {
        uint32 issuer;
        uint32 count;
        uint64 anchoredAt;
        uint64 revokedAt;
        uint8 reason;
    }

    /// @dev Revocation of one certificate (leaf) of one batch (root).
    struct Revocation {
        uint64 revokedAt;
        uint8 reason;
    }

    /// @dev Everything a verifier needs about one certificate, in one call.
    struct Status {
        bool anchored;
        uint32 issuer;
        uint32 count;
        uint64 anchoredAt;
        uint64 leafRevokedAt;
        uint8 leafReason;
        uint64 batchRevokedAt;
        uint8 batchReason;
    }

    event Anchored(bytes32 indexed root, uint32 indexed issuer, uint32 count);
    /// @dev The issuer is not repeated per leaf (it costs gas on every leaf of a `revokeMany`): it is the
    /// issuer of `root`, given by {Anchored}.
    event Revoked(bytes32 indexed root, bytes32 indexed leaf, uint8 reason, address by);
    event BatchRevoked(bytes32 indexed root, uint32 indexed issuer, uint8 reason, address by);
    event AnchoringRightChanged(address indexed operator, uint32 indexed issuer, bool allowed);

    error CertificateRegistryNotIssuerRegistry(address account);
    error CertificateRegistryNotAllowedToAnchor(address account);
    error CertificateRegistryInvalidCount();
    error CertificateRegistryInvalidRoot();
    error CertificateRegistryAlreadyAnchored(bytes32 root);
    error CertificateRegistryUnknownRoot(bytes32 root);
    error CertificateRegistryNotAllowedToRevoke(address account, bytes32 root);
    error CertificateRegistryInvalidReason(uint8 reason);
    error CertificateRegistryEmptyInput();
    error CertificateRegistryAlreadyRevoked(bytes32 leaf);
    error CertificateRegistryBatchAlreadyRevoked(bytes32 root);

    /// @notice Anchors the Merkle root of a batch of `count` certificates for the caller's university.
    /// Requirements: the caller is the operator of a university that is accredited now (and whose
    /// ministry is registered); `root` not zero and never anchored; `count > 0`.
    /// Emits {Anchored}.
    function anchor(bytes32 root, uint32 count) external;

    /// @notice Revokes one certificate `leaf` of batch `root` with a reason code (see {REASON_*}).
    /// Requirements: `root` is anchored; the caller is the operator of the university that anchored it
    /// or the ministry of that university's country; valid reason; `leaf` not yet revoked under `root`.
    /// Emits {Revoked}.
    function revoke(bytes32 leaf, bytes32 root, uint8 reason) external;

    /// @notice Revokes several certificates of batch `root`; same rules as {revoke}, all or nothing.
    /// Requirements: `leaves` not empty. Emits one {Revoked} per leaf.
    function revokeMany(bytes32[] calldata leaves, bytes32 root, uint8 reason) external;

    /// @notice Revokes a whole batch. Requirements: as {revoke}; the batch is not revoked yet.
    /// Emits {BatchRevoked}.
    function revokeBatch(bytes32 root, uint8 reason) external;

    /// @notice Grants or withdraws the right of `operator` (university `issuer`) to anchor.
    /// Requirements: caller is the issuer registry. Emits {AnchoringRightChanged}.
    function setAnchoringRight(address operator, uint32 issuer, bool allowed) external;

    /// @notice The anchored record of `root` (all zero when unknown).
    function batch(bytes32 root) external view returns (Batch memory);

    /// @notice Status of certificate `leaf` under batch `root`, for verifiers.
    function status(bytes32 root, bytes32 leaf) external view returns (Status memory);

    /// @notice The university `operator` may currently anchor for, zero when none.
    function anchoringRight(address operator) external view returns (uint32);
}

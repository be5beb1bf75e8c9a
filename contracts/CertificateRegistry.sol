// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ICertificateRegistry} from "./interfaces/ICertificateRegistry.sol";
import {IIssuerRegistry} from "./interfaces/IIssuerRegistry.sol";

/// @title CertificateRegistry
/// @notice Anchors the Merkle roots of certificate batches and records revocations. Batches are kept
/// per (university, root): a root anchored by one university neither blocks nor stands for the same
/// root of another (a front-run anchor of a root seen in the mempool is harmless), and revocations
/// are kept per (university, root, leaf), so nobody can revoke a certificate of a batch they did not
/// anchor by naming its leaf.
/// @dev The right to anchor is pushed here by the {IssuerRegistry} whenever accreditation changes, so
/// that `anchor` needs one storage read of its own instead of an external call.
contract CertificateRegistry is ICertificateRegistry {
    IIssuerRegistry private immutable _issuers;
    mapping(address operator => uint32 issuer) private _anchoringRight;
    mapping(uint32 issuer => mapping(bytes32 root => Batch)) private _batches;
    mapping(uint32 issuer => mapping(bytes32 root => mapping(bytes32 leaf => Revocation))) private _revocations;

    /// @notice Revocation reasons. Published codes never change meaning.
    uint8 public constant REASON_DATA_ERROR = 1;
    uint8 public constant REASON_FRAUD = 2;
    uint8 public constant REASON_WITHDRAWN = 3;
    uint8 public constant REASON_REPLACED = 4;

    /// @param issuers the trust registry this registry takes anchoring rights and ministries from.
    constructor(IIssuerRegistry issuers) {
        _issuers = issuers;
    }

    /// @notice The trust registry this registry is bound to.
    function issuerRegistry() external view returns (IIssuerRegistry) {
        return _issuers;
    }

    /// @inheritdoc ICertificateRegistry
    function setAnchoringRight(address operator, uint32 issuer, bool allowed) external {
        if (msg.sender != address(_issuers)) revert CertificateRegistryNotIssuerRegistry(msg.sender);
        _anchoringRight[operator] = allowed ? issuer : 0;
        emit AnchoringRightChanged(operator, issuer, allowed);
    }

    /// @inheritdoc ICertificateRegistry
    function anchor(bytes32 root, uint32 count) external {
        uint32 issuer = _anchoringRight[msg.sender];
        if (issuer == 0) revert CertificateRegistryNotAllowedToAnchor(msg.sender);
        if (root == bytes32(0)) revert CertificateRegistryInvalidRoot();
        if (count == 0) revert CertificateRegistryInvalidCount();
        Batch storage record = _batches[issuer][root];
        if (record.anchoredAt != 0) revert CertificateRegistryAlreadyAnchored(issuer, root);
        _batches[issuer][root] = Batch(count, uint64(block.timestamp), 0, 0);
        emit Anchored(issuer, root, count);
    }

    /// @inheritdoc ICertificateRegistry
    function revoke(uint32 issuer, bytes32 root, bytes32 leaf, uint8 reason) external {
        bytes32[] memory leaves = new bytes32[](1);
        leaves[0] = leaf;
        _revokeLeaves(issuer, root, leaves, reason);
    }

    /// @inheritdoc ICertificateRegistry
    function revokeMany(uint32 issuer, bytes32 root, bytes32[] calldata leaves, uint8 reason) external {
        _revokeLeaves(issuer, root, leaves, reason);
    }

    /// @inheritdoc ICertificateRegistry
    function revokeBatch(uint32 issuer, bytes32 root, uint8 reason) external {
        Batch storage record = _revocableBatch(issuer, root, reason);
        if (record.revokedAt != 0) revert CertificateRegistryBatchAlreadyRevoked(issuer, root);
        record.revokedAt = uint64(block.timestamp);
        record.reason = reason;
        emit BatchRevoked(issuer, root, reason, msg.sender);
    }

    /// @inheritdoc ICertificateRegistry
    function batch(uint32 issuer, bytes32 root) external view returns (Batch memory) {
        return _batches[issuer][root];
    }

    /// @inheritdoc ICertificateRegistry
    function status(uint32 issuer, bytes32 root, bytes32 leaf) external view returns (Status memory) {
        Batch storage record = _batches[issuer][root];
        Revocation storage revocation = _revocations[issuer][root][leaf];
        return Status({
            anchored: record.anchoredAt != 0,
            count: record.count,
            anchoredAt: record.anchoredAt,
            leafRevokedAt: revocation.revokedAt,
            leafReason: revocation.reason,
            batchRevokedAt: record.revokedAt,
            batchReason: record.reason
        });
    }

    /// @inheritdoc ICertificateRegistry
    function anchoringRight(address operator) external view returns (uint32) {
        return _anchoringRight[operator];
    }

    /// @dev The one path for single and multiple leaf revocations.
    function _revokeLeaves(uint32 issuer, bytes32 root, bytes32[] memory leaves, uint8 reason) private {
        _revocableBatch(issuer, root, reason);
        if (leaves.length == 0) revert CertificateRegistryEmptyInput();
        uint64 now_ = uint64(block.timestamp);
        mapping(bytes32 leaf => Revocation) storage revoked = _revocations[issuer][root];
        for (uint256 i = 0; i < leaves.length; ++i) {
            bytes32 leaf = leaves[i];
            if (revoked[leaf].revokedAt != 0) revert CertificateRegistryAlreadyRevoked(issuer, root, leaf);
            revoked[leaf] = Revocation(now_, reason);
            emit Revoked(issuer, root, leaf, reason, msg.sender);
        }
    }

    /// @dev Checks, cheapest and most informative first: the batch exists, the caller may revoke in it
    /// (the anchoring university's operator, or the ministry of its country), the reason is known.
    function _revocableBatch(uint32 issuer, bytes32 root, uint8 reason) private view returns (Batch storage record) {
        record = _batches[issuer][root];
        if (record.anchoredAt == 0) revert CertificateRegistryUnknownRoot(issuer, root);
        if (!_mayRevoke(issuer)) revert CertificateRegistryNotAllowedToRevoke(msg.sender, issuer, root);
        if (reason == 0 || reason > REASON_REPLACED) revert CertificateRegistryInvalidReason(reason);
    }

    function _mayRevoke(uint32 issuer) private view returns (bool) {
        // The operator of a university accredited now holds its anchoring right here: no call needed.
        uint32 anchoring = _anchoringRight[msg.sender];
        if (anchoring != 0 && anchoring == issuer) return true;
        // The operator keeps the right to revoke while suspended: withdrawing a wrong certificate must
        // stay possible after the university lost the right to anchor.
        if (_issuers.universityOf(msg.sender) == issuer) return true;
        bytes2 country = _issuers.countryOfMinistry(msg.sender);
        return country != bytes2(0) && _issuers.universityCountry(issuer) == country;
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title NaiveCertificateRegistry
/// @notice Benchmark baseline only, never deployed by Tasdiq: it registers every certificate hash in a
/// transaction of its own, the design that batch anchoring in {CertificateRegistry} replaces.
/// @dev Costs are kept comparable with {CertificateRegistry.anchor}: the right to register is one
/// storage read of the caller's issuer id (pushed here by the admin, as the IssuerRegistry pushes
/// anchoring rights), each record is packed into one slot and announced by one indexed event.
contract NaiveCertificateRegistry {
    /// @dev One storage slot per certificate hash. `registeredAt == 0` means unknown.
    struct Record {
        uint32 issuer;
        uint64 registeredAt;
    }

    address private immutable _admin;
    mapping(address operator => uint32 issuer) private _issuerOf;
    mapping(bytes32 hash => Record) private _records;

    event IssuerSet(address indexed operator, uint32 indexed issuer);
    event Registered(bytes32 indexed hash, uint32 indexed issuer);

    error NaiveCertificateRegistryNotAdmin(address account);
    error NaiveCertificateRegistryNotAllowedToRegister(address account);
    error NaiveCertificateRegistryInvalidHash();
    error NaiveCertificateRegistryAlreadyRegistered(bytes32 hash);

    /// @param admin the account that grants the right to register.
    constructor(address admin) {
        _admin = admin;
    }

    /// @notice Lets `operator` register certificates for university `issuer`; `issuer == 0` withdraws.
    /// Requirements: caller is the admin. Emits {IssuerSet}.
    function setIssuer(address operator, uint32 issuer) external {
        if (msg.sender != _admin) revert NaiveCertificateRegistryNotAdmin(msg.sender);
        _issuerOf[operator] = issuer;
        emit IssuerSet(operator, issuer);
    }

    /// @notice Registers one certificate hash for the caller's university.
    /// Requirements: the caller may register; `hash` not zero and never registered. Emits {Registered}.
    function register(bytes32 hash) external {
        uint32 issuer = _issuerOf[msg.sender];
        if (issuer == 0) revert NaiveCertificateRegistryNotAllowedToRegister(msg.sender);
        if (hash == bytes32(0)) revert NaiveCertificateRegistryInvalidHash();
        if (_records[hash].registeredAt != 0) revert NaiveCertificateRegistryAlreadyRegistered(hash);
        _records[hash] = Record(issuer, uint64(block.timestamp));
        emit Registered(hash, issuer);
    }

    /// @notice The record of `hash` (all zero when unknown).
    function record(bytes32 hash) external view returns (Record memory) {
        return _records[hash];
    }
}

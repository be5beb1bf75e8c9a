// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title Trust registry of Tasdiq: authority → ministries → universities → signer keys.
/// @notice Types, events and errors of {IssuerRegistry}. Everything a verifier or an auditor needs
/// about who may issue is answerable from this interface and the events alone.
interface IIssuerRegistry {
    /// @dev Names of an institution in the three languages of the system.
    struct Names {
        string ar;
        string en;
        string fr;
    }

    /// @dev A half-open time interval [from, until); `until == 0` means still open. An interval closed by
    /// a suspension or a removal ends one second after that block's timestamp: anchors of that second
    /// happened before it, as the closing transaction withdraws the right to anchor at once.
    struct Interval {
        uint64 from;
        uint64 until;
    }

    struct Ministry {
        address account;
        Names names;
    }

    struct University {
        uint32 id;
        bytes2 country;
        address operator;
        Names names;
        string url;
        bool accredited;
    }

    /// @dev Validity window of a signer key: [validFrom, validUntil); `validUntil == 0` means open.
    struct SignerKey {
        uint64 validFrom;
        uint64 validUntil;
    }

    /// @dev A mirror of universities' stored credentials and the account that runs it: a ministry
    /// (`country` its own) or the authority (`country` zero).
    struct Mirror {
        address publisher;
        bytes2 country;
        string url;
    }

    event MinistryRegistered(bytes2 indexed country, address indexed account, Names names);
    event MinistryRemoved(bytes2 indexed country, address indexed account);
    event CertificateRegistryConnected(address indexed certificateRegistry);
    event UniversityAccredited(
        uint32 indexed id,
        bytes2 indexed country,
        address indexed operator,
        Names names,
        string url
    );
    event UniversitySuspended(uint32 indexed id, bytes2 indexed country, string reason);
    event UniversityReinstated(uint32 indexed id, bytes2 indexed country);
    event UniversityUrlChanged(uint32 indexed id, string url);
    event SignerAdded(uint32 indexed id, address indexed key, uint64 validFrom, uint64 validUntil);
    event SignerRevoked(uint32 indexed id, address indexed key, uint64 revokedFrom);
    event MirrorPublished(address indexed publisher, bytes2 indexed country, string url);
    event MirrorWithdrawn(address indexed publisher, bytes2 indexed country);

    error IssuerRegistryInvalidCountry(bytes2 country);
    error IssuerRegistryInvalidAccount(address account);
    error IssuerRegistryMissingName();
    error IssuerRegistryMissingUrl();
    error IssuerRegistryMinistryExists(bytes2 country);
    error IssuerRegistryNoMinistry(bytes2 country);
    error IssuerRegistryAccountInUse(address account);
    error IssuerRegistryNotMinistry(address account);
    error IssuerRegistryNotConnected();
    error IssuerRegistryAlreadyConnected(address certificateRegistry);
    error IssuerRegistryUnknownUniversity(uint32 id);
    error IssuerRegistryWrongCountry(uint32 id, bytes2 country);
    error IssuerRegistryAlreadySuspended(uint32 id);
    error IssuerRegistryNotSuspended(uint32 id);
    error IssuerRegistryNotOperator(address account);
    error IssuerRegistryNotAccredited(uint32 id);
    error IssuerRegistrySignerExists(address key);
    error IssuerRegistryUnknownSigner(uint32 id, address key);
    error IssuerRegistrySignerAlreadyRevoked(uint32 id, address key);
    error IssuerRegistryInvalidWindow(uint64 validFrom, uint64 validUntil);
    error IssuerRegistryInvalidRevocationTime(uint64 revokedFrom);
    error IssuerRegistryRenounceDisabled();
    error IssuerRegistryNotMirrorPublisher(address account);
    error IssuerRegistryNoMirror(address account);

    /// @notice Registers `account` as the ministry of `country` (ISO 3166-1 alpha-2, upper case).
    /// Requirements: caller is the authority; no ministry currently registered for `country`;
    /// `account` is not zero, not the authority or the pending authority, and not already a ministry
    /// or university operator; names not empty.
    /// Emits {MinistryRegistered}. Universities of `country` that hold an open accreditation regain
    /// the right to anchor.
    function registerMinistry(bytes2 country, address account, Names calldata names) external;

    /// @notice Removes the ministry of `country`. From now on it cannot act, and the universities of
    /// `country` cannot anchor until a ministry is registered again; past anchors keep being judged by
    /// the intervals in force when they were made.
    /// Requirements: caller is the authority; a ministry is registered for `country`.
    /// Emits {MinistryRemoved}.
    function removeMinistry(bytes2 country) external;

    /// @notice Connects the certificate registry that receives anchoring rights. Done once, at deployment.
    /// Requirements: caller is the authority; not connected yet; `certificateRegistry` not zero.
    /// Emits {CertificateRegistryConnected}.
    function connectCertificateRegistry(address certificateRegistry) external;

    /// @notice Accredits a university of the caller's own country and assigns it the next short id.
    /// Requirements: caller is a registered ministry; the certificate registry is connected;
    /// `operator` not zero and not in use; names and url not empty.
    /// Emits {UniversityAccredited}.
    /// @return id the university's short id, 1-based and never reused.
    function accreditUniversity(address operator, Names calldata names, string calldata url)
        external
        returns (uint32 id);

    /// @notice Suspends a university: its accreditation interval closes now.
    /// Requirements: caller is the ministry of the university's country; the university is accredited.
    /// Emits {UniversitySuspended}.
    function suspendUniversity(uint32 id, string calldata reason) external;

    /// @notice Reinstates a suspended university: a new accreditation interval opens now.
    /// Requirements: caller is the ministry of the university's country; the university is suspended.
    /// Emits {UniversityReinstated}.
    function reinstateUniversity(uint32 id) external;

    /// @notice Changes the public URL of the caller's issuance server, where verifiers fetch its stored
    /// credentials. Refused while the university is not accredited: the operator of a suspended
    /// university (or one whose country has no ministry) can no longer point verifiers elsewhere; its
    /// URL stays as it was until the ministry reinstates it.
    /// Requirements: caller is a university operator; the university is accredited now; `url` not
    /// empty. Emits {UniversityUrlChanged}.
    function setUniversityUrl(string calldata url) external;

    /// @notice Adds a signer key to the caller's university, valid in [validFrom, validUntil).
    /// `validFrom == 0` means now; a start in the past is refused. `validUntil == 0` means no end.
    /// Requirements: caller is the operator of a currently accredited university; `key` not zero and
    /// never registered before (with any university). Emits {SignerAdded}.
    function addSigner(address key, uint64 validFrom, uint64 validUntil) external;

    /// @notice Revokes a signer key of the caller's university from `revokedFrom` on, which may lie in
    /// the past (to cover a compromise) but not in the future; `revokedFrom == 0` means now.
    /// A revocation only shortens the key's window: it may be repeated with an earlier time when a
    /// compromise turns out to be older, and it may cut short a window that already ended.
    /// Requirements: caller is the university's operator (also while suspended); the key belongs to
    /// the university; the new end is earlier than the current one. Emits {SignerRevoked} with the
    /// effective end (never before the key's start).
    function revokeSigner(address key, uint64 revokedFrom) external;

    /// @notice The ministry registered for `country`, zero account when none.
    function ministry(bytes2 country) external view returns (Ministry memory);

    /// @notice The country whose ministry `account` currently is, zero when it is none.
    function countryOfMinistry(address account) external view returns (bytes2);

    /// @notice Whether a ministry was registered for `country` at `timestamp`.
    function wasMinistryRegisteredAt(bytes2 country, uint64 timestamp) external view returns (bool);

    /// @notice The registration history of the ministry of `country`.
    function ministryHistory(bytes2 country) external view returns (Interval[] memory);

    /// @notice Number of universities ever accredited (the highest id).
    function universityCount() external view returns (uint32);

    /// @notice A university's public record; reverts with {IssuerRegistryUnknownUniversity}.
    function university(uint32 id) external view returns (University memory);

    /// @notice The country of university `id`, zero when unknown. Cheaper than {university} for callers
    /// that only need the country.
    function universityCountry(uint32 id) external view returns (bytes2);

    /// @notice The id of the university that `operator` runs, zero when none.
    function universityOf(address operator) external view returns (uint32);

    /// @notice The accreditation history of a university.
    function accreditationHistory(uint32 id) external view returns (Interval[] memory);

    /// @notice Whether university `id` was accredited at `timestamp`: inside one of its accreditation
    /// intervals while its country's ministry was registered.
    function wasAccreditedAt(uint32 id, uint64 timestamp) external view returns (bool);

    /// @notice The signer keys ever added to university `id`, in order.
    function signers(uint32 id) external view returns (address[] memory);

    /// @notice The validity window of `key` for university `id` (zeroes when unknown).
    function signerKey(uint32 id, address key) external view returns (SignerKey memory);

    /// @notice Whether `key` was a valid signer key of university `id` at `timestamp`.
    function wasSignerAt(uint32 id, address key, uint64 timestamp) external view returns (bool);

    /// @notice Publishes (or replaces) the URL of the mirror the caller runs, where verifiers also find
    /// the stored credentials of the universities it mirrors: a ministry's mirror keeps those of its own
    /// country, the authority's those of every country.
    /// Requirements: caller is the authority or a registered ministry; `url` not empty.
    /// Emits {MirrorPublished}.
    function publishMirror(string calldata url) external;

    /// @notice Withdraws the mirror published for the caller's role (by the caller or by the account
    /// that held the role before it).
    /// Requirements: caller is the authority or a registered ministry; a mirror is published for its role.
    /// Emits {MirrorWithdrawn}.
    function withdrawMirror() external;

    /// @notice The published mirrors whose publisher still holds the role it published under (a removed
    /// ministry's or a former authority's mirror is left out), in no particular order.
    function mirrors() external view returns (Mirror[] memory);
}

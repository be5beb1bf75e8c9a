// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IIssuerRegistry} from "./interfaces/IIssuerRegistry.sol";
import {ICertificateRegistry} from "./interfaces/ICertificateRegistry.sol";

/// @title IssuerRegistry
/// @notice Who may issue Tasdiq certificates, now and at any past time. The owner is the ALECSO
/// authority; it registers one ministry per member state, each ministry accredits the universities of
/// its own country, and each university's operator manages its signer keys.
/// @dev Accreditation and ministry registration are kept as interval histories so verifiers can judge
/// a batch by the state in force when it was anchored. The current right to anchor is pushed to the
/// certificate registry so that `anchor` reads a single slot of its own storage.
contract IssuerRegistry is IIssuerRegistry, Ownable2Step {
    struct UniversityRecord {
        bytes2 country;
        address operator;
        Names names;
        string url;
        Interval[] accreditation;
        address[] signerList;
    }

    struct MinistryRecord {
        address account;
        Names names;
        Interval[] registration;
        uint32[] universities;
    }

    ICertificateRegistry private _certificateRegistry;
    uint32 private _universityCount;
    mapping(bytes2 country => MinistryRecord) private _ministries;
    mapping(address account => bytes2 country) private _countryOfMinistry;
    mapping(uint32 id => UniversityRecord) private _universities;
    mapping(address operator => uint32 id) private _universityOf;
    mapping(uint32 id => mapping(address key => SignerKey)) private _signerKeys;
    mapping(address key => uint32 id) private _signerOwner;
    // Mirrors, keyed by the publisher's country (zero for the authority): one per role, so a new
    // account holding the role replaces its predecessor's mirror rather than adding a second one.
    mapping(bytes2 country => Mirror) private _mirrors;
    bytes2[] private _mirrorCountries;
    mapping(bytes2 country => uint256 position) private _mirrorPositions; // 1-based in _mirrorCountries

    modifier onlyMinistry() {
        if (_countryOfMinistry[msg.sender] == bytes2(0)) revert IssuerRegistryNotMinistry(msg.sender);
        _;
    }

    /// @param authority the ALECSO authority account, owner of the registry.
    constructor(address authority) Ownable(authority) {}

    // ───────────────────────────── authority ─────────────────────────────

    /// @inheritdoc IIssuerRegistry
    function registerMinistry(bytes2 country, address account, Names calldata names) external onlyOwner {
        if (!_isCountryCode(country)) revert IssuerRegistryInvalidCountry(country);
        _requireFreshAccount(account);
        _requireNames(names);
        MinistryRecord storage record = _ministries[country];
        if (record.account != address(0)) revert IssuerRegistryMinistryExists(country);
        record.account = account;
        record.names = names;
        record.registration.push(Interval(uint64(block.timestamp), 0));
        _countryOfMinistry[account] = country;
        emit MinistryRegistered(country, account, names);
        _pushAnchoringRights(record.universities);
    }

    /// @inheritdoc IIssuerRegistry
    function removeMinistry(bytes2 country) external onlyOwner {
        MinistryRecord storage record = _ministries[country];
        address account = record.account;
        if (account == address(0)) revert IssuerRegistryNoMinistry(country);
        delete record.account;
        delete record.names;
        record.registration[record.registration.length - 1].until = _endOfThisSecond();
        delete _countryOfMinistry[account];
        emit MinistryRemoved(country, account);
        _pushAnchoringRights(record.universities);
    }

    /// @inheritdoc IIssuerRegistry
    function connectCertificateRegistry(address certificateRegistry) external onlyOwner {
        if (address(_certificateRegistry) != address(0)) {
            revert IssuerRegistryAlreadyConnected(address(_certificateRegistry));
        }
        if (certificateRegistry == address(0)) revert IssuerRegistryInvalidAccount(certificateRegistry);
        _certificateRegistry = ICertificateRegistry(certificateRegistry);
        emit CertificateRegistryConnected(certificateRegistry);
    }

    /// @notice Starts the handover of the authority to `newOwner`, who must accept it.
    /// Requirements: caller is the authority; `newOwner` is not a ministry or a university operator, so
    /// that one account never holds two roles of the trust chain.
    function transferOwnership(address newOwner) public override onlyOwner {
        if (_countryOfMinistry[newOwner] != bytes2(0) || _universityOf[newOwner] != 0) {
            revert IssuerRegistryAccountInUse(newOwner);
        }
        super.transferOwnership(newOwner);
    }

    /// @notice Renouncing would leave the trust registry without an authority, so it is refused.
    function renounceOwnership() public view override onlyOwner {
        revert IssuerRegistryRenounceDisabled();
    }

    // ───────────────────────────── ministries ─────────────────────────────

    /// @inheritdoc IIssuerRegistry
    function accreditUniversity(address operator, Names calldata names, string calldata url)
        external
        onlyMinistry
        returns (uint32 id)
    {
        if (address(_certificateRegistry) == address(0)) revert IssuerRegistryNotConnected();
        _requireFreshAccount(operator);
        _requireNames(names);
        if (bytes(url).length == 0) revert IssuerRegistryMissingUrl();
        bytes2 country = _countryOfMinistry[msg.sender];
        id = ++_universityCount;
        UniversityRecord storage record = _universities[id];
        record.country = country;
        record.operator = operator;
        record.names = names;
        record.url = url;
        record.accreditation.push(Interval(uint64(block.timestamp), 0));
        _universityOf[operator] = id;
        _ministries[country].universities.push(id);
        emit UniversityAccredited(id, country, operator, names, url);
        _certificateRegistry.setAnchoringRight(operator, id, true);
    }

    /// @inheritdoc IIssuerRegistry
    function suspendUniversity(uint32 id, string calldata reason) external {
        UniversityRecord storage record = _universityOfOwnMinistry(id);
        Interval storage last = record.accreditation[record.accreditation.length - 1];
        if (last.until != 0) revert IssuerRegistryAlreadySuspended(id);
        last.until = _endOfThisSecond();
        emit UniversitySuspended(id, record.country, reason);
        _certificateRegistry.setAnchoringRight(record.operator, id, false);
    }

    /// @inheritdoc IIssuerRegistry
    function reinstateUniversity(uint32 id) external {
        UniversityRecord storage record = _universityOfOwnMinistry(id);
        if (record.accreditation[record.accreditation.length - 1].until == 0) {
            revert IssuerRegistryNotSuspended(id);
        }
        record.accreditation.push(Interval(uint64(block.timestamp), 0));
        emit UniversityReinstated(id, record.country);
        _certificateRegistry.setAnchoringRight(record.operator, id, true);
    }

    // ───────────────────────────── universities ─────────────────────────────

    /// @inheritdoc IIssuerRegistry
    function setUniversityUrl(string calldata url) external {
        uint32 id = _callerUniversity();
        if (!_isAccreditedNow(id)) revert IssuerRegistryNotAccredited(id);
        if (bytes(url).length == 0) revert IssuerRegistryMissingUrl();
        _universities[id].url = url;
        emit UniversityUrlChanged(id, url);
    }

    /// @inheritdoc IIssuerRegistry
    function addSigner(address key, uint64 validFrom, uint64 validUntil) external {
        uint32 id = _callerUniversity();
        if (!_isAccreditedNow(id)) revert IssuerRegistryNotAccredited(id);
        if (key == address(0)) revert IssuerRegistryInvalidAccount(key);
        if (_signerOwner[key] != 0) revert IssuerRegistrySignerExists(key);
        uint64 start = validFrom == 0 ? uint64(block.timestamp) : validFrom;
        if (start < block.timestamp || (validUntil != 0 && validUntil <= start)) {
            revert IssuerRegistryInvalidWindow(validFrom, validUntil);
        }
        _signerOwner[key] = id;
        _signerKeys[id][key] = SignerKey(start, validUntil);
        _universities[id].signerList.push(key);
        emit SignerAdded(id, key, start, validUntil);
    }

    /// @inheritdoc IIssuerRegistry
    function revokeSigner(address key, uint64 revokedFrom) external {
        uint32 id = _callerUniversity();
        SignerKey storage window = _signerKeys[id][key];
        if (window.validFrom == 0) revert IssuerRegistryUnknownSigner(id, key);
        uint64 end = revokedFrom == 0 ? uint64(block.timestamp) : revokedFrom;
        if (end > block.timestamp) revert IssuerRegistryInvalidRevocationTime(revokedFrom);
        // A revocation only ever shortens the window (a compromise found later may be dated earlier
        // than a first revocation or a natural expiry); one dated before the start empties it.
        uint64 newEnd = end < window.validFrom ? window.validFrom : end;
        if (window.validUntil != 0 && newEnd >= window.validUntil) revert IssuerRegistrySignerAlreadyRevoked(id, key);
        window.validUntil = newEnd;
        emit SignerRevoked(id, key, newEnd);
    }

    // ───────────────────────────── mirrors ─────────────────────────────

    /// @inheritdoc IIssuerRegistry
    function publishMirror(string calldata url) external {
        bytes2 country = _mirrorPublisherCountry();
        if (bytes(url).length == 0) revert IssuerRegistryMissingUrl();
        if (_mirrorPositions[country] == 0) {
            _mirrorCountries.push(country);
            _mirrorPositions[country] = _mirrorCountries.length;
        }
        _mirrors[country] = Mirror(msg.sender, country, url);
        emit MirrorPublished(msg.sender, country, url);
    }

    /// @inheritdoc IIssuerRegistry
    function withdrawMirror() external {
        bytes2 country = _mirrorPublisherCountry();
        uint256 position = _mirrorPositions[country];
        if (position == 0) revert IssuerRegistryNoMirror(msg.sender);
        // Swap-and-pop: the order of the others changes only for the one moved into the gap.
        bytes2 last = _mirrorCountries[_mirrorCountries.length - 1];
        _mirrorCountries[position - 1] = last;
        _mirrorPositions[last] = position;
        _mirrorCountries.pop();
        delete _mirrorPositions[country];
        delete _mirrors[country];
        emit MirrorWithdrawn(msg.sender, country);
    }

    // ───────────────────────────── views ─────────────────────────────

    /// @inheritdoc IIssuerRegistry
    function ministry(bytes2 country) external view returns (Ministry memory) {
        MinistryRecord storage record = _ministries[country];
        return Ministry(record.account, record.names);
    }

    /// @inheritdoc IIssuerRegistry
    function countryOfMinistry(address account) external view returns (bytes2) {
        return _countryOfMinistry[account];
    }

    /// @inheritdoc IIssuerRegistry
    function wasMinistryRegisteredAt(bytes2 country, uint64 timestamp) public view returns (bool) {
        return _covers(_ministries[country].registration, timestamp);
    }

    /// @inheritdoc IIssuerRegistry
    function ministryHistory(bytes2 country) external view returns (Interval[] memory) {
        return _ministries[country].registration;
    }

    /// @inheritdoc IIssuerRegistry
    function universityCount() external view returns (uint32) {
        return _universityCount;
    }

    /// @inheritdoc IIssuerRegistry
    function university(uint32 id) external view returns (University memory) {
        UniversityRecord storage record = _knownUniversity(id);
        return University(id, record.country, record.operator, record.names, record.url, _isAccreditedNow(id));
    }

    /// @inheritdoc IIssuerRegistry
    function universityCountry(uint32 id) external view returns (bytes2) {
        return _universities[id].country;
    }

    /// @inheritdoc IIssuerRegistry
    function universityOf(address operator) external view returns (uint32) {
        return _universityOf[operator];
    }

    /// @inheritdoc IIssuerRegistry
    function accreditationHistory(uint32 id) external view returns (Interval[] memory) {
        return _knownUniversity(id).accreditation;
    }

    /// @inheritdoc IIssuerRegistry
    function wasAccreditedAt(uint32 id, uint64 timestamp) external view returns (bool) {
        UniversityRecord storage record = _universities[id];
        return _covers(record.accreditation, timestamp) && wasMinistryRegisteredAt(record.country, timestamp);
    }

    /// @inheritdoc IIssuerRegistry
    function signers(uint32 id) external view returns (address[] memory) {
        return _knownUniversity(id).signerList;
    }

    /// @inheritdoc IIssuerRegistry
    function signerKey(uint32 id, address key) external view returns (SignerKey memory) {
        return _signerKeys[id][key];
    }

    /// @inheritdoc IIssuerRegistry
    function wasSignerAt(uint32 id, address key, uint64 timestamp) external view returns (bool) {
        SignerKey storage window = _signerKeys[id][key];
        return window.validFrom != 0 && window.validFrom <= timestamp
            && (window.validUntil == 0 || timestamp < window.validUntil);
    }

    /// @inheritdoc IIssuerRegistry
    function mirrors() external view returns (Mirror[] memory list) {
        uint256 length = _mirrorCountries.length;
        Mirror[] memory all = new Mirror[](length);
        uint256 kept = 0;
        for (uint256 i = 0; i < length; ++i) {
            Mirror storage mirror = _mirrors[_mirrorCountries[i]];
            if (!_holdsRole(mirror.publisher, mirror.country)) continue;
            all[kept] = mirror;
            ++kept;
        }
        list = new Mirror[](kept);
        for (uint256 i = 0; i < kept; ++i) {
            list[i] = all[i];
        }
    }

    // ───────────────────────────── internal ─────────────────────────────

    /// @dev The country the caller publishes a mirror for: its ministry's, or zero for the authority.
    function _mirrorPublisherCountry() private view returns (bytes2 country) {
        if (msg.sender == owner()) return bytes2(0);
        country = _countryOfMinistry[msg.sender];
        if (country == bytes2(0)) revert IssuerRegistryNotMirrorPublisher(msg.sender);
    }

    /// @dev Whether `account` still is the authority (`country` zero) or the ministry of `country`.
    function _holdsRole(address account, bytes2 country) private view returns (bool) {
        return country == bytes2(0) ? account == owner() : _ministries[country].account == account;
    }

    function _knownUniversity(uint32 id) private view returns (UniversityRecord storage record) {
        record = _universities[id];
        if (record.operator == address(0)) revert IssuerRegistryUnknownUniversity(id);
    }

    /// @dev The university `id`, which must belong to the country of the calling ministry.
    function _universityOfOwnMinistry(uint32 id) private view returns (UniversityRecord storage record) {
        bytes2 country = _countryOfMinistry[msg.sender];
        if (country == bytes2(0)) revert IssuerRegistryNotMinistry(msg.sender);
        record = _knownUniversity(id);
        if (record.country != country) revert IssuerRegistryWrongCountry(id, country);
    }

    function _callerUniversity() private view returns (uint32 id) {
        id = _universityOf[msg.sender];
        if (id == 0) revert IssuerRegistryNotOperator(msg.sender);
    }

    /// @dev Accredited now: the last accreditation interval is open and the country has a ministry.
    function _isAccreditedNow(uint32 id) private view returns (bool) {
        UniversityRecord storage record = _universities[id];
        return record.accreditation[record.accreditation.length - 1].until == 0
            && _ministries[record.country].account != address(0);
    }

    /// @dev Re-sends the anchoring right of each listed university with an open accreditation, after
    /// its ministry changed; a suspended university has no right either way.
    function _pushAnchoringRights(uint32[] storage ids) private {
        uint256 length = ids.length;
        for (uint256 i = 0; i < length; ++i) {
            uint32 id = ids[i];
            UniversityRecord storage record = _universities[id];
            if (record.accreditation[record.accreditation.length - 1].until != 0) continue;
            _certificateRegistry.setAnchoringRight(record.operator, id, _isAccreditedNow(id));
        }
    }

    function _requireFreshAccount(address account) private view {
        if (account == address(0)) revert IssuerRegistryInvalidAccount(account);
        if (
            _countryOfMinistry[account] != bytes2(0) || _universityOf[account] != 0 || account == owner()
                || account == pendingOwner()
        ) {
            revert IssuerRegistryAccountInUse(account);
        }
    }

    function _requireNames(Names calldata names) private pure {
        if (bytes(names.ar).length == 0 || bytes(names.en).length == 0 || bytes(names.fr).length == 0) {
            revert IssuerRegistryMissingName();
        }
    }

    /// @dev End of an accreditation or registration interval closed now. Several blocks can share a
    /// timestamp, and anchors made in this second were made before the closing transaction (it withdraws
    /// the right to anchor at once), so the interval includes the whole current second.
    function _endOfThisSecond() private view returns (uint64) {
        return uint64(block.timestamp) + 1;
    }

    function _isCountryCode(bytes2 country) private pure returns (bool) {
        return _isUpperLetter(country[0]) && _isUpperLetter(country[1]);
    }

    function _isUpperLetter(bytes1 char) private pure returns (bool) {
        return char >= "A" && char <= "Z";
    }

    function _covers(Interval[] storage intervals, uint64 timestamp) private view returns (bool) {
        // Newest first: verifiers mostly ask about recent anchors.
        for (uint256 i = intervals.length; i > 0; --i) {
            Interval storage interval = intervals[i - 1];
            if (interval.from <= timestamp) return interval.until == 0 || timestamp < interval.until;
        }
        return false;
    }
}

// The public entry point of the Tasdiq credential library, shared by the server, the verifier page,
// the audit tools and the scripts. Pure: no I/O of its own; chain, clock, keys and randomness come in
// through the interfaces below.
export { Address, Deployment, VerifierConfig } from "./deployment";
export {
  TasdiqError,
  VerificationCodeError,
  DecryptionError,
  ChainReadError,
  StoredCredentialError,
  VerifierProblem,
} from "./errors";
export type { CredentialLinkProblem, StoredCredentialProblem } from "./errors";
export {
  BatchProof,
  CalendarDate,
  ChecksumAddress,
  Credential,
  CredentialId,
  CredentialSubject,
  DATE_ORDER_MESSAGES,
  DEGREES,
  Degree,
  EARLIEST_GRADUATION_DATE,
  FIELD_PATHS,
  FieldPath,
  Hex32,
  HideableFieldPath,
  Instant,
  Issuer,
  LocalizedText,
  REQUIRED_SUBJECT_FIELDS,
  SUBJECT_FIELDS,
  Signature,
  UnsignedCredential,
  credentialJsonSchema,
  datesOutOfOrder,
  forbiddenCharacter,
  instantOf,
} from "./credential/schema";
export {
  canonicalJson,
  documentHash,
  fieldHash,
  fieldHashes,
  fieldValue,
  hideFields,
  newSalts,
  normalizeText,
  presentFields,
} from "./credential/hashing";
export type { JsonValue } from "./credential/hashing";
export { assembleCredential, draftCredential, newCredentialId, sealBatch } from "./issue";
export type { BatchContext, CredentialDraft, DraftRequest, IssuerIdentity, RandomBytes, SealedBatch } from "./issue";
export { buildBatchTree, leafOf, rootFromProof } from "./batch/merkle";
export type { BatchTree } from "./batch/merkle";
export { BATCH_TYPES, batchDigest, batchDomain, recoverBatchSigner, signBatch } from "./batch/signature";
export type { BatchStatement, TypedDataSigner } from "./batch/signature";
export { decodeShortCode, decodeVerifierUrl, encodeShortCode, encodeVerifierUrl } from "./codes/verification-code";
export type { CredentialLocator } from "./codes/verification-code";
export { CREDENTIAL_ENVELOPE_SALT, EncryptedCredential, decryptCredential, encryptCredential } from "./crypto/envelope";
export type { CredentialOpener, SealedCredential } from "./crypto/envelope";
export { holderProof } from "./holder-proof";
export type { HolderRequest } from "./holder-proof";
export {
  fetchStoredCredential,
  fetchStoredEnvelope,
  openStoredCredential,
  storedCredentialUrl,
} from "./stored-credential";
export type { FetchUrl, FetchedResponse } from "./stored-credential";
export {
  MIRROR_PUSH_MAX_BYTES,
  MIRROR_PUSH_MAX_ENTRIES,
  MirrorEntry,
  MirrorPush,
  mirrorPushDigest,
  mirrorPushSigner,
  signMirrorPush,
} from "./mirror/push";
export { mirrorUniversityUrl, mirrorsOfCountry, readMirrors } from "./chain/mirrors";
export type { PublishedMirror } from "./chain/mirrors";
export type { CredentialSource, LinkedCredential, LinkedCredentialOptions } from "./verifier-input";
export {
  credentialAttachment,
  deploymentOfLocator,
  fetchLinkedCredential,
  linkLocator,
  looksLikePdf,
  looksLikeVerifierLink,
  typedCodeLocator,
} from "./verifier-input";
export type {
  AnchorStatus,
  AnchorTransaction,
  ChainReader,
  Interval,
  RegisteredMinistry,
  RegisteredUniversity,
} from "./chain/reader";
export { CERTIFICATE_REGISTRY_ABI, ISSUER_REGISTRY_ABI } from "./chain/abi";
export { createEthersChainReader } from "./chain/ethers-reader";
export { cachedChainReader } from "./chain/cached-reader";
export { createProofChainReader } from "./chain/proof-reader";
export type { ChainEndpoint, JsonRpcTransport, ProofReaderOptions } from "./chain/proof-reader";
export { httpChainEndpoint } from "./chain/json-rpc";
export type { RpcFetch } from "./chain/json-rpc";
export { VerificationPack, createVerificationPack, packBlock, verifyPack, verifyPackOnline } from "./pack/pack";
export type { PackOptions } from "./pack/pack";
export { CHECKS, verdictOf, verifyCredential } from "./verify/verify";
export { issuerRecordOf } from "./verify/issuer-record";
export { ChainState, chainStateReader } from "./chain/state";
export { ConformanceQuestion, answerConformanceQuestion } from "./conformance/protocol";
export type { ConformanceAnswer } from "./conformance/protocol";
export type { IssuerRecord } from "./verify/issuer-record";
export { REASON_MESSAGES, REVOCATION_REASONS, REVOCATION_REASON_CODES, revocationReasonName } from "./verify/messages";
export type { ReasonCode, RevocationReason, RevocationReasonName } from "./verify/messages";
export { CHECK_NAMES } from "./verify/types";
export type { CheckName, CheckStatus, Fragment, Verdict, VerifyOptions } from "./verify/types";
export type { Check } from "./verify/check";
export { COUNTRIES, isCountryCode } from "./countries";
export type { CountryCode } from "./countries";
export { DEGREE_LABELS } from "./labels";

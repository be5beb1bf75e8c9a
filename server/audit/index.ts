// The ministry audit module: an indexer that rebuilds both registries from their events into its own
// SQLite store, pure queries on that store, and the reconciliation of a university's export. The CLI
// (cli.ts) and the ministry dashboard use it through this entry point only. See README.md here.
export { AuditIndexer } from "./indexer";
export type { AuditIndexerOptions, SyncResult } from "./indexer";
export { openAuditDatabase } from "./store";
export type { Database } from "./store";
export { AuditError } from "./errors";
export { ALL_TIME, parsePeriod, parseScope } from "./scope";
export type { AuditFilter, AuditPeriod, AuditScope } from "./scope";
export { anchoringByMonth, batches, indexStatus, revocations, revocationsByReason, suspensions } from "./queries";
export type {
  AnchoredBatch,
  IndexStatus,
  MonthlyAnchoring,
  Page,
  RevocationRecord,
  RevocationSummary,
  Suspension,
} from "./queries";
export { anchoringRights, authority, ministries, signerKeys, universities } from "./registry-state";
export type {
  AccreditationInterval,
  AnchoringRight,
  AuditedUniversity,
  AuthorityState,
  MinistryTerm,
  SignerKeyRecord,
} from "./registry-state";
export { DEFAULT_THRESHOLDS, anomalies } from "./anomalies";
export type { Anomaly, AnomalyThresholds } from "./anomalies";
export { auditReport } from "./report";
export type { AuditReport, UniversityFigures } from "./report";
export { CHAIN_LIMITS, reconcile, reconciled } from "./reconcile";
export type {
  CountDifference,
  ExtraBatch,
  MissingBatch,
  OtherAnchor,
  ReconcileReport,
  RevokedCertificate,
} from "./reconcile";
export { certificatesFromCsv, certificatesFromJson, readUniversityExport } from "./university-export";
export type { ExportedCertificate } from "./university-export";
export { figuresCsv } from "./figures-csv";

import { Interface, dataLength, dataSlice } from "ethers";
import type { CallExceptionError } from "ethers";
import { CERTIFICATE_REGISTRY_ABI, ISSUER_REGISTRY_ABI } from "../../core";
import type { LocalizedText } from "../../core";
import type { Database } from "../db/database";
import { storeOf } from "../store";

/**
 * Why a batch ended `failed` (stored as JSON in `batches.failure`): nothing in it was anchored, and
 * retrying would not change that. The first three can be fixed (the ministry reinstates the
 * university, an admin rotates the key, the cause of the chain's refusal is removed), after which the
 * batch's certificates are re-sealed into a new batch; an approver's refusal is final.
 */
export type BatchFailure =
  /** The university's accreditation is suspended: since when (UNIX seconds) and why, as far as the chain says. */
  | { code: "UNIVERSITY_SUSPENDED"; since: number | null; reason: string | null }
  /** The signer key is not valid on chain (revoked or expired); `validUntil` in UNIX seconds. */
  | { code: "SIGNER_KEY_INVALID"; key: string; validUntil: number | null }
  /** The registry refuses the anchoring transaction with one of its custom errors. */
  | { code: "CHAIN_REFUSED"; error: string }
  /** An approver refused the batch. */
  | { code: "REFUSED"; by: { name: string; email: string }; reason: string };

const utc = (seconds: number): string => `${new Date(seconds * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** The plain explanation of a failure, for the registrar or admin who has to act on it. */
export function failureMessage(failure: BatchFailure): LocalizedText {
  switch (failure.code) {
    case "UNIVERSITY_SUSPENDED": {
      const since = failure.since === null ? "" : utc(failure.since);
      const reason = failure.reason === null ? "" : failure.reason;
      return {
        ar: `اعتماد الجامعة معلَّق من وزارتها${since ? ` منذ ${since}` : ""}${reason ? ` (السبب: «${reason}»)` : ""}؛ لا تُصدَر أي شهادة حتى تعيد الوزارة اعتمادها.`,
        en: `The university's accreditation is suspended by its ministry${since ? ` since ${since}` : ""}${reason ? ` (reason: “${reason}”)` : ""}: no certificate can be issued until the ministry reinstates it.`,
        fr: `L'accréditation de l'université est suspendue par son ministère${since ? ` depuis le ${since}` : ""}${reason ? ` (motif : « ${reason} »)` : ""} : aucun certificat ne peut être émis avant son rétablissement.`,
      };
    }
    case "SIGNER_KEY_INVALID": {
      const until = failure.validUntil === null ? "" : utc(failure.validUntil);
      return {
        ar: `مفتاح التوقيع ${failure.key} لم يعد صالحًا في سلسلة الكتل (أُلغي أو انتهت صلاحيته${until ? ` في ${until}` : ""}). على المسؤول تدوير المفتاح (المفاتيح ← تدوير، أو tasdiq keys rotate) قبل أي إصدار.`,
        en: `The signing key ${failure.key} is no longer valid on the blockchain (revoked or expired${until ? ` at ${until}` : ""}). An administrator must rotate the key (Keys → Rotate, or tasdiq keys rotate) before anything can be issued.`,
        fr: `La clé de signature ${failure.key} n'est plus valide sur la blockchain (révoquée ou expirée${until ? ` le ${until}` : ""}). Un administrateur doit la remplacer (Clés → Remplacer, ou tasdiq keys rotate) avant toute émission.`,
      };
    }
    case "CHAIN_REFUSED":
      return {
        ar: `رفضت سلسلة الكتل تثبيت هذه الدفعة (${failure.error})، ولن تغيّر إعادة المحاولة ذلك. عالج السبب ثم أعد ختم الدفعة.`,
        en: `The blockchain refused to anchor this batch (${failure.error}); retrying cannot change that. Fix the cause, then re-seal the batch.`,
        fr: `La blockchain a refusé d'ancrer ce lot (${failure.error}) ; réessayer n'y changera rien. Corrigez la cause, puis rescellez le lot.`,
      };
    case "REFUSED":
      return {
        ar: `رفض ${failure.by.name} (${failure.by.email}) هذه الدفعة: «${failure.reason}». لن تُثبَّت شهاداتها.`,
        en: `Refused by ${failure.by.name} (${failure.by.email}): “${failure.reason}”. Its certificates will not be anchored.`,
        fr: `Refusé par ${failure.by.name} (${failure.by.email}) : « ${failure.reason} ». Ses certificats ne seront pas ancrés.`,
      };
  }
}

/** Why a revocation of a failed batch's certificates is closed without a transaction: nothing to revoke on chain. */
export const NEVER_ANCHORED = "the batch was never anchored";

/**
 * Moves a batch that has not reached the chain to `failed`, with its certificates, in one database
 * transaction: its queued anchoring transaction is dropped and revocations waiting for it are closed
 * (there is nothing on chain to revoke). Returns false when the batch was already past that point.
 */
export function failBatch(db: Database, batchId: number, failure: BatchFailure, now: Date): boolean {
  const at = now.getTime();
  const store = storeOf(db);
  return store.transaction(() => {
    if (!store.batches.fail(batchId, JSON.stringify(failure), at)) return false;
    store.outbox.dropQueuedAnchor(batchId, failure.code, at);
    store.revocations.failWaitingOfBatch(batchId, NEVER_ANCHORED, at);
    return true;
  });
}

const registries = new Interface([...CERTIFICATE_REGISTRY_ABI, ...ISSUER_REGISTRY_ABI]);

/**
 * The name of the registry custom error a call reverts with, or null for anything else (a node
 * problem, a revert without data): those may clear by themselves and are retried.
 */
export function registryRefusal(error: CallExceptionError): string | null {
  // No selector (a bare revert, out of gas): nothing to name.
  if (!error.data || dataLength(error.data) < 4) return null;
  const name = registries.getError(dataSlice(error.data, 0, 4))?.name ?? null;
  return name !== null && (name.startsWith("CertificateRegistry") || name.startsWith("IssuerRegistry")) ? name : null;
}

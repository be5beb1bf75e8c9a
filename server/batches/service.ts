import { documentHash, fieldHashes, leafOf, newSalts, revocationReasonName } from "../../core";
import type { CredentialDraft } from "../../core";
import {
  approvalPolicy,
  creatorsOfBatch,
  DEFAULT_APPROVAL_WINDOW_SECONDS,
  setApprovalPolicy,
} from "../anchoring/approval";
import { failBatch, failureMessage } from "../anchoring/failures";
import type { BatchFailure } from "../anchoring/failures";
import { recordAudit } from "../audit-log";
import type { StaffIdentity } from "../auth/tokens";
import { assertUniversityCanIssue } from "../certificates/service";
import type { AppContext } from "../context";
import type { Database } from "../db/database";
import { ApiError, notFound } from "../http/errors";
import { storeOf } from "../store";
import type { BatchRow } from "../store/batches";

const person = (name: string | null, email: string | null) =>
  name !== null && email !== null ? { name, email } : null;

/** A batch as the API shows it: who approved or refused it, and why it failed in words to act on. */
function view(row: BatchRow) {
  const { approverName, approverEmail, refuserName, refuserEmail, failure, revocationReason, ...rest } = row;
  const parsed = failure === null ? null : (JSON.parse(failure) as BatchFailure);
  return {
    ...rest,
    revocationReason: revocationReason === null ? null : (revocationReasonName(revocationReason) ?? null),
    approvedBy: person(approverName, approverEmail),
    refusedBy: person(refuserName, refuserEmail),
    failure: parsed && { ...parsed, message: failureMessage(parsed) },
  };
}

export type BatchView = ReturnType<typeof view>;

export function getBatch(db: Database, universityId: number, id: number): BatchView {
  const row = storeOf(db).batches.ofUniversity(universityId, id);
  if (!row) throw notFound();
  return view(row);
}

export function listBatches(db: Database, universityId: number): BatchView[] {
  return storeOf(db).batches.listOf(universityId).map(view);
}

const awaitsApproval = (batch: BatchView): boolean =>
  batch.status === "batched" && batch.needsApproval === 1 && batch.approvedAt === null;

/**
 * The checks before an approver approves or refuses a held batch: it is held, and the reviewer
 * created none of its certificates (whatever their role), so no one reviews their own work. A denied
 * attempt is recorded too: an auditor wants to see who tried.
 */
function reviewable(
  context: AppContext,
  staff: StaffIdentity,
  id: number,
  action: string,
  ip: string | undefined,
): void {
  const batch = getBatch(context.db, staff.universityId, id);
  if (!awaitsApproval(batch)) throw new ApiError(409, "NOT_AWAITING_APPROVAL", { status: batch.status });
  if (creatorsOfBatch(context.db, id).includes(staff.id)) {
    recordAudit(
      context.db,
      {
        universityId: staff.universityId,
        staffId: staff.id,
        action: `${action}.denied`,
        target: String(id),
        detail: { why: "SELF_APPROVAL" },
        ip,
      },
      context.clock(),
    );
    throw new ApiError(403, "SELF_APPROVAL");
  }
}

export function approveBatch(context: AppContext, staff: StaffIdentity, id: number, ip: string | undefined): BatchView {
  const { db, clock } = context;
  reviewable(context, staff, id, "batch.approve", ip);
  const at = clock().getTime();
  if (!storeOf(db).batches.approve(id, staff.id, at)) throw new ApiError(409, "NOT_AWAITING_APPROVAL");
  recordAudit(
    db,
    { universityId: staff.universityId, staffId: staff.id, action: "batch.approve", target: String(id), ip },
    clock(),
  );
  return getBatch(db, staff.universityId, id);
}

/** An approver refuses a held batch: it and its certificates fail, naming the refuser; nothing is signed or anchored. */
export function refuseBatch(
  context: AppContext,
  staff: StaffIdentity,
  id: number,
  reason: string,
  ip: string | undefined,
): BatchView {
  const { db, clock } = context;
  reviewable(context, staff, id, "batch.refuse", ip);
  const failure: BatchFailure = { code: "REFUSED", by: { name: staff.name, email: staff.email }, reason };
  const store = storeOf(db);
  const refused = store.transaction(() => {
    // Still held: an approval between the check and now wins, and this refusal is answered 409.
    if (!store.batches.held(id) || !failBatch(db, id, failure, clock())) return false;
    store.batches.markRefused(id, staff.id, clock().getTime());
    return true;
  });
  if (!refused) throw new ApiError(409, "NOT_AWAITING_APPROVAL");
  recordAudit(
    db,
    {
      universityId: staff.universityId,
      staffId: staff.id,
      action: "batch.refuse",
      target: String(id),
      detail: { reason },
      ip,
    },
    clock(),
  );
  return getBatch(db, staff.universityId, id);
}

/**
 * The same credential with fresh salts, hence a new document hash: a re-sealed batch gets a root of
 * its own, distinct from the failed batch's (whose signature, if any, must never be reused).
 */
function resalted(draft: CredentialDraft): CredentialDraft {
  const salts = newSalts(draft.credential);
  return { credential: draft.credential, salts, documentHash: documentHash(fieldHashes(draft.credential, salts)) };
}

/**
 * Returns the certificates of a batch that failed on its way to the chain to `pending`, with fresh
 * salts, once the university can issue again; the worker seals them into a new batch with new proofs
 * (the approval policy applies to it as to any batch). They keep their ids and QR secrets. The failed
 * batch stays as it is, for the record; revoked certificates stay with it, with nothing to anchor.
 */
export async function resealBatch(
  context: AppContext,
  staff: StaffIdentity,
  id: number,
): Promise<{ batch: BatchView; resealed: number }> {
  const { db, clock } = context;
  const batch = getBatch(db, staff.universityId, id);
  if (batch.status !== "failed" || batch.failure?.code === "REFUSED" || batch.resealedAt !== null) {
    throw new ApiError(409, "NOT_RESEALABLE", {
      status: batch.status,
      failure: batch.failure?.code ?? null,
    });
  }
  await assertUniversityCanIssue(context, staff.universityId);
  const at = clock().getTime();
  const store = storeOf(db);
  const resealed = store.transaction(() => {
    if (!store.batches.markResealed(id, at)) return undefined;
    const members = store.certificates.unrevokedOfBatch(id);
    for (const member of members) {
      const draft = resalted(JSON.parse(member.draft) as CredentialDraft);
      store.certificates.resetToPending(
        member.id,
        JSON.stringify(draft),
        draft.documentHash,
        leafOf(draft.documentHash),
        at,
      );
    }
    return members.length;
  });
  if (resealed === undefined) throw new ApiError(409, "NOT_RESEALABLE");
  return { batch: getBatch(db, staff.universityId, id), resealed };
}

/** The approval policy in force for the university, in the API's units. */
export function approvalPolicyView(context: AppContext, universityId: number) {
  const policy = approvalPolicy(context.db, universityId, context.config.approvalThreshold);
  return {
    threshold: policy?.threshold ?? null,
    windowHours: (policy?.windowSeconds ?? DEFAULT_APPROVAL_WINDOW_SECONDS) / 3600,
    source: policy?.source ?? "server",
  };
}

export function updateApprovalPolicy(
  context: AppContext,
  staff: StaffIdentity,
  policy: { threshold: number; windowHours: number },
) {
  setApprovalPolicy(
    context.db,
    staff.universityId,
    { threshold: policy.threshold, windowSeconds: policy.windowHours * 3600 },
    staff.id,
    context.clock(),
  );
  return approvalPolicyView(context, staff.universityId);
}

import type { Database } from "../db/database";
import { storeOf } from "../store";

/**
 * Four-eyes approval: a batch is held for an approver when it is larger than the threshold, or when
 * any staff member who created one of its certificates created more than the threshold within the
 * window ending at their last certificate in it. Counting per person over a rolling window means
 * that splitting a large issuance into small requests does not avoid approval.
 */
export interface ApprovalPolicy {
  threshold: number;
  windowSeconds: number;
  /** Whether the university set it, or the server's threshold applies. */
  source: "university" | "server";
}

export const DEFAULT_APPROVAL_WINDOW_SECONDS = 24 * 60 * 60;

/** The university's approval policy; null when neither it nor the server sets a threshold. */
export function approvalPolicy(
  db: Database,
  universityId: number,
  serverThreshold: number | null,
): ApprovalPolicy | null {
  const own = storeOf(db).approvals.policyOf(universityId);
  if (own) return { ...own, source: "university" };
  return serverThreshold === null
    ? null
    : { threshold: serverThreshold, windowSeconds: DEFAULT_APPROVAL_WINDOW_SECONDS, source: "server" };
}

export function setApprovalPolicy(
  db: Database,
  universityId: number,
  policy: { threshold: number; windowSeconds: number },
  staffId: number,
  now: Date,
): void {
  storeOf(db).approvals.setPolicy(universityId, policy, staffId, now.getTime());
}

/** Whether a batch of these certificates (of `universityId`) must wait for an approver. */
export function needsApproval(
  db: Database,
  universityId: number,
  members: readonly { createdBy: number | null; createdAt: number }[],
  policy: ApprovalPolicy | null,
): boolean {
  if (policy === null) return false;
  if (members.length > policy.threshold) return true;
  const lastByCreator = new Map<number, number>();
  for (const { createdBy, createdAt } of members) {
    if (createdBy !== null) lastByCreator.set(createdBy, Math.max(createdAt, lastByCreator.get(createdBy) ?? 0));
  }
  const { certificates } = storeOf(db);
  return [...lastByCreator].some(
    ([creator, last]) =>
      certificates.createdInWindow(universityId, creator, last - policy.windowSeconds * 1000, last) > policy.threshold,
  );
}

/** The staff members who created the certificates of a batch: none of them may approve or refuse it. */
export function creatorsOfBatch(db: Database, batchId: number): number[] {
  return storeOf(db).certificates.creatorsOfBatch(batchId);
}

import type { Database } from "../db/database";

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
  const own = db
    .prepare("SELECT threshold, window_seconds AS windowSeconds FROM approval_policies WHERE university_id = ?")
    .get(universityId) as { threshold: number; windowSeconds: number } | undefined;
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
  db.prepare(
    `INSERT INTO approval_policies (university_id, threshold, window_seconds, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (university_id) DO UPDATE SET threshold = excluded.threshold, window_seconds = excluded.window_seconds,
       updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
  ).run(universityId, policy.threshold, policy.windowSeconds, staffId, now.getTime());
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
  const createdInWindow = db
    .prepare(
      "SELECT COUNT(*) FROM certificates WHERE university_id = ? AND created_by = ? AND created_at > ? AND created_at <= ?",
    )
    .pluck();
  return [...lastByCreator].some(
    ([creator, last]) =>
      (createdInWindow.get(universityId, creator, last - policy.windowSeconds * 1000, last) as number) >
      policy.threshold,
  );
}

/** The staff members who created the certificates of a batch: none of them may approve or refuse it. */
export function creatorsOfBatch(db: Database, batchId: number): number[] {
  return db
    .prepare("SELECT DISTINCT created_by FROM certificates WHERE batch_id = ? AND created_by IS NOT NULL")
    .pluck()
    .all(batchId) as number[];
}

import { createHash } from "node:crypto";
import { Credential, canonicalJson, encodeShortCode, encodeVerifierUrl, revocationReasonName } from "../../core";
import type { CredentialDraft, CredentialSubject, JsonValue, LocalizedText } from "../../core";
import type { StaffIdentity } from "../auth/tokens";
import type { AppContext } from "../context";
import { ApiError, notFound } from "../http/errors";
import { sealPendingCertificates } from "../anchoring/batching";
import { failureMessage, NEVER_ANCHORED } from "../anchoring/failures";
import { issuingBlocker } from "../anchoring/standing";
import { storeOf } from "../store";
import type { CertificateRow } from "../store/certificates";
import type { RevocationStatus } from "../store/revocations";
import { nextTurn, oneAtATimePer } from "../turns";
import { issuerIdentity } from "../universities";
import { draftCertificates } from "./intake";
import type { DraftedCertificate } from "./intake";
import type { CertificateQuery, IssueRequest } from "./schemas";
import { stateText } from "./states";

/**
 * What the issue API answers: no verification link or code yet. Those come with the certificate's
 * record once its batch is anchored, so nothing is printed that could still never verify.
 */
export interface IssuedCertificate {
  id: string;
  status: string;
}

function verificationLinks(context: AppContext, row: Pick<CertificateRow, "id" | "university_id" | "secret">) {
  const locator = {
    chainId: context.deployment.chainId,
    universityId: row.university_id,
    credentialId: row.id,
    secret: new Uint8Array(row.secret),
  };
  return { verifierUrl: encodeVerifierUrl(context.config.verifierUrl, locator), shortCode: encodeShortCode(locator) };
}

/** How long issuing waits for the chain's answer: a node that hangs must not hold registrars up. */
const ISSUE_CHECK_TIMEOUT_MS = 3000;
/** After the chain failed to answer, issuing does not wait for it again for this long. */
const ISSUE_CHECK_PAUSE_MS = 10_000;
/** When the chain last failed to answer this server's check, per server (its key custody). */
const chainSilentAt = new WeakMap<object, number>();

/**
 * Refuses (409) when the chain says the university cannot issue now: its accreditation is suspended,
 * or its signer key is revoked or expired. Certificates accepted then could never verify. When the
 * chain cannot be read in time, lets the request through: the worker checks again before signing.
 */
export async function assertUniversityCanIssue(context: AppContext, universityId: number): Promise<void> {
  if (!context.keys) return;
  const { keys, clock } = context;
  if (clock().getTime() - (chainSilentAt.get(keys) ?? -Infinity) < ISSUE_CHECK_PAUSE_MS) return;
  const check = issuingBlocker(keys.provider, context.deployment, universityId, keys.ring.signer(universityId).address);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => (timer = setTimeout(resolve, ISSUE_CHECK_TIMEOUT_MS, "late")));
  let blocker: Awaited<typeof check> | "late";
  let reason = "no answer in time";
  try {
    blocker = await Promise.race([check, late]);
  } catch (error) {
    blocker = "late";
    reason = (error as Error).message.slice(0, 200);
  } finally {
    clearTimeout(timer);
  }
  if (blocker === "late") {
    // Left to finish on its own; its failure, if any, is no one's concern now.
    check.catch(() => undefined);
    chainSilentAt.set(keys, clock().getTime());
    context.logger.warn(
      { universityId, reason },
      "could not check on chain that the university may issue; the worker will before signing",
    );
    return;
  }
  if (blocker) throw new ApiError(409, blocker.code, { message: failureMessage(blocker) }, blocker);
}

const hashRequest = (body: unknown): string =>
  createHash("sha256")
    .update(canonicalJson(body as JsonValue))
    .digest("hex");

/** A certificate of the university, not revoked, issued before to the same student for the same degree and programme. */
export interface IssuedBefore {
  id: string;
  /** When it was issued (accepted by this server), as an ISO instant. */
  issuedAt: string;
  status: string;
}

/** Repeated awards named in a refusal at most; the message counts them all. */
const MAX_REPORTED_PROBLEMS = 1000;

/** Identifiers looked up per query: short queries leave the event loop free in between. */
const LOOKUP_CHUNK = 500;

/** What makes two certificates the same award: the student's identifier, the degree and the programme. */
const awardKey = ({ identifier, degree, programme }: CredentialSubject): string =>
  JSON.stringify([identifier, degree, programme.ar, programme.en, programme.fr]);

/**
 * For each subject (by its index) the certificate issued before for the same award, the latest when
 * there are several. Revoked certificates do not count: they no longer attest anything; nor do those
 * of a batch an approver refused, which can never be anchored (a failed batch that can be re-sealed
 * still counts: re-sealing it is the way to issue them).
 */
export async function issuedBefore(
  db: AppContext["db"],
  universityId: number,
  subjects: readonly CredentialSubject[],
): Promise<Map<number, IssuedBefore>> {
  const identifiers = [...new Set(subjects.map((subject) => subject.identifier))];
  const latest = new Map<string, IssuedBefore>();
  for (let start = 0; start < identifiers.length; start += LOOKUP_CHUNK) {
    if (start > 0) await nextTurn();
    const chunk = identifiers.slice(start, start + LOOKUP_CHUNK);
    const rows = storeOf(db).certificates.awardsOf(universityId, chunk);
    for (const row of rows) {
      latest.set(awardKey(JSON.parse(row.subject) as CredentialSubject), {
        id: row.id,
        issuedAt: new Date(row.createdAt).toISOString(),
        status: row.status,
      });
    }
  }
  const found = new Map<number, IssuedBefore>();
  subjects.forEach((subject, index) => {
    const before = latest.get(awardKey(subject));
    if (before) found.set(index, before);
  });
  return found;
}

/** Where a certificate issued before is named in a message: its id, its day and its state. */
export const issuedBeforeText = ({ id, issuedAt, status }: IssuedBefore): LocalizedText => {
  const state = stateText(status);
  const day = issuedAt.slice(0, 10);
  return {
    ar: `${id} بتاريخ ${day} (${state.ar})`,
    en: `${id} of ${day} (${state.en})`,
    fr: `${id} du ${day} (${state.fr})`,
  };
};

const alreadyIssuedMessage = (before: IssuedBefore): LocalizedText => {
  const named = issuedBeforeText(before);
  return {
    ar: `صدرت لهذا الطالب من قبل شهادة بالدرجة والبرنامج نفسيهما: ${named.ar}. لإصدار أخرى عن قصد، أضِف "duplicate": "replacement" (بدل الأولى) أو "copy" (نسخة ثانية)، أو ألغِ الأولى.`,
    en: `This student already has a certificate for the same degree and programme: ${named.en}. To issue another on purpose, add "duplicate": "replacement" (it replaces the first) or "copy" (a second copy), or revoke the first.`,
    fr: `Cet étudiant a déjà un certificat pour le même diplôme et le même programme : ${named.fr}. Pour en émettre un autre volontairement, ajoutez "duplicate": "replacement" (il remplace le premier) ou "copy" (un second exemplaire), ou révoquez le premier.`,
  };
};
const repeatedMessage = (path: string): LocalizedText => ({
  ar: `هذا الطالب مذكور في الطلب نفسه مرة أخرى بالدرجة والبرنامج نفسيهما (${path}). احذف التكرار، أو أضِف "duplicate": "copy" إن كانت نسخة ثانية مقصودة.`,
  en: `This student is also in this request for the same degree and programme (${path}). Remove the repetition, or add "duplicate": "copy" if a second copy is intended.`,
  fr: `Cet étudiant figure aussi dans cette requête pour le même diplôme et le même programme (${path}). Supprimez la répétition, ou ajoutez "duplicate": "copy" si un second exemplaire est voulu.`,
});

/**
 * Refuses (409 ALREADY_ISSUED) requests for an award the student already holds, or that the same
 * request asks for twice, unless the request says the repeat is intended (`duplicate`): a second
 * certificate by mistake is one more document that could be misused. Answers, for each intended
 * repeat, the certificate it repeats.
 */
async function assertNotIssuedBefore(
  db: AppContext["db"],
  universityId: number,
  requests: readonly IssueRequest[],
  pathOf: (index: number) => (string | number)[],
): Promise<Map<number, IssuedBefore>> {
  const before = await issuedBefore(
    db,
    universityId,
    requests.map((request) => request.subject),
  );
  const firstInRequest = new Map<string, number>();
  const repeats: { index: number; existing: IssuedBefore | null; earlier: number }[] = [];
  requests.forEach((request, index) => {
    const key = awardKey(request.subject);
    const earlier = firstInRequest.get(key);
    if (earlier === undefined) firstInRequest.set(key, index);
    if (request.duplicate !== undefined) return;
    const existing = before.get(index) ?? null;
    if (existing || earlier !== undefined) repeats.push({ index, existing, earlier: earlier ?? index });
  });
  if (repeats.length === 0) return before;
  // A whole graduation sent twice repeats every row: the first ones are named, the rest counted.
  const identifierAt = (index: number): string => [...pathOf(index), "subject", "identifier"].join(".");
  const problems = repeats.slice(0, MAX_REPORTED_PROBLEMS).map(({ index, existing, earlier }) => ({
    path: identifierAt(index),
    existing,
    message: existing ? alreadyIssuedMessage(existing) : repeatedMessage(identifierAt(earlier)),
  }));
  throw new ApiError(409, "ALREADY_ISSUED", { problems, count: repeats.length }, problems);
}

export interface IssueOptions {
  /** Retrying with the same key returns the first answer instead of issuing twice. */
  idempotencyKey?: string;
  /** The requests' drafts, when made elsewhere (on an intake thread); drafted here otherwise. */
  drafted?: readonly DraftedCertificate[];
  /** Where each request is in the caller's body, for errors (a single certificate's by default). */
  pathOf?: (index: number) => (string | number)[];
}

/** The answer stored for `idempotencyKey`, if a request with the same key was already served; 409 when it held other data. */
function previousAnswer(
  context: AppContext,
  universityId: number,
  idempotencyKey: string,
  requestHash: string,
): IssuedCertificate[] | undefined {
  const previous = storeOf(context.db).idempotency.answer(universityId, idempotencyKey);
  if (!previous) return undefined;
  if (previous.requestHash !== requestHash) throw new ApiError(409, "IDEMPOTENCY_KEY_REUSED");
  return JSON.parse(previous.response) as IssuedCertificate[];
}

/**
 * Accepts certificates for issuance: each is drafted (fields salted and hashed) and stored as
 * `pending`, all of them or none; the anchoring worker takes it from there. A retried request with
 * the same idempotency key returns the first answer; an award the student already holds is refused
 * unless the request says the repeat is intended.
 */
export function issueCertificates(
  context: AppContext,
  staff: StaffIdentity,
  requests: readonly IssueRequest[],
  options: IssueOptions = {},
): Promise<IssuedCertificate[]> {
  return oneWriteAtATime(context.db, staff.universityId, () => issueNow(context, staff, requests, options));
}

const writeQueues = new WeakMap<AppContext["db"], ReturnType<typeof oneAtATimePer<number>>>();

/**
 * Issuances and revocations of one university, one at a time: each gives the event loop turns, and
 * must still see everything the ones before it wrote (awards issued before, certificates revoked).
 */
function oneWriteAtATime<T>(db: AppContext["db"], universityId: number, job: () => Promise<T>): Promise<T> {
  let queue = writeQueues.get(db);
  if (!queue) writeQueues.set(db, (queue = oneAtATimePer<number>()));
  return queue(universityId, job);
}

/**
 * Certificates written per transaction. A request of more is written in slices under an intake,
 * letting the event loop answer between them; its certificates count only once the last is written.
 */
const WRITE_SLICE = 500;

async function issueNow(
  context: AppContext,
  staff: StaffIdentity,
  requests: readonly IssueRequest[],
  { idempotencyKey, drafted, pathOf = () => [] }: IssueOptions,
): Promise<IssuedCertificate[]> {
  const { db, clock } = context;
  const now = clock();
  const requestHash = idempotencyKey ? hashRequest(requests) : "";
  const previous = idempotencyKey
    ? previousAnswer(context, staff.universityId, idempotencyKey, requestHash)
    : undefined;
  if (previous) return previous;
  const before = await assertNotIssuedBefore(db, staff.universityId, requests, pathOf);
  const drafts = drafted ?? draftCertificates(issuerIdentity(db, staff.universityId), requests, now);
  const store = storeOf(db);
  const issued = drafts.map(({ id }) => ({ id, status: "pending" }));
  const at = now.getTime();
  const intakeId = drafts.length > WRITE_SLICE ? store.intakes.open(staff.universityId, at) : null;
  const write = (from: number, to: number): void =>
    drafts.slice(from, to).forEach(({ id, secret, draftJson, documentHash, leaf, subject }, offset) => {
      const index = from + offset;
      store.certificates.insert({
        id,
        universityId: staff.universityId,
        draftJson,
        documentHash,
        leaf,
        secret: Buffer.from(secret),
        identifier: subject.identifier,
        nameAr: subject.nameAr,
        nameLatin: subject.nameLatin,
        createdBy: staff.id,
        at,
        reissue: requests[index]?.duplicate ?? null,
        reissueOf: before.get(index)?.id ?? null,
        intakeId,
      });
    });
  const last = intakeId === null ? 0 : Math.floor((drafts.length - 1) / WRITE_SLICE) * WRITE_SLICE;
  try {
    for (let from = 0; from < last; from += WRITE_SLICE) {
      store.transaction(() => write(from, from + WRITE_SLICE));
      await nextTurn();
    }
    store.transaction(() => {
      write(last, drafts.length);
      if (idempotencyKey) {
        store.idempotency.record(staff.universityId, idempotencyKey, requestHash, JSON.stringify(issued), at);
      }
      if (intakeId !== null) store.intakes.close(intakeId);
    });
  } catch (error) {
    if (intakeId !== null) store.transaction(() => store.intakes.discard(intakeId));
    throw error;
  }
  return issued;
}

function rowFor(context: AppContext, universityId: number, id: string): CertificateRow {
  const row = storeOf(context.db).certificates.ofUniversity(universityId, id);
  if (!row) throw notFound();
  return row;
}

function summary(context: AppContext, row: CertificateRow) {
  const draft = JSON.parse(row.draft) as CredentialDraft;
  return {
    id: row.id,
    status: row.status,
    batchId: row.batch_id,
    documentHash: row.document_hash,
    subject: draft.credential.credentialSubject,
    validFrom: draft.credential.validFrom,
    validUntil: draft.credential.validUntil ?? null,
    revocation:
      row.revoked_at === null
        ? null
        : {
            requestedAt: row.revoked_at,
            reason: row.revocation_reason === null ? null : (revocationReasonName(row.revocation_reason) ?? null),
          },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function listCertificates(context: AppContext, universityId: number, query: CertificateQuery) {
  const { total, rows } = storeOf(context.db).certificates.list(universityId, query);
  return { total, limit: query.limit, offset: query.offset, certificates: rows.map((row) => summary(context, row)) };
}

/**
 * The full record of one certificate of the caller's university. Its credential and verification
 * link and code only once its batch is anchored: before, they could still turn out never to verify.
 */
export function getCertificate(context: AppContext, universityId: number, id: string) {
  const row = rowFor(context, universityId, id);
  if (row.status !== "confirmed")
    return { ...summary(context, row), verifierUrl: null, shortCode: null, credential: null };
  return { ...summary(context, row), ...verificationLinks(context, row), credential: fullCredential(context, row) };
}

/** The finished credential (with its batch proof) once the batch is signed; null before. */
function fullCredential(context: AppContext, row: Pick<CertificateRow, "id" | "university_id">): Credential | null {
  const stored = storeOf(context.db).certificates.credential(row.id);
  return stored ? Credential.parse(JSON.parse(stored)) : null;
}

/**
 * The state and error of a new revocation of batch `batchId`: it waits for the batch to be anchored,
 * unless the batch failed, which left nothing on chain to revoke. The certificates stay marked
 * revoked all the same, so a re-seal leaves them out.
 */
function newRevocationState(db: AppContext["db"], batchId: number): { status: RevocationStatus; error: string | null } {
  const failed = storeOf(db).batches.status(batchId) === "failed";
  return failed ? { status: "failed", error: NEVER_ANCHORED } : { status: "waiting", error: null };
}

/**
 * Records the revocation of certificates of the caller's university, grouped per batch; the worker
 * sends each group on chain (revokeMany) as soon as its batch is anchored.
 */
export function revokeCertificates(
  context: AppContext,
  staff: StaffIdentity,
  ids: readonly string[],
  reason: number,
): Promise<{ revocations: number[] }> {
  return oneWriteAtATime(context.db, staff.universityId, () => revokeNow(context, staff, ids, reason));
}

async function revokeNow(
  context: AppContext,
  staff: StaffIdentity,
  ids: readonly string[],
  reason: number,
): Promise<{ revocations: number[] }> {
  const { db, clock } = context;
  const now = clock().getTime();
  const rows = [...new Set(ids)].map((id) => rowFor(context, staff.universityId, id));
  const revoked = rows.filter((row) => row.revoked_at !== null);
  if (revoked.length > 0)
    throw new ApiError(409, "ALREADY_REVOKED", { what: "certificate" }, { ids: revoked.map((row) => row.id) });
  const unbatched = rows.filter((row) => row.batch_id === null);
  // A certificate still waiting for its batch gets one now, so its revocation can be queued.
  if (unbatched.length > 0) await sealPendingCertificates(context.db, staff.universityId, context.config, clock());
  const byBatch = new Map<number, CertificateRow[]>();
  for (const row of rows.map((r) => rowFor(context, staff.universityId, r.id))) {
    byBatch.set(row.batch_id as number, [...(byBatch.get(row.batch_id as number) ?? []), row]);
  }
  const store = storeOf(db);
  const created: number[] = [];
  store.transaction(() => {
    for (const [batchId, members] of byBatch) {
      created.push(
        store.revocations.insert({
          universityId: staff.universityId,
          batchId,
          scope: "certificates",
          leaves: members.map((m) => m.leaf),
          reason,
          ...newRevocationState(db, batchId),
          requestedBy: staff.id,
          at: now,
        }),
      );
      for (const member of members) store.certificates.markRevoked(member.id, reason, now);
    }
  });
  return { revocations: created };
}

/** Records the revocation of a whole batch of the caller's university. */
export function revokeBatch(
  context: AppContext,
  staff: StaffIdentity,
  batchId: number,
  reason: number,
): { revocation: number } {
  const { db, clock } = context;
  const now = clock().getTime();
  const store = storeOf(db);
  const batch = store.batches.revocationOf(staff.universityId, batchId);
  if (!batch) throw notFound();
  if (batch.revokedAt !== null) throw new ApiError(409, "ALREADY_REVOKED", { what: "batch" });
  const id = store.transaction(() => {
    const revocation = store.revocations.insert({
      universityId: staff.universityId,
      batchId,
      scope: "batch",
      leaves: [],
      reason,
      ...newRevocationState(db, batchId),
      requestedBy: staff.id,
      at: now,
    });
    store.batches.markRevoked(batchId, reason, now);
    store.certificates.markBatchRevoked(batchId, reason, now);
    return revocation;
  });
  return { revocation: id };
}

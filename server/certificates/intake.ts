import { randomBytes } from "node:crypto";
import { availableParallelism } from "node:os";
import { draftCredential, leafOf, newCredentialId } from "../../core";
import type { CredentialSubject, IssuerIdentity } from "../../core";
import { ApiError } from "../http/errors";
import { WorkerPool, isOutOfMemory } from "../workers/pool";
import { parseGraduatesFile } from "./import";
import type { ImportOptions, ImportResult } from "./import";
import { BulkIssueRequest, validUntilOf } from "./schemas";
import type { IssueRequest } from "./schemas";
import type { z } from "zod";

/**
 * A certificate ready to store: its id, the secret behind its QR code, its salted and hashed draft
 * as stored (JSON), and the fields stored beside it. Text, not objects, so that tens of thousands
 * of them come back from an intake thread cheaply and are not serialized again on the event loop.
 */
export interface DraftedCertificate {
  id: string;
  secret: Uint8Array;
  draftJson: string;
  documentHash: string;
  leaf: string;
  subject: Pick<CredentialSubject, "identifier" | "nameAr" | "nameLatin">;
}

/** Salts and hashes each request into a credential draft issued by `issuer` at `now`. */
export function draftCertificates(
  issuer: IssuerIdentity,
  requests: readonly IssueRequest[],
  now: Date,
): DraftedCertificate[] {
  return requests.map((request) => {
    const id = newCredentialId();
    const draft = draftCredential(
      { subject: request.subject, credentialId: id, validFrom: now, validUntil: validUntilOf(request) },
      issuer,
    );
    const { identifier, nameAr, nameLatin } = draft.credential.credentialSubject;
    return {
      id,
      secret: randomBytes(16),
      draftJson: JSON.stringify(draft),
      documentHash: draft.documentHash,
      leaf: leafOf(draft.documentHash),
      subject: { identifier, nameAr, nameLatin },
    };
  });
}

/**
 * Drafts as an intake thread hands them back: their JSON as UTF-8 bytes one after the other and
 * their secrets in one buffer, moved to the event loop's thread rather than copied; only the short
 * fields travel as objects. Tens of thousands of drafts cost one copy of their bytes, not a clone of
 * as many strings.
 */
interface PackedDrafts {
  fields: Omit<DraftedCertificate, "draftJson" | "secret">[];
  json: Uint8Array;
  /** Where each draft's JSON ends in `json`. */
  ends: Uint32Array;
  /** SECRET_BYTES per draft. */
  secrets: Uint8Array;
}

const SECRET_BYTES = 16;
/** A first guess at a draft's size in UTF-8 (about 2 KB); the buffer grows when it is short. */
const DRAFT_BYTES_GUESS = 3072;

function packDrafts(issuer: IssuerIdentity, requests: readonly IssueRequest[], now: Date): PackedDrafts {
  const encoder = new TextEncoder();
  let json = new Uint8Array(requests.length * DRAFT_BYTES_GUESS);
  let used = 0;
  const ends = new Uint32Array(requests.length);
  const secrets = new Uint8Array(requests.length * SECRET_BYTES);
  const fields = requests.map((request, index) => {
    const [{ draftJson, secret, ...rest }] = draftCertificates(issuer, [request], now) as [DraftedCertificate];
    // A UTF-8 character takes at most three bytes per UTF-16 unit.
    if (json.length - used < draftJson.length * 3) {
      const larger = new Uint8Array(Math.max(json.length * 2, used + draftJson.length * 3));
      larger.set(json.subarray(0, used));
      json = larger;
    }
    used += encoder.encodeInto(draftJson, json.subarray(used)).written;
    ends[index] = used;
    secrets.set(secret, index * SECRET_BYTES);
    return rest;
  });
  return { fields, json: json.slice(0, used), ends, secrets };
}

/** The drafts of `packed`, each one's JSON decoded only when it is read (once, as it is stored). */
function unpackDrafts({ fields, json, ends, secrets }: PackedDrafts): DraftedCertificate[] {
  const decoder = new TextDecoder();
  return fields.map((rest, index) => ({
    ...rest,
    secret: secrets.subarray(index * SECRET_BYTES, (index + 1) * SECRET_BYTES),
    get draftJson() {
      return decoder.decode(json.subarray(index === 0 ? 0 : ends[index - 1], ends[index]));
    },
  }));
}

/** A JSON bulk body as read: the requests, or why it is not one (invalid JSON, or the schema's issues). */
export type BulkBody = { certificates: IssueRequest[] } | { malformed: true } | { issues: z.core.$ZodIssue[] };

function readBulkBody(bytes: Uint8Array): BulkBody {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return { malformed: true };
  }
  const parsed = BulkIssueRequest.safeParse(body);
  return parsed.success ? parsed.data : { issues: parsed.error.issues };
}

/**
 * Bytes whose whole buffer can be moved to a worker rather than copied: a Buffer may be a view into
 * Node's shared pool, which moving would take away from every other Buffer in it.
 */
const movable = (bytes: Uint8Array): Uint8Array =>
  bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();

/** What the intake threads are asked to do. */
export type IntakeTask =
  | { kind: "file"; bytes: Uint8Array; filename: string; mimeType: string; options: ImportOptions }
  | { kind: "json"; bytes: Uint8Array }
  | { kind: "draft"; issuer: IssuerIdentity; requests: IssueRequest[]; now: Date };

export function runIntakeTask(task: IntakeTask): Promise<ImportResult> | BulkBody | PackedDrafts {
  switch (task.kind) {
    case "file":
      return parseGraduatesFile(task.bytes, task.filename, task.mimeType, task.options);
    case "json":
      return readBulkBody(task.bytes);
    case "draft":
      return packDrafts(task.issuer, task.requests, task.now);
  }
}

/** The buffers of an intake thread's result to move to the event loop's thread. */
export function transferOfIntakeResult(result: unknown): ArrayBuffer[] {
  if (typeof result !== "object" || result === null || !("ends" in result)) return [];
  const { json, ends, secrets } = result as PackedDrafts;
  return [json.buffer as ArrayBuffer, ends.buffer as ArrayBuffer, secrets.buffer as ArrayBuffer];
}

/** Intake threads: at most two, so a large upload never takes every core from the anchoring and verifying. */
const INTAKE_THREADS = Math.min(2, availableParallelism());
/**
 * Heap of each intake thread, in MiB: room for the largest request the limits allow (a 50,000-row
 * file or JSON body, its rows and their drafts). A request that needs more ends its thread, not the
 * server, and is answered 413.
 */
const INTAKE_HEAP_MB = 384;

/**
 * Reads uploads and JSON bulk bodies, validates them and drafts their credentials on worker threads
 * (intake-worker): tens of thousands of rows take seconds of CPU, which on the event loop would
 * stall every other request meanwhile. The threads start with the first large request; idle, they
 * do not hold the process open, so shutting down needs nothing from them.
 */
export class IntakePool {
  #pool?: WorkerPool<IntakeTask, unknown>;
  readonly #threads: number;
  readonly #heapMb: number;

  /** `heapMb`: the heap each thread may use, in MiB. */
  constructor({ threads = INTAKE_THREADS, heapMb = INTAKE_HEAP_MB }: { threads?: number; heapMb?: number } = {}) {
    this.#threads = threads;
    this.#heapMb = heapMb;
  }

  #run<Result>(task: IntakeTask, transfer: ArrayBuffer[] = []): Promise<Result> {
    this.#pool ??= new WorkerPool(__filename, "intake-worker", {
      size: this.#threads,
      resourceLimits: { maxOldGenerationSizeMb: this.#heapMb },
    });
    return (this.#pool.run(task, transfer) as Promise<Result>).catch((error: unknown) => {
      throw isOutOfMemory(error) ? new ApiError(413, "PAYLOAD_TOO_LARGE") : error;
    });
  }

  /** `bytes` may be moved to the worker: the caller must not use it afterwards. */
  parseFile(bytes: Uint8Array, filename: string, mimeType: string, options: ImportOptions): Promise<ImportResult> {
    const own = movable(bytes);
    return this.#run({ kind: "file", bytes: own, filename, mimeType, options }, [own.buffer as ArrayBuffer]);
  }

  /** `bytes` may be moved to the worker: the caller must not use it afterwards. */
  readBulkBody(bytes: Uint8Array): Promise<BulkBody> {
    const own = movable(bytes);
    return this.#run({ kind: "json", bytes: own }, [own.buffer as ArrayBuffer]);
  }

  async draft(issuer: IssuerIdentity, requests: IssueRequest[], now: Date): Promise<DraftedCertificate[]> {
    return unpackDrafts(await this.#run<PackedDrafts>({ kind: "draft", issuer, requests, now }));
  }
}

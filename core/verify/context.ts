import { leafOf } from "../batch/merkle";
import { recoverBatchSigner } from "../batch/signature";
import type { AnchorStatus, ChainReader } from "../chain/reader";
import { Credential, REQUIRED_SUBJECT_FIELDS } from "../credential/schema";
import type { FieldPath } from "../credential/schema";
import { presentFields } from "../credential/hashing";
import type { Deployment } from "../deployment";
import type { VerifyOptions } from "./types";

export interface FormatProblem {
  code: "FORMAT_INVALID" | "FORMAT_DISCLOSURE";
  issues: { path: string; message: string }[];
}

/**
 * Disclosed fields carry a salt, salts belong to disclosed fields, hidden fields are not disclosed, and
 * every required subject field is either disclosed or hidden.
 */
function disclosureIssues(credential: Credential): FormatProblem["issues"] {
  const issues: FormatProblem["issues"] = [];
  const present = new Set<FieldPath>(presentFields(credential));
  for (const field of REQUIRED_SUBJECT_FIELDS) {
    const path = `credentialSubject.${field}` as const;
    if (!present.has(path) && !credential.proof.hidden[path])
      issues.push({ path, message: "required field neither disclosed nor hidden" });
  }
  for (const path of present) {
    if (!credential.proof.salts[path])
      issues.push({ path: `proof.salts.${path}`, message: "disclosed field without salt" });
  }
  for (const path of Object.keys(credential.proof.salts) as FieldPath[]) {
    if (!present.has(path))
      issues.push({ path: `proof.salts.${path}`, message: "salt of a field that is not disclosed" });
  }
  for (const path of Object.keys(credential.proof.hidden) as FieldPath[]) {
    if (present.has(path)) issues.push({ path: `proof.hidden.${path}`, message: "field both hidden and disclosed" });
  }
  return issues;
}

/**
 * What the checks of one verification share: the parsed credential, the trusted deployment it names,
 * and chain reads made once (a rejected read is shared too, so every check reports the same outage).
 */
export class VerificationContext {
  readonly credential: Credential | undefined;
  readonly formatProblem: FormatProblem | undefined;
  readonly deployment: Deployment | undefined;
  readonly now: () => Date;
  private readonly options: VerifyOptions;
  private statusRead: Promise<AnchorStatus> | undefined;
  private signerRecovery: { signer: string | undefined } | undefined;
  private readerInstance: ChainReader | undefined;

  constructor(document: unknown, options: VerifyOptions) {
    this.options = options;
    this.now = options.now ?? (() => new Date());
    const parsed = Credential.safeParse(document);
    if (!parsed.success) {
      this.formatProblem = {
        code: "FORMAT_INVALID",
        issues: parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
      };
      return;
    }
    const issues = disclosureIssues(parsed.data);
    if (issues.length > 0) {
      this.formatProblem = { code: "FORMAT_DISCLOSURE", issues };
      return;
    }
    this.credential = parsed.data;
    const { chainId, registry } = parsed.data.proof;
    this.deployment = options.trustedDeployments.find(
      (d) => d.chainId === chainId && d.certificateRegistry.toLowerCase() === registry.toLowerCase(),
    );
  }

  /** The credential; only called by checks that run after FORMAT passed. */
  get valid(): Credential {
    if (!this.credential) throw new Error("credential is not well formed");
    return this.credential;
  }

  get leaf(): string {
    return leafOf(this.valid.proof.documentHash);
  }

  /** The key that signed the batch statement, recovered once; undefined when the signature recovers none. */
  get batchSigner(): string | undefined {
    if (!this.signerRecovery) {
      const { proof, issuer } = this.valid;
      const statement = {
        chainId: proof.chainId,
        registry: proof.registry,
        root: proof.root,
        count: proof.batchCount,
        issuer: issuer.universityId,
      };
      try {
        this.signerRecovery = { signer: recoverBatchSigner(statement, proof.signature, proof.signer) };
      } catch {
        this.signerRecovery = { signer: undefined };
      }
    }
    return this.signerRecovery.signer;
  }

  get reader(): ChainReader {
    if (!this.deployment) throw new Error("no trusted deployment");
    this.readerInstance ??= this.options.chainReader(this.deployment);
    return this.readerInstance;
  }

  status(): Promise<AnchorStatus> {
    this.statusRead ??= this.reader.status(this.valid.issuer.universityId, this.valid.proof.root, this.leaf);
    return this.statusRead;
  }

  /**
   * Whether the batch is anchored on a trusted registry by the credential's university with the
   * signed count, as ANCHORED checks. The registry keeps batches per university, so a batch another
   * university anchored under the same root is never this one.
   */
  async anchoredByIssuer(): Promise<boolean> {
    if (!this.deployment) return false;
    const status = await this.status();
    return status.anchored && status.count === this.valid.proof.batchCount;
  }
}

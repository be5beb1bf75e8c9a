import type { CertificateInput } from "./certificate";
import { WorkerPool, WorkerPoolError } from "../workers/pool";

/** What renders certificates for the server: a PdfRenderPool, or `{ render: renderCertificatePdf }` in the caller's thread. */
export interface PdfRenderer {
  render(input: CertificateInput): Promise<Uint8Array>;
}

export class PdfRenderPoolError extends WorkerPoolError {
  override name = "PdfRenderPoolError";
}

/**
 * Renders certificates in parallel on worker threads (render-worker), for bulk issuance: PDF
 * rendering is CPU-bound (shaping, subsetting, compression), so one thread per core.
 */
export class PdfRenderPool implements PdfRenderer {
  readonly #pool: WorkerPool<CertificateInput, Uint8Array>;

  constructor({ size }: { size?: number } = {}) {
    this.#pool = new WorkerPool(__filename, "render-worker", {
      ...(size === undefined ? {} : { size }),
      errorClass: PdfRenderPoolError,
    });
  }

  get size(): number {
    return this.#pool.size;
  }

  /** Renders one certificate on the next free worker. */
  render(input: CertificateInput): Promise<Uint8Array> {
    return this.#pool.run(input);
  }

  /** Lets queued and running renders finish, then stops the workers. Later renders are refused. */
  close(): Promise<void> {
    return this.#pool.close();
  }
}

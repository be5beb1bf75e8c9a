import { availableParallelism } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { CertificateInput } from "./certificate";

export interface RenderRequest {
  id: number;
  input: CertificateInput;
}

export type RenderReply = { id: number; pdf: Uint8Array } | { id: number; error: { message: string; stack?: string | undefined } };

interface Job {
  id: number;
  input: CertificateInput;
  resolve(pdf: Uint8Array): void;
  reject(error: Error): void;
}

/** What renders certificates for the server: a PdfRenderPool, or `{ render: renderCertificatePdf }` in the caller's thread. */
export interface PdfRenderer {
  render(input: CertificateInput): Promise<Uint8Array>;
}

export class PdfRenderPoolError extends Error {
  override name = "PdfRenderPoolError";
}

const WORKER_FILE = path.join(__dirname, `render-worker${path.extname(__filename)}`);

/**
 * A worker thread running render-worker. When this module runs as TypeScript (ts-node, vitest),
 * plain Node cannot load the worker's .ts file: a small CommonJS bootstrap registers ts-node
 * (transpile only: type checking is the build's job) before requiring it, unless the worker
 * inherited a registration from the parent's `node -r ts-node/register` options.
 */
function startWorker(): Worker {
  if (path.extname(WORKER_FILE) !== ".ts") return new Worker(WORKER_FILE);
  const project = path.resolve(__dirname, "..", "..", "tsconfig.json");
  const bootstrap = [
    `if (!process[Symbol.for("ts-node.register.instance")]) require("ts-node").register({ transpileOnly: true, project: ${JSON.stringify(project)} });`,
    `require(${JSON.stringify(WORKER_FILE)});`,
  ].join("\n");
  return new Worker(bootstrap, { eval: true });
}

/**
 * Renders certificates in parallel on worker threads, for bulk issuance: PDF rendering is CPU-bound
 * (shaping, subsetting, compression), so one thread per core. Jobs queue while every worker is busy.
 */
export class PdfRenderPool implements PdfRenderer {
  readonly size: number;
  readonly #idle: Worker[] = [];
  readonly #running = new Map<Worker, Job>();
  readonly #queue: Job[] = [];
  #nextId = 1;
  #closing = false;
  #drained?: () => void;

  constructor({ size = availableParallelism() }: { size?: number } = {}) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError("pool size must be a positive integer");
    this.size = size;
    for (let i = 0; i < size; i++) this.#idle.push(this.#spawn());
  }

  /** Renders one certificate on the next free worker. */
  render(input: CertificateInput): Promise<Uint8Array> {
    if (this.#closing) return Promise.reject(new PdfRenderPoolError("the PDF render pool is closed"));
    return new Promise((resolve, reject) => {
      this.#queue.push({ id: this.#nextId++, input, resolve, reject });
      this.#dispatch();
    });
  }

  /** Lets queued and running renders finish, then stops the workers. Later renders are refused. */
  async close(): Promise<void> {
    this.#closing = true;
    if (this.#queue.length > 0 || this.#running.size > 0) await new Promise<void>((resolve) => (this.#drained = resolve));
    await Promise.all([...this.#idle.splice(0)].map((worker) => worker.terminate()));
  }

  #spawn(): Worker {
    const worker = startWorker();
    worker.on("message", (reply: RenderReply) => {
      const job = this.#running.get(worker);
      if (!job || job.id !== reply.id) return;
      this.#running.delete(worker);
      this.#idle.push(worker);
      if ("pdf" in reply) job.resolve(reply.pdf);
      else job.reject(Object.assign(new PdfRenderPoolError(reply.error.message), { stack: reply.error.stack }));
      this.#dispatch();
    });
    // A worker that dies takes its job with it; a fresh one takes its place.
    const lost = (error: Error): void => {
      const job = this.#running.get(worker);
      this.#running.delete(worker);
      const index = this.#idle.indexOf(worker);
      if (index >= 0) this.#idle.splice(index, 1);
      job?.reject(new PdfRenderPoolError(`PDF render worker failed: ${error.message}`, { cause: error }));
      if (!this.#closing || this.#queue.length > 0) this.#idle.push(this.#spawn());
      this.#dispatch();
    };
    worker.on("error", lost);
    worker.on("exit", (code) => {
      if (this.#running.has(worker) || this.#idle.includes(worker)) lost(new Error(`exited with code ${code}`));
    });
    return worker;
  }

  #dispatch(): void {
    while (this.#idle.length > 0 && this.#queue.length > 0) {
      const worker = this.#idle.pop() as Worker;
      const job = this.#queue.shift() as Job;
      this.#running.set(worker, job);
      worker.postMessage({ id: job.id, input: job.input } satisfies RenderRequest);
    }
    if (this.#queue.length === 0 && this.#running.size === 0) this.#drained?.();
  }
}

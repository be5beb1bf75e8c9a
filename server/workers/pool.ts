import { existsSync, readdirSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { Worker, parentPort } from "node:worker_threads";
import type { ResourceLimits, Transferable } from "node:worker_threads";
import { PROJECT_ROOT } from "../paths";

interface TaskMessage<Task> {
  id: number;
  task: Task;
}

type ReplyMessage<Result> =
  { id: number; result: Result } | { id: number; error: { message: string; stack?: string | undefined } };

interface Job<Task, Result> {
  id: number;
  task: Task;
  transfer: readonly Transferable[];
  resolve(result: Result): void;
  reject(error: Error): void;
}

export class WorkerPoolError extends Error {
  override name = "WorkerPoolError";
}

export interface WorkerPoolOptions {
  /** Threads to run (one per core by default). */
  size?: number;
  /**
   * Heap limits of each thread: a task that needs more ends its thread (and fails with
   * {@link isOutOfMemory}) instead of growing the whole process.
   */
  resourceLimits?: ResourceLimits;
  /** What the pool's errors are called, for its callers' logs and checks. */
  errorClass?: new (message: string, options?: ErrorOptions) => Error;
}

/** The folders whose sources a worker thread may load. */
const WORKER_SOURCES = ["core", "server"];

/** The compiled form of a source file of the project, in dist/. */
const compiledPath = (file: string): string =>
  path.join(PROJECT_ROOT, "dist", path.relative(PROJECT_ROOT, file)).replace(/\.ts$/, ".js");

/** Whether some TypeScript file under `folder` has no compiled form at least as new as itself. */
function outdated(folder: string): boolean {
  return readdirSync(folder, { withFileTypes: true }).some((entry) => {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) return outdated(file);
    if (!entry.name.endsWith(".ts")) return false;
    const compiled = compiledPath(file);
    return !existsSync(compiled) || statSync(compiled).mtimeMs < statSync(file).mtimeMs;
  });
}

/**
 * In a run from source (tests, development), the compiled form of the worker module `file` when the
 * build (`npm run build`, dist/) is current for every source a worker may load: ts-node would cost
 * each thread seconds of CPU loading TypeScript and transpiling. Otherwise undefined, and ts-node runs it.
 */
function currentBuildOf(file: string): string | undefined {
  const compiled = compiledPath(file);
  if (!existsSync(compiled) || WORKER_SOURCES.some((folder) => outdated(path.join(PROJECT_ROOT, folder))))
    return undefined;
  return compiled;
}

/**
 * The worker thread running the module `name` beside `moduleFile`, in the same form as that module:
 * compiled JavaScript in production (dist/), TypeScript from source (ts-node, vitest) unless a
 * current build can stand in (see {@link currentBuildOf}). Plain Node cannot load a .ts worker: a
 * small CommonJS bootstrap registers ts-node (transpile only: type checking is the build's job)
 * before requiring it, unless the worker inherited a registration from the parent's
 * `node -r ts-node/register` options.
 */
function startWorker(moduleFile: string, name: string, resourceLimits?: ResourceLimits): Worker {
  const extension = path.extname(moduleFile);
  const file = path.join(path.dirname(moduleFile), `${name}${extension}`);
  if (extension !== ".ts") return new Worker(file, { resourceLimits });
  const compiled = currentBuildOf(file);
  if (compiled) return new Worker(compiled, { resourceLimits });
  const project = path.join(PROJECT_ROOT, "tsconfig.json");
  const bootstrap = [
    `if (!process[Symbol.for("ts-node.register.instance")]) require("ts-node").register({ transpileOnly: true, project: ${JSON.stringify(project)} });`,
    `require(${JSON.stringify(file)});`,
  ].join("\n");
  return new Worker(bootstrap, { eval: true, resourceLimits });
}

/** Whether `error` (or its cause) is a worker thread stopped for reaching its heap limit. */
export const isOutOfMemory = (error: unknown): boolean =>
  error instanceof Error &&
  ((error as NodeJS.ErrnoException).code === "ERR_WORKER_OUT_OF_MEMORY" || isOutOfMemory(error.cause));

/**
 * Runs CPU-bound tasks on worker threads, so the event loop keeps answering while they run. Tasks
 * queue while every worker is busy; a worker that dies takes its task with it and is replaced. An
 * idle worker does not keep the process alive: one that is shutting down need not close the pool.
 */
export class WorkerPool<Task, Result> {
  readonly size: number;
  readonly #moduleFile: string;
  readonly #name: string;
  readonly #resourceLimits: ResourceLimits | undefined;
  readonly #errorClass: new (message: string, options?: ErrorOptions) => Error;
  readonly #idle: Worker[] = [];
  readonly #running = new Map<Worker, Job<Task, Result>>();
  readonly #queue: Job<Task, Result>[] = [];
  #nextId = 1;
  #closing = false;
  #drained?: () => void;

  /** Threads run the module `name` beside `moduleFile` (the caller's `__filename`), see {@link startWorker}. */
  constructor(
    moduleFile: string,
    name: string,
    { size = availableParallelism(), errorClass = WorkerPoolError, resourceLimits }: WorkerPoolOptions = {},
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError("pool size must be a positive integer");
    this.size = size;
    this.#moduleFile = moduleFile;
    this.#name = name;
    this.#resourceLimits = resourceLimits;
    this.#errorClass = errorClass;
    for (let i = 0; i < size; i++) this.#idle.push(this.#spawn());
  }

  /** Runs one task on the next free worker; `transfer` lists buffers of the task to move rather than copy. */
  run(task: Task, transfer: readonly Transferable[] = []): Promise<Result> {
    if (this.#closing) return Promise.reject(new this.#errorClass(`the worker pool of ${this.#name} is closed`));
    return new Promise((resolve, reject) => {
      this.#queue.push({ id: this.#nextId++, task, transfer, resolve, reject });
      this.#dispatch();
    });
  }

  /** Lets queued and running tasks finish, then stops the workers. Later tasks are refused. */
  async close(): Promise<void> {
    this.#closing = true;
    if (this.#queue.length > 0 || this.#running.size > 0)
      await new Promise<void>((resolve) => (this.#drained = resolve));
    await Promise.all([...this.#idle.splice(0)].map((worker) => worker.terminate()));
  }

  #spawn(): Worker {
    const worker = startWorker(this.#moduleFile, this.#name, this.#resourceLimits);
    worker.on("message", (reply: ReplyMessage<Result>) => {
      const job = this.#running.get(worker);
      if (!job || job.id !== reply.id) return;
      this.#running.delete(worker);
      this.#idle.push(worker);
      worker.unref();
      if ("result" in reply) job.resolve(reply.result);
      else job.reject(Object.assign(new this.#errorClass(reply.error.message), { stack: reply.error.stack }));
      this.#dispatch();
    });
    const lost = (error: Error): void => {
      const job = this.#running.get(worker);
      this.#running.delete(worker);
      const index = this.#idle.indexOf(worker);
      if (index >= 0) this.#idle.splice(index, 1);
      job?.reject(new this.#errorClass(`worker ${this.#name} failed: ${error.message}`, { cause: error }));
      if (!this.#closing || this.#queue.length > 0) this.#idle.push(this.#spawn());
      this.#dispatch();
    };
    worker.on("error", lost);
    worker.on("exit", (code) => {
      if (this.#running.has(worker) || this.#idle.includes(worker)) lost(new Error(`exited with code ${code}`));
    });
    worker.unref();
    return worker;
  }

  #dispatch(): void {
    while (this.#idle.length > 0 && this.#queue.length > 0) {
      const worker = this.#idle.pop() as Worker;
      const job = this.#queue.shift() as Job<Task, Result>;
      this.#running.set(worker, job);
      worker.ref();
      worker.postMessage({ id: job.id, task: job.task } satisfies TaskMessage<Task>, [...job.transfer]);
    }
    if (this.#queue.length === 0 && this.#running.size === 0) this.#drained?.();
  }
}

/**
 * The worker side of a {@link WorkerPool}: answers each task with `handle`'s result, or its error.
 * `transferOf` lists buffers of a result to move to the parent instead of copying them.
 */
export function serveWorkerTasks<Task, Result>(
  handle: (task: Task) => Result | Promise<Result>,
  transferOf: (result: Result) => Transferable[] = () => [],
): void {
  const port = parentPort;
  if (!port) throw new Error("this module runs as a worker thread of a WorkerPool");
  port.on("message", async ({ id, task }: TaskMessage<Task>) => {
    let reply: ReplyMessage<Result>;
    try {
      reply = { id, result: await handle(task) };
    } catch (error) {
      reply = {
        id,
        error: error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) },
      };
    }
    port.postMessage(reply, "result" in reply ? transferOf(reply.result) : []);
  });
}

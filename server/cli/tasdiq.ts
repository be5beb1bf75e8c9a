import { readFile } from "node:fs/promises";
import path from "node:path";
import { SingleBar, Presets } from "cli-progress";
import { Command, InvalidArgumentError, Option } from "commander";
import { Contract, Wallet } from "ethers";
import type { JsonRpcProvider } from "ethers";
import { Deployment, ISSUER_REGISTRY_ABI, REVOCATION_REASON_CODES } from "../../core";
import type { RevocationReasonName } from "../../core";
import { chainProvider } from "../chain-provider";
import { loadKeystore, saveKeystore } from "../keys/keystore";
import type { KeyRole } from "../keys/keystore";
import type {
  Batch,
  BatchList,
  BulkIssueAnswer,
  CellError,
  CertificateRecord,
  RevocationsQueued,
  SignerKeys,
  SignerRotation,
} from "../../core/api";
import { columnsHelp } from "../certificates/import";
import { ApiClient, ApiClientError } from "./client";

const LANGUAGES = ["ar", "en", "fr"] as const;
type Language = (typeof LANGUAGES)[number];

const program = new Command()
  .name("tasdiq")
  .description("Tasdiq issuance from the command line")
  .option("--server <url>", "issuance server", process.env.TASDIQ_SERVER ?? "http://127.0.0.1:8080")
  .option("--token <token>", "API token (or TASDIQ_TOKEN)", process.env.TASDIQ_TOKEN)
  .addOption(
    new Option("--lang <language>", "language of the server's messages (or TASDIQ_LANG)")
      .choices(LANGUAGES)
      .default(process.env.TASDIQ_LANG ?? "en"),
  );

function client(): ApiClient {
  const { server, token, lang } = program.opts<{ server: string; token?: string; lang: Language }>();
  if (!token) throw new Error("an API token is needed: --token or TASDIQ_TOKEN (create one with POST /api/tokens)");
  return new ApiClient(server, token, lang);
}

const language = (): Language => program.opts<{ lang: Language }>().lang;

const REASON_NAMES = Object.keys(REVOCATION_REASON_CODES) as RevocationReasonName[];
const reasonName = (value: string): RevocationReasonName => {
  if (!(REASON_NAMES as string[]).includes(value))
    throw new InvalidArgumentError(`the reason is one of ${REASON_NAMES.join(", ")}`);
  return value as RevocationReasonName;
};

const seconds = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError("a number of seconds above 0");
  return parsed;
};

function printCellErrors(errors: CellError[]): void {
  console.log(`\n${errors.length} problem(s) in the file:`);
  console.table(errors.map((e) => ({ row: e.row, column: e.column, code: e.code, problem: e.message.en })));
}

program
  .command("issue")
  .description("issue every graduate of a CSV or XLSX file, then follow them until each is anchored or has failed")
  .requiredOption("--file <path>", "graduates.csv or graduates.xlsx")
  .option("--valid-only", "issue the valid rows even if some rows have errors")
  .option("--no-wait", "do not wait for anchoring")
  .option("--timeout <seconds>", "stop waiting after this long (the server carries on)", seconds, 1800)
  .addHelpText(
    "after",
    `\nThe file has one graduate per row under a header row naming these columns, in any order:\n${columnsHelp()}\n\nA file to fill in: GET /api/certificates/template.csv, or "Download the template" in the portal.`,
  )
  .action(async (options: { file: string; validOnly?: boolean; wait: boolean; timeout: number }) => {
    const api = client();
    const form = new FormData();
    form.set("file", new Blob([await readFile(options.file)]), path.basename(options.file));
    if (options.validOnly) form.set("validOnly", "true");
    let result: BulkIssueAnswer;
    try {
      result = await api.request<BulkIssueAnswer>("POST", "/api/certificates/bulk", form);
    } catch (error) {
      if (error instanceof ApiClientError && error.code === "IMPORT_INVALID") {
        printCellErrors((error.details as { errors: CellError[] }).errors);
        console.log("\nNothing was issued. Fix the file, or run again with --valid-only.");
        process.exitCode = 2;
        return;
      }
      throw error;
    }
    if (result.errors.length > 0) printCellErrors(result.errors);
    console.log(`\nAccepted ${result.accepted} certificate(s).`);
    if (options.wait && result.accepted > 0)
      process.exitCode = await follow(
        api,
        result.certificates.map((c) => c.id),
        options.timeout,
      );
  });

/** Certificates in these states change no more by themselves. */
const SETTLED = new Set(["confirmed", "failed"]);
/** What `issue` exits with when it stops waiting before every certificate is settled. */
const EXIT_TIMED_OUT = 3;

/**
 * Follows certificates until each is anchored or has failed, telling along the way what holds them
 * (a batch awaiting an approver); gives up after `timeoutSeconds`, saying so. Returns the exit code:
 * 0 all anchored, 1 some failed (each failed batch is named with its reason), 3 stopped waiting.
 */
async function follow(api: ApiClient, ids: string[], timeoutSeconds: number): Promise<number> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  const bar = new SingleBar(
    { format: "Anchoring |{bar}| {value}/{total} anchored, {failed} failed | {eta_formatted} left" },
    Presets.shades_classic,
  );
  bar.start(ids.length, 0, { failed: 0 });
  const records = new Map<string, { status: string; batchId: number | null }>();
  const batches = new Map<number, Batch>();
  const told = new Set<number>();
  const tell = (line: string): void => {
    // Printed between two renderings of the bar, so neither garbles the other.
    bar.stop();
    console.log(line);
    bar.start(ids.length, count("confirmed"), { failed: count("failed") });
  };
  const count = (status: string): number => [...records.values()].filter((r) => r.status === status).length;
  for (;;) {
    for (const id of ids.filter((i) => !SETTLED.has(records.get(i)?.status ?? ""))) {
      records.set(id, await api.request<CertificateRecord>("GET", `/api/certificates/${id}`));
    }
    const open = new Set(
      [...records.values()]
        .filter((r) => r.batchId !== null && (r.status !== "confirmed" || !batches.has(r.batchId)))
        .map((r) => r.batchId as number),
    );
    for (const batchId of open) batches.set(batchId, await api.request<Batch>("GET", `/api/batches/${batchId}`));
    for (const batch of batches.values()) {
      if (batch.status === "batched" && batch.needsApproval === 1 && batch.approvedAt === null && !told.has(batch.id)) {
        told.add(batch.id);
        tell(
          `Batch ${batch.id} is awaiting approval: an approver other than its creators must approve it (POST /api/batches/${batch.id}/approve).`,
        );
      }
    }
    bar.update(count("confirmed"), { failed: count("failed") });
    if (count("confirmed") + count("failed") === ids.length) break;
    if (Date.now() >= deadline) {
      bar.stop();
      const waiting = ids.length - count("confirmed") - count("failed");
      console.log(
        `\nStopped waiting after ${timeoutSeconds} s: ${count("confirmed")} anchored, ${count("failed")} failed, ${waiting} still on their way.`,
      );
      console.log("Nothing is lost: the server carries on. Follow it with: tasdiq status");
      return EXIT_TIMED_OUT;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  bar.stop();
  const counts = [...records.values()].reduce<Record<string, number>>(
    (acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }),
    {},
  );
  console.table(Object.entries(counts).map(([status, n]) => ({ status, count: n })));
  const failed = [...batches.values()].filter((batch) => batch.status === "failed" && batch.failure);
  for (const batch of failed) {
    console.log(`Batch ${batch.id} failed (${batch.failure?.code}): ${batch.failure?.message[language()]}`);
    if (batch.failure?.code !== "REFUSED")
      console.log(`  Once the cause is fixed, re-seal it: POST /api/batches/${batch.id}/reseal`);
  }
  return failed.length > 0 ? 1 : 0;
}

program
  .command("revoke")
  .description("revoke certificates by id")
  .argument("<ids...>", "certificate ids")
  .requiredOption("--reason <reason>", `why: ${REASON_NAMES.join(", ")}`, reasonName)
  .action(async (ids: string[], options: { reason: RevocationReasonName }) => {
    const result = await client().request<RevocationsQueued>("POST", "/api/certificates/revoke", {
      ids,
      reason: options.reason,
    });
    console.log(
      `Revocation queued (${result.revocations.length} chain transaction(s)); it takes effect once anchored.`,
    );
  });

program
  .command("status")
  .description("status of one certificate, or counts for the university")
  .argument("[id]", "certificate id")
  .action(async (id?: string) => {
    const api = client();
    if (id) {
      const record = await api.request<CertificateRecord>("GET", `/api/certificates/${id}`);
      console.table([
        {
          id: record.id,
          status: record.status,
          batch: record.batchId,
          revoked: record.revocation !== null,
          verifierUrl: record.verifierUrl,
        },
      ]);
      return;
    }
    const { batches } = await api.request<BatchList>("GET", "/api/batches");
    console.table(
      batches.map((b) => ({ batch: b.id, status: b.status, certificates: b.count, transaction: b.txHash ?? "" })),
    );
  });

const keys = program
  .command("keys")
  .description("university keys: encrypted keystores and their registration on chain");

interface KeyOptions {
  university: number;
  dir: string;
  rpc: string;
  deployment: string;
}
const keyOptions = (command: Command): Command =>
  command
    .requiredOption("--university <id>", "university id in the IssuerRegistry", (v) => Number.parseInt(v, 10))
    .option("--dir <path>", "keystore folder", process.env.TASDIQ_KEYSTORE_DIR ?? ".tasdiq/keystores")
    .option("--rpc <url>", "chain RPC", process.env.TASDIQ_RPC_URL ?? "http://127.0.0.1:8545")
    .option("--deployment <file>", "deployment file", process.env.TASDIQ_DEPLOYMENT ?? "deployments/localhost.json");

function keystorePassword(): string {
  const password = process.env.TASDIQ_KEYSTORE_PASSWORD;
  if (!password || password.length < 8) throw new Error("set TASDIQ_KEYSTORE_PASSWORD (at least 8 characters)");
  return password;
}

async function issuerRegistry(
  options: KeyOptions,
  operator: Wallet,
): Promise<{ registry: Contract; provider: JsonRpcProvider }> {
  const deployment = Deployment.parse(JSON.parse(await readFile(options.deployment, "utf8")));
  const provider = chainProvider(options.rpc, deployment.chainId);
  return {
    registry: new Contract(deployment.issuerRegistry, ISSUER_REGISTRY_ABI, operator.connect(provider)),
    provider,
  };
}

keyOptions(keys.command("create"))
  .description("create a new encrypted keystore for the operator or the signer key")
  .requiredOption("--role <role>", "operator or signer", (v) => {
    if (v !== "operator" && v !== "signer") throw new InvalidArgumentError("operator or signer");
    return v as KeyRole;
  })
  .action(async (options: KeyOptions & { role: KeyRole }) => {
    const wallet = new Wallet(Wallet.createRandom().privateKey);
    const file = await saveKeystore(options.dir, options.university, options.role, wallet, keystorePassword());
    console.log(`Created ${options.role} key ${wallet.address} in ${file}`);
    if (options.role === "operator")
      console.log("Give this address to your ministry to accredit it, and fund it for gas.");
    else console.log("Register it on chain with: tasdiq keys register");
  });

keyOptions(keys.command("register"))
  .description("register the signer keystore's key on chain from the operator account, before the server's first start")
  .action(async (options: KeyOptions) => {
    const password = keystorePassword();
    const operator = await loadKeystore(options.dir, options.university, "operator", password);
    const signer = await loadKeystore(options.dir, options.university, "signer", password);
    const { registry, provider } = await issuerRegistry(options, operator);
    try {
      // The chain's clock, not this machine's, decides whether the key is valid.
      const now = (await provider.getBlock("latest"))?.timestamp ?? Math.floor(Date.now() / 1000);
      if (await registry.getFunction("wasSignerAt")(options.university, signer.address, now)) {
        console.log(`Signer key ${signer.address} is already registered.`);
        return;
      }
      await (await registry.getFunction("addSigner")(signer.address, 0, 0)).wait();
      console.log(`Signer key ${signer.address} registered. A running server replaces it with: tasdiq keys rotate`);
    } finally {
      provider.destroy();
    }
  });

const isoTime = (seconds: number | null): string => (seconds === null ? "" : new Date(seconds * 1000).toISOString());

function printKeys({ signers, rotation }: SignerKeys): void {
  console.table(
    signers.map((key) => ({
      key: key.address,
      from: isoTime(key.validFrom),
      until: isoTime(key.validUntil),
      "valid now": key.validNow,
      "signs new batches": key.current,
    })),
  );
  if (rotation && rotation.status !== "done")
    console.log(`Rotation ${rotation.id}: ${rotation.status}${rotation.error ? ` (${rotation.error})` : ""}`);
}

keys
  .command("list")
  .description(
    "the university's signer keys as the chain records them, and the one the server signs with (admin token)",
  )
  .action(async () => printKeys(await client().request<SignerKeys>("GET", "/api/keys")));

keys
  .command("rotate")
  .description(
    "have the server replace its signer key; the old key is revoked on chain once every batch it signed is anchored (admin token)",
  )
  .option("--no-wait", "do not wait for the rotation to finish")
  .action(async (options: { wait: boolean }) => {
    const api = client();
    const started = await api.request<SignerRotation>("POST", "/api/keys/rotate", {});
    console.log(`Rotation ${started.id} started: new signer key ${started.newSigner}.`);
    let state = await api.request<SignerKeys>("GET", "/api/keys");
    while (options.wait && state.rotation?.id === started.id && state.rotation.status !== "done") {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      state = await api.request<SignerKeys>("GET", "/api/keys");
    }
    printKeys(state);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  const message =
    error instanceof ApiClientError
      ? `${error.code}: ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error);
  console.error(`tasdiq: ${message}`);
  process.exitCode = 1;
});

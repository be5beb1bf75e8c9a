import { readFileSync, writeFileSync } from "node:fs";
import { Command, InvalidArgumentError, Option } from "commander";
import { Deployment, TasdiqError } from "../../core";
import { chainProvider } from "../chain-provider";
import { DEFAULT_THRESHOLDS } from "./anomalies";
import type { AnomalyThresholds } from "./anomalies";
import { AuditError } from "./errors";
import { figuresCsv } from "./figures-csv";
import { AuditIndexer } from "./indexer";
import { printFigures, printReconciliation } from "./print";
import { universities } from "./registry-state";
import { reconcile, reconciled } from "./reconcile";
import { auditReport } from "./report";
import { parsePeriod, parseScope } from "./scope";
import { readUniversityExport } from "./university-export";

/**
 * The ministry audit from the command line: `npm run audit -- --country JO --from 2026-01-01
 * --to 2026-12-31 --csv out.csv` and `npm run audit -- reconcile --university 3 --export file.csv`.
 * Both first bring the index up to date with the chain. Exit codes: 0 done, 1 error, 3 the
 * reconciliation found differences.
 */

interface ChainOptions {
  rpc: string;
  deployment: string;
  db: string;
  confirmations: number;
}

const DIFFERENCES_EXIT_CODE = 3;

/** A commander parser from one of ours, so that bad input reads like commander's own errors. */
function asOption<T>(parse: (value: string) => T): (value: string) => T {
  return (value) => {
    try {
      return parse(value);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  };
}

function wholeNumber(min: number): (value: string) => number {
  return asOption((value) => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < min) throw new Error(`expected a whole number ≥ ${min}, got "${value}"`);
    return number;
  });
}

const positiveNumber = asOption((value) => {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new Error(`expected a number > 0, got "${value}"`);
  return number;
});

function readDeployment(file: string): Deployment {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    throw new AuditError(
      "AUDIT_NO_DEPLOYMENT",
      `cannot read the deployment file ${file} (deploy with npm start or npm run deploy, or pass --deployment)`,
      { cause },
    );
  }
  const parsed = Deployment.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new AuditError("AUDIT_NO_DEPLOYMENT", `${file} is not a deployment file: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** Opens the index, brings it up to date with the chain, runs `use`, and closes everything. */
async function withSyncedIndex<T>(options: ChainOptions, use: (indexer: AuditIndexer) => T): Promise<T> {
  const deployment = readDeployment(options.deployment);
  // The indexer checks the chain id itself.
  const provider = chainProvider(options.rpc, deployment.chainId);
  const indexer = new AuditIndexer({ provider, deployment, file: options.db, confirmations: options.confirmations });
  try {
    const result = await indexer.sync().catch((cause: unknown) => {
      if (cause instanceof TasdiqError) throw cause;
      throw new AuditError(
        "AUDIT_CHAIN_UNREACHABLE",
        `could not read the chain at ${options.rpc}: ${(cause as Error).message}`,
        { cause },
      );
    });
    const rolledBack =
      result.rolledBackFrom === undefined
        ? ""
        : `; the chain was reorganised: re-indexed from block ${result.rolledBackFrom}`;
    const read =
      result.toBlock < result.fromBlock
        ? `no new block since ${result.toBlock}`
        : `blocks ${result.fromBlock}–${result.toBlock} read`;
    console.error(`Index ${options.db}: ${result.events} new events, ${read}${rolledBack}.`);
    return use(indexer);
  } finally {
    indexer.close();
    provider.destroy();
  }
}

const program = new Command()
  .name("audit")
  .description("Ministry audit of the Tasdiq registries, rebuilt from the chain's events alone")
  .option("--rpc <url>", "JSON-RPC URL of a node of the chain", process.env.TASDIQ_RPC_URL ?? "http://127.0.0.1:8545")
  .option("--deployment <file>", "deployment file of the registries", "deployments/localhost.json")
  .option("--db <file>", "the audit index (SQLite), created if missing", ".tasdiq/audit.sqlite")
  .option(
    "--confirmations <n>",
    "blocks below the head left unindexed (0 for chains with immediate finality)",
    wholeNumber(0),
    0,
  )
  .showHelpAfterError("(add --help for the options)");

program
  .command("figures", { isDefault: true })
  .description("print the figures of a country (or all) for a period, optionally as CSV")
  .option(
    "--country <code>",
    'ISO 3166-1 code of an Arab League state, or "all" (ALECSO)',
    asOption(parseScope),
    "all" as const,
  )
  .option("--from <date>", "first day of the period, YYYY-MM-DD (UTC)")
  .option("--to <date>", "last day of the period, included, YYYY-MM-DD (UTC)")
  .option("--csv <file>", "also write the figures to this CSV file")
  .addOption(
    new Option("--burst-factor <x>", "anchoring burst: times the median day")
      .argParser(positiveNumber)
      .default(DEFAULT_THRESHOLDS.burstFactor),
  )
  .addOption(
    new Option("--burst-minimum <n>", "anchoring burst: fewest certificates in the day")
      .argParser(wholeNumber(1))
      .default(DEFAULT_THRESHOLDS.burstMinimumCertificates),
  )
  .addOption(
    new Option("--revocation-rate <x>", "revocation rate flag above this share")
      .argParser(positiveNumber)
      .default(DEFAULT_THRESHOLDS.revocationRate),
  )
  .addOption(
    new Option("--suspension-window <hours>", "flag anchors this many hours before a suspension")
      .argParser(positiveNumber)
      .default(DEFAULT_THRESHOLDS.suspensionWindowSeconds / 3600),
  )
  .action(
    async (options: {
      country: ReturnType<typeof parseScope>;
      from?: string;
      to?: string;
      csv?: string;
      burstFactor: number;
      burstMinimum: number;
      revocationRate: number;
      suspensionWindow: number;
    }) => {
      const period = parsePeriod(options);
      const thresholds: Partial<AnomalyThresholds> = {
        burstFactor: options.burstFactor,
        burstMinimumCertificates: options.burstMinimum,
        revocationRate: options.revocationRate,
        suspensionWindowSeconds: Math.round(options.suspensionWindow * 3600),
      };
      const report = await withSyncedIndex(program.opts<ChainOptions>(), (indexer) =>
        auditReport(indexer.database, { scope: options.country, period, thresholds }),
      );
      printFigures(report);
      if (options.csv) {
        writeFileSync(options.csv, figuresCsv(report));
        console.log(`\nFigures written to ${options.csv}`);
      }
    },
  );

program
  .command("reconcile")
  .description("compare a university's export of issued certificates with the chain (exit code 3 when they differ)")
  .requiredOption("--university <id>", "the university's id in the issuer registry", wholeNumber(1))
  .requiredOption(
    "--export <file>",
    "CSV with root and leaf (or documentHash) columns, a credential .json, or a folder of them",
  )
  .action(async (options: { university: number; export: string }) => {
    const exported = readUniversityExport(options.export);
    const { report, university } = await withSyncedIndex(program.opts<ChainOptions>(), (indexer) => {
      const report = reconcile(indexer.database, options.university, exported);
      const [university] = universities(indexer.database, { scope: "all", universityId: options.university });
      return { report, university: university?.names.en ?? "" };
    });
    printReconciliation(report, { university, exportFile: options.export });
    const ok = reconciled(report);
    const warning =
      report.rootsAnchoredByOthers.length > 0
        ? " Other universities anchored some of its roots too: see the warning above."
        : "";
    console.log(
      `${ok ? "\nResult: the export and the chain agree." : "\nResult: the export and the chain differ (see above)."}${warning}`,
    );
    if (!ok) process.exitCode = DIFFERENCES_EXIT_CODE;
  });

program.parseAsync().catch((error: unknown) => {
  const message = error instanceof TasdiqError ? error.message : String((error as Error).stack ?? error);
  console.error(`audit: ${message}`);
  process.exitCode = 1;
});

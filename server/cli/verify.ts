import { readFile, writeFile } from "node:fs/promises";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import {
  COUNTRIES,
  ChainReadError,
  Deployment,
  REASON_MESSAGES,
  VerifierConfig,
  VerificationPack,
  VerifierProblem,
  cachedChainReader,
  createVerificationPack,
  createProofChainReader,
  deploymentOfLocator,
  fetchLinkedCredential,
  httpChainEndpoint,
  isCountryCode,
  issuerRecordOf,
  packBlock,
  readMirrors,
  verdictOf,
  verifyCredential,
  verifyPack,
  verifyPackOnline,
} from "../../core";
import type {
  ChainReader,
  CheckName,
  CheckStatus,
  Fragment,
  IssuerRecord,
  LocalizedText,
  ReasonCode,
  RpcFetch,
  Verdict,
} from "../../core";
import type { JsonRpcProvider } from "ethers";
import { chainProvider } from "../chain-provider";
import { readInput } from "./verify-input";
import type { Input } from "./verify-input";
import { LABELS, PROBLEM_MESSAGES, STATUS_WORDS, VERDICT_LINES } from "./verify-messages";
import type { ProblemCode } from "./verify-messages";

const LANGUAGES = ["ar", "en", "fr"] as const;
type Language = (typeof LANGUAGES)[number];

/** The exit status for each verdict; 4 when the input or the command's use is wrong. */
const EXIT_STATUS: Record<Verdict, number> = { VALID: 0, INVALID: 1, REVOKED: 2, CANNOT_CHECK: 3 };
const EXIT_BAD_INPUT = 4;

const ISSUER_TIMEOUT_MS = 15_000;
const INSTITUTION_CACHE_MS = 60_000;

/** The JSON the command prints with --json: documented in docs/verify-cli.md, fields never change meaning. */
export interface VerifyReport {
  verdict: Verdict | null;
  problem: {
    code: ProblemCode | ChainProblem;
    message: string;
    detail: string | null;
  } | null;
  checks: { name: CheckName; status: CheckStatus; code: ReasonCode; message: string }[];
  issuer: IssuerRecord | null;
  source: {
    kind: Input["kind"];
    file: string | null;
    universityServer: string | null;
    /** The mirror that served the stored credential when the university's server did not. */
    mirror: { url: string; publisher: string; country: string | null } | null;
  } | null;
  language: Language;
  /** For a verification pack: its block, and the verdict at that block (`verdict` is the verdict now, unless offline). */
  pack?: { block: number; blockHash: string; verdictAtBlock: Verdict; offline: boolean };
}

/** Why the chain could not be read (core's ChainReadError codes, each with its message in REASON_MESSAGES). */
const CHAIN_PROBLEMS = ["CHAIN_UNREACHABLE", "CHAIN_MISMATCH", "CHAIN_NODES_DISAGREE", "CHAIN_PROOF_INVALID"] as const;
type ChainProblem = (typeof CHAIN_PROBLEMS)[number];
const isChainProblem = (code: string): code is ChainProblem => (CHAIN_PROBLEMS as readonly string[]).includes(code);

/** What ended a verification before a verdict could be given on the certificate itself. */
class Stop extends Error {
  constructor(
    readonly verdict: Verdict | null,
    readonly code: ProblemCode | ChainProblem,
    readonly detail: string | null = null,
  ) {
    super(code);
  }
}

/**
 * The problems that say nothing against the certificate ("cannot check" now): the others are the
 * input's fault (exit status 4).
 */
const CANNOT_CHECK_PROBLEMS: ReadonlySet<ProblemCode> = new Set([
  "UNTRUSTED_NETWORK",
  "ISSUER_UNREACHABLE",
  "NOT_READY",
]);

interface Options {
  config?: string;
  rpc: string;
  deployment: string;
  lang: Language;
  json?: boolean;
  checkpoint?: string;
  exportPack?: string;
}

const EXIT_HELP = `
Input: a certificate PDF (its attached credential.json is checked), a PNG or JPEG picture of its QR
code, a credential .json file, the QR code's link, or the code printed under the QR code (quote it
if it has spaces). A verification pack (.json) is checked at its block: with no network against
--checkpoint (or a checkpoint the configuration lists for that block), else against the configured
nodes' hash of that block, and against the chain now.

The chain is read through a verifier configuration (the config.json a verifier page is served with),
else through --rpc and --deployment; by default those of the local demo that \`npm start\` runs.

Exit status:
  0  valid
  1  invalid: a check failed (the checks say which)
  2  revoked by the university
  3  cannot check now: the chain or the university's server cannot be read, the credential is still
     being issued, the certificate belongs to a network the configuration does not trust, or this
     command failed; none of which says anything against the certificate
  4  bad input or usage: no such file, an unreadable file, a PDF without credential, no QR code in
     the picture, not a Tasdiq link or code, a typing mistake in the code, a code that opens no
     certificate, unusable configuration

--json prints {verdict, problem, checks[{name, status, code, message}], issuer, source, language};
see docs/verify-cli.md.`;

function blockHash(value: string): string {
  if (!/^0x[0-9a-fA-F]{64}$/.test(value)) throw new InvalidArgumentError("expected 0x and 64 hex digits");
  return value.toLowerCase();
}

const program = new Command()
  .name("npm run verify --")
  .description("Verify a Tasdiq certificate against the registries on the blockchain")
  .argument("<input>", "certificate PDF, picture of its QR code, credential .json, QR link or typed code")
  .addOption(
    new Option("--config <file>", "verifier configuration: {rpcUrl, deployments}").env("TASDIQ_VERIFIER_CONFIG"),
  )
  .addOption(
    new Option("--rpc <url>", "chain RPC (without --config)").env("TASDIQ_RPC_URL").default("http://127.0.0.1:8545"),
  )
  .addOption(
    new Option("--deployment <file>", "deployment file (without --config)")
      .env("TASDIQ_DEPLOYMENT")
      .default("deployments/localhost.json"),
  )
  .addOption(
    new Option("--lang <language>", "language of the messages").choices(LANGUAGES).env("TASDIQ_LANG").default("en"),
  )
  .option("--json", "print a JSON report for other systems")
  .option(
    "--checkpoint <hash>",
    "with a verification pack: the trusted hash of its block; verifies with no network at all",
    blockHash,
  )
  .option("--export-pack <file>", "also write a verification pack of the credential (docs/verification-pack.md)")
  .addHelpText("after", EXIT_HELP)
  .exitOverride()
  .action(async (argument: string, options: Options) => {
    const report = await verifyArgument(argument, options);
    console.log(options.json ? JSON.stringify(report, null, 2) : humanReport(report));
    process.exitCode = report.verdict ? EXIT_STATUS[report.verdict] : EXIT_BAD_INPUT;
  });

async function loadConfig(options: Options): Promise<VerifierConfig> {
  const explicitChain =
    program.getOptionValueSource("rpc") === "cli" || program.getOptionValueSource("deployment") === "cli";
  if (options.config && explicitChain) throw new Stop(null, "USAGE", "--config cannot go with --rpc or --deployment");
  const file = options.config ?? options.deployment;
  try {
    const content = JSON.parse(await readFile(file, "utf8")) as unknown;
    return options.config
      ? VerifierConfig.parse(content)
      : VerifierConfig.parse({ rpcUrl: options.rpc, deployments: [Deployment.parse(content)] });
  } catch (error) {
    throw new Stop(
      null,
      "CONFIG_UNUSABLE",
      `${file}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
    );
  }
}

/** The chain the node serves; undefined when it cannot be reached (the checks then say so). */
async function servedChainId(provider: JsonRpcProvider): Promise<number | undefined> {
  try {
    return Number(BigInt(await provider.send("eth_chainId", [])));
  } catch {
    return undefined;
  }
}

/** Asks a chain node, giving up after a while. */
const fetchFromNode: RpcFetch = (url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(ISSUER_TIMEOUT_MS) });

/** Asks a university's server for a stored credential, giving up after a while. */
const fetchFromIssuer = (url: string): Promise<Response> =>
  fetch(url, { signal: AbortSignal.timeout(ISSUER_TIMEOUT_MS) });

/** Reads the argument, finds its credential and runs core's checks on it: the report and nothing thrown. */
async function verifyArgument(argument: string, options: Options): Promise<VerifyReport> {
  const language = options.lang;
  let source: VerifyReport["source"] = null;
  const stopped = (stop: Stop): VerifyReport => {
    const message = isChainProblem(stop.code) ? REASON_MESSAGES[stop.code] : PROBLEM_MESSAGES[stop.code];
    return {
      verdict: stop.verdict,
      problem: { code: stop.code, message: message[language], detail: stop.detail },
      checks: [],
      issuer: null,
      source,
      language,
    };
  };
  try {
    const input = await readInput(argument);
    source = { kind: input.kind, file: "file" in input ? input.file : null, universityServer: null, mirror: null };
    const config = await loadConfig(options);
    const trusted = { trustedDeployments: config.deployments };
    const packed = "document" in input ? VerificationPack.safeParse(input.document) : undefined;
    const packReport = (fragments: Fragment[], atPack: Fragment[], offline: boolean): VerifyReport => {
      const { number, hash } = packBlock(packed?.data as VerificationPack);
      return {
        ...reportOf(fragments, source as NonNullable<VerifyReport["source"]>, language),
        pack: { block: number, blockHash: hash, verdictAtBlock: verdictOf(atPack), offline },
      };
    };
    // A pack against a trusted block hash, given or published in the configuration for its block,
    // needs no network at all.
    const checkpoint =
      packed?.success &&
      (options.checkpoint ?? config.checkpoints?.find(({ number }) => number === packBlock(packed.data).number)?.hash);
    if (packed?.success && checkpoint) {
      const fragments = await verifyPack(packed.data, checkpoint, trusted);
      return packReport(fragments, fragments, true);
    }
    // The chain of the first deployment, as the verifier page does: one RPC serves one chain.
    const chainId = (config.deployments[0] as Deployment).chainId;
    const provider = chainProvider(config.rpcUrl, chainId);
    // Chain facts are proven against the state root of a block every configured node agrees on.
    const nodes = [config.rpcUrl, ...(config.crossCheckRpcUrls ?? [])].map((url) =>
      httpChainEndpoint(url, fetchFromNode),
    );
    const readers = new Map<Deployment, ChainReader>();
    const chainReader = (deployment: Deployment): ChainReader => {
      const reader =
        readers.get(deployment) ?? cachedChainReader(createProofChainReader(nodes, deployment), INSTITUTION_CACHE_MS);
      readers.set(deployment, reader);
      return reader;
    };
    try {
      // The node is asked which chain it serves: nothing a node of another chain says is believed.
      const served = await servedChainId(provider);
      if (served !== undefined && served !== chainId)
        throw new Stop("CANNOT_CHECK", "CHAIN_MISMATCH", `the node serves chain ${served}, not ${chainId}`);
      const verify = { trustedDeployments: config.deployments, chainReader };
      let fragments: Fragment[];
      let document: unknown;
      if (packed?.success) {
        const { atPack, now } = await verifyPackOnline(packed.data, nodes, trusted);
        return packReport(now, atPack, false);
      }
      if ("document" in input) fragments = await verifyCredential((document = input.document), verify);
      else {
        const deployment = deploymentOfLocator(input.locator, config.deployments);
        const found = await fetchLinkedCredential(input.locator, chainReader(deployment), fetchFromIssuer, {
          mirrors: () => readMirrors(provider, deployment),
          verify,
        });
        fragments = found.fragments ?? [];
        document = found.document;
        if (found.source.kind === "university") source.universityServer = found.source.url;
        else
          source.mirror = { url: found.source.url, publisher: found.source.publisher, country: found.source.country };
      }
      if (options.exportPack) {
        const { pack } = await createVerificationPack(document, nodes, trusted);
        await writeFile(options.exportPack, `${JSON.stringify(pack, null, 2)}\n`);
      }
      return reportOf(fragments, source, language);
    } finally {
      provider.destroy();
    }
  } catch (error) {
    if (error instanceof Stop) return stopped(error);
    if (error instanceof VerifierProblem) {
      const code: ProblemCode = error.code;
      return stopped(new Stop(CANNOT_CHECK_PROBLEMS.has(code) ? "CANNOT_CHECK" : null, code));
    }
    if (error instanceof ChainReadError)
      return stopped(
        new Stop("CANNOT_CHECK", isChainProblem(error.code) ? error.code : "CHAIN_UNREACHABLE", error.message),
      );
    throw error;
  }
}

const reportOf = (
  fragments: Fragment[],
  source: NonNullable<VerifyReport["source"]>,
  language: Language,
): VerifyReport => ({
  verdict: verdictOf(fragments),
  problem: null,
  checks: fragments.map((f) => checkOf(f, language)),
  issuer: issuerRecordOf(fragments) ?? null,
  source,
  language,
});

const checkOf = (fragment: Fragment, language: Language): VerifyReport["checks"][number] => ({
  name: fragment.name,
  status: fragment.status,
  code: fragment.reason.code,
  message: fragment.reason.message[language],
});

const day = (seconds: number): string => new Date(seconds * 1000).toISOString().slice(0, 10);

function issuerLines(issuer: IssuerRecord, language: Language): string[] {
  const { university, ministry, suspendedSince } = issuer;
  const standing = university.accredited
    ? LABELS.accredited[language]
    : suspendedSince !== undefined
      ? LABELS.suspended[language].replace("{date}", day(suspendedSince))
      : LABELS.notAccredited[language];
  const country: LocalizedText | undefined = isCountryCode(university.country)
    ? COUNTRIES[university.country]
    : undefined;
  return [
    LABELS.issuer[language],
    `  ${LABELS.university[language]}: ${university.names[language]}`,
    `  ${LABELS.country[language]}: ${country?.[language] ?? university.country}`,
    ...(ministry ? [`  ${LABELS.ministry[language]}: ${ministry.names[language]}`] : []),
    `  ${LABELS.standing[language]}: ${standing}`,
  ];
}

/** The report for a person: the verdict first, then every check, then the issuer as the chain records it. */
function humanReport(report: VerifyReport): string {
  const { language } = report;
  const lines: string[] = [];
  if (report.verdict) lines.push(VERDICT_LINES[report.verdict][language]);
  else lines.push(LABELS.problem[language]);
  if (report.problem)
    lines.push(`  ${report.problem.message}`, ...(report.problem.detail ? [`  (${report.problem.detail})`] : []));
  if (report.checks.length > 0) {
    lines.push("");
    const width = Math.max(...report.checks.map((c) => c.name.length));
    for (const check of report.checks)
      lines.push(`  ${check.name.padEnd(width)}  ${STATUS_WORDS[check.status][language]}: ${check.message}`);
    lines.push("", ...(report.issuer ? issuerLines(report.issuer, language) : [LABELS.issuerUnconfirmed[language]]));
  }
  if (report.source?.mirror) lines.push("", mirrorLine(report.source.mirror, language));
  return lines.join("\n");
}

/** Says that a mirror, not the university's server, served the credential, and whose mirror it is. */
function mirrorLine(mirror: NonNullable<NonNullable<VerifyReport["source"]>["mirror"]>, language: Language): string {
  const country =
    mirror.country && isCountryCode(mirror.country) ? COUNTRIES[mirror.country][language] : mirror.country;
  const whose = country
    ? LABELS.ministryMirror[language].replace("{country}", country)
    : LABELS.authorityMirror[language];
  return LABELS.foundOnMirror[language].replace("{mirror}", `${whose} (${mirror.url})`);
}

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // Help and version end with status 0; every other complaint of the parser is a usage error.
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
    return;
  }
  // A fault of this program, not of the certificate: it could not be checked.
  console.error(`verify: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = EXIT_STATUS.CANNOT_CHECK;
});

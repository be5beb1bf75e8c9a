import { FetchRequest, JsonRpcProvider, Network } from "ethers";
import {
  cachedChainReader,
  createProofChainReader,
  deploymentOfLocator,
  fetchLinkedCredential,
  httpChainEndpoint,
  linkLocator,
  looksLikeVerifierLink,
  readMirrors,
  typedCodeLocator,
  VerificationPack,
  verifyCredential,
  VerifierProblem,
} from "../../../core";
import type {
  ChainEndpoint,
  ChainReader,
  CredentialLocator,
  Deployment,
  RpcFetch,
  VerifierConfig,
  VerifyOptions,
} from "../../../core";
import { readCertificateFile } from "./inputs/file";
import { outcomeOfError } from "./outcome";
import { checkPack, makePack } from "./pack";
import type { Outcome, ProblemCode } from "./outcome";

/** What the page is busy with, shown while it waits. */
export type Step = "config" | "chain" | "fetch" | "file" | "checks";
export type Progress = (step: Step) => void;

const RPC_TIMEOUT_MS = 15_000;
const ISSUER_TIMEOUT_MS = 15_000;
/** How long institution data read from the chain is reused; a certificate's status never is. */
const INSTITUTION_CACHE_MS = 60_000;

/** Asks the university's server without cookies, cache or referrer: it learns nothing but the credential id. */
const fetchFromIssuer = (url: string): Promise<Response> =>
  fetch(url, {
    mode: "cors",
    credentials: "omit",
    cache: "no-store",
    referrerPolicy: "no-referrer",
    signal: AbortSignal.timeout(ISSUER_TIMEOUT_MS),
  });

/** Asks a chain node without cookies, giving up after a while. */
const fetchFromNode: RpcFetch = (url, init) =>
  fetch(url, { ...init, credentials: "omit", signal: AbortSignal.timeout(RPC_TIMEOUT_MS) });

/** The chain id the node really serves, or undefined when it cannot be reached. */
async function probeChainId(rpcUrl: string): Promise<number | undefined> {
  try {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      credentials: "omit",
      signal: AbortSignal.timeout(RPC_TIMEOUT_MS),
    });
    const body = (await response.json()) as { result?: string };
    return body.result ? Number(BigInt(body.result)) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verifies credentials for the page: from a QR link, a typed code or a document, against the chain
 * RPC and the deployments of the page's configuration. Chain reads go through core's ethers reader.
 */
export class Verifier {
  private readonly config: VerifierConfig;
  /** The chain the configured node must serve: the first trusted deployment's. */
  private readonly chainId: number | undefined;
  private readonly chainReader: VerifyOptions["chainReader"];
  private readonly nodes: ChainEndpoint[];
  /** Also reads the mirrors listed on chain, when a university's server gives no credential that checks. */
  private readonly provider: JsonRpcProvider;

  /**
   * Reads go through one provider pinned to the configured chain: ethers then neither asks the node
   * its chain before every call nor retries forever when the node is down. Which chain the node
   * really serves is asked alongside each verification instead (see {@link onChain}). Calls are not
   * batched: one slow read (the anchoring transaction's log search) would otherwise hold back the
   * reads the next checks wait for. The university record read to find its server is reused by the
   * checks (core's cached reader), so they need not wait for it again.
   */
  constructor(config: VerifierConfig) {
    this.config = config;
    this.chainId = config.deployments[0]?.chainId;
    const request = new FetchRequest(config.rpcUrl);
    request.timeout = RPC_TIMEOUT_MS;
    const network = Network.from(this.chainId);
    const provider = new JsonRpcProvider(request, network, { staticNetwork: network, batchMaxCount: 1 });
    this.provider = provider;
    // Chain facts are proven against the state root of a block every configured node agrees on.
    const nodes = [config.rpcUrl, ...(config.crossCheckRpcUrls ?? [])].map((url) =>
      httpChainEndpoint(url, fetchFromNode),
    );
    this.nodes = nodes;
    const readers = new Map<Deployment, ChainReader>();
    this.chainReader = (deployment) => {
      let reader = readers.get(deployment);
      if (!reader) {
        reader = cachedChainReader(createProofChainReader(nodes, deployment), INSTITUTION_CACHE_MS);
        readers.set(deployment, reader);
      }
      return reader;
    };
  }

  /**
   * Runs a verification while asking the node, in parallel, which chain it serves: the answer costs
   * no extra wait, and nothing a node serving another chain says is believed.
   */
  private async onChain(work: () => Promise<Outcome>): Promise<Outcome> {
    const [outcome, served] = await Promise.all([
      work().then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      ),
      probeChainId(this.config.rpcUrl),
    ]);
    if (served !== undefined && served !== this.chainId) return { kind: "chain", code: "CHAIN_MISMATCH" };
    if ("error" in outcome) throw outcome.error;
    return outcome.value;
  }

  private async verify(document: unknown, progress: Progress): Promise<Outcome> {
    progress("checks");
    const fragments = await verifyCredential(document, {
      trustedDeployments: this.config.deployments,
      chainReader: this.chainReader,
    });
    return { kind: "checked", document, fragments, makePack: () => this.makePack(document) };
  }

  /** Runs every check of core on a credential document (any JSON value), or on a verification pack. */
  checkDocument(document: unknown, progress: Progress): Promise<Outcome> {
    const pack = VerificationPack.safeParse(document);
    if (pack.success) return this.checkPack(pack.data, undefined, progress);
    return this.onChain(() => this.verify(document, progress));
  }

  /**
   * A verification pack at its block: with no network against `checkpoint` (or the configuration's
   * checkpoint of that block), else against the hash the nodes give; and against the chain now.
   */
  checkPack(pack: VerificationPack, checkpoint: string | undefined, progress: Progress): Promise<Outcome> {
    progress("checks");
    return checkPack(pack, checkpoint, {
      trustedDeployments: this.config.deployments,
      nodes: this.nodes,
      chainReader: this.chainReader,
      published: this.config.checkpoints ?? [],
      onChain: (work) => this.onChain(work),
    });
  }

  /** A verification pack of `credential`, made through the page's chain nodes at their latest block. */
  makePack(credential: unknown): Promise<VerificationPack> {
    return makePack(credential, this.nodes, this.config.deployments);
  }

  /** An uploaded file: the credential in a PDF or JSON file, else the link of the QR code it shows. */
  async checkFile(file: File, progress: Progress): Promise<Outcome> {
    progress("file");
    const content = await readCertificateFile(file);
    return content.kind === "credential"
      ? this.checkDocument(content.document, progress)
      : this.checkLink(content.text, progress);
  }

  /** A scanned QR code or an opened link: `<verifier>/v#<fragment>`, or the bare fragment. */
  async checkLink(text: string, progress: Progress): Promise<Outcome> {
    return this.checkLocator(linkLocator(text), progress);
  }

  /** The short code printed under the QR code; it carries no chain id, so the first deployment's is used. */
  async checkTypedCode(text: string, progress: Progress): Promise<Outcome> {
    if (looksLikeVerifierLink(text)) return this.checkLink(text, progress);
    return this.checkLocator(typedCodeLocator(text), progress);
  }

  /**
   * The university's server address from the chain, the credential from that server (only its id is
   * sent: the secret never leaves the browser), else from the mirrors the chain lists, then the checks.
   */
  private async checkLocator(locator: CredentialLocator, progress: Progress): Promise<Outcome> {
    const deployment = deploymentOfLocator(locator, this.config.deployments);
    return this.onChain(async () => {
      const found = await fetchLinkedCredential(locator, this.chainReader(deployment), fetchFromIssuer, {
        progress,
        mirrors: () => readMirrors(this.provider, deployment),
        verify: { trustedDeployments: this.config.deployments, chainReader: this.chainReader },
      });
      const opened = { ...locator, chainId: deployment.chainId };
      return {
        kind: "checked",
        document: found.document,
        fragments: found.fragments ?? [],
        source: found.source,
        locator: opened,
        makePack: () => this.makePack(found.document),
      };
    });
  }
}

/** Runs one verification once the page's verifier is ready; whatever stops it becomes its outcome. */
export async function outcomeOf(
  verifier: Promise<Verifier | undefined>,
  task: (ready: Verifier) => Promise<Outcome>,
): Promise<Outcome> {
  try {
    const ready = await verifier;
    if (!ready) throw new VerifierProblem<ProblemCode>("CONFIG_UNAVAILABLE");
    return await task(ready);
  } catch (error) {
    return outcomeOfError(error);
  }
}

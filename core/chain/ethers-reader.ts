import { Contract, Interface, isError } from "ethers";
import type { Provider } from "ethers";
import type { Deployment } from "../deployment";
import { ChainReadError } from "../errors";
import { CERTIFICATE_REGISTRY_ABI, ISSUER_REGISTRY_ABI } from "./abi";
import type { AnchorStatus, ChainReader, Interval, RegisteredUniversity } from "./reader";

function countryCode(bytes2: string): string {
  return String.fromCharCode(parseInt(bytes2.slice(2, 4), 16), parseInt(bytes2.slice(4, 6), 16));
}

function countryBytes(code: string): string {
  return `0x${Array.from(code, (char) => char.charCodeAt(0).toString(16).padStart(2, "0")).join("")}`;
}

const STATUS_SELECTOR = new Interface(CERTIFICATE_REGISTRY_ABI).getFunction("status")?.selector as string;
const HEX32 = /^0x[0-9a-fA-F]{64}$/;

/**
 * The call data of `status(uint32 issuer, bytes32 root, bytes32 leaf)`: three static words after the
 * selector. Built by hand because every verification makes this call, and ethers' contract encoding
 * (and decoding below) cost more than the rest of the read on the verifier's side.
 */
function encodeStatusCall(issuer: number, root: string, leaf: string): string {
  if (!Number.isInteger(issuer) || issuer < 0 || issuer > 0xffffffff) throw new RangeError("issuer is not a uint32");
  if (!HEX32.test(root) || !HEX32.test(leaf)) throw new RangeError("root and leaf must be 32-byte hex");
  return `${STATUS_SELECTOR}${issuer.toString(16).padStart(64, "0")}${root.slice(2)}${leaf.slice(2)}`;
}

/** The answer of `status`: a static tuple of seven words (bool, uint32, uint64, uint64, uint8, uint64, uint8). */
function decodeStatus(result: string): AnchorStatus {
  if (!/^0x[0-9a-fA-F]{448}$/.test(result)) throw new RangeError("the status answer is not seven words");
  // Each field fits its word's last 16 hex digits (64 bits); times in seconds stay exact in a double.
  const word = (i: number): number => {
    const hex = result.slice(2 + i * 64, 2 + (i + 1) * 64);
    if (!/^0{48}/.test(hex)) throw new RangeError("a status field is out of range");
    return parseInt(hex.slice(48), 16);
  };
  return {
    anchored: word(0) !== 0,
    count: word(1),
    anchoredAt: word(2),
    leafRevokedAt: word(3),
    leafReason: word(4),
    batchRevokedAt: word(5),
    batchReason: word(6),
  };
}

/**
 * A {@link ChainReader} over an ethers v6 provider. Before the first read it checks that the node
 * serves the deployment's chain, so a verifier pointed at the wrong network cannot be fooled by it.
 */
export function createEthersChainReader(provider: Provider, deployment: Deployment): ChainReader {
  const issuers = new Contract(deployment.issuerRegistry, ISSUER_REGISTRY_ABI, provider);
  const certificates = new Contract(deployment.certificateRegistry, CERTIFICATE_REGISTRY_ABI, provider);
  let chainChecked: Promise<void> | undefined;

  const checkChain = async (): Promise<void> => {
    const { chainId } = await provider.getNetwork();
    if (Number(chainId) !== deployment.chainId) {
      throw new ChainReadError("CHAIN_MISMATCH", `the node serves chain ${chainId}, not ${deployment.chainId}`);
    }
  };

  async function read<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      chainChecked ??= checkChain().catch((error: unknown) => {
        chainChecked = undefined;
        throw error;
      });
      await chainChecked;
      return await call();
    } catch (error) {
      if (error instanceof ChainReadError) throw error;
      throw new ChainReadError("CHAIN_UNREACHABLE", `could not read ${what} from the chain`, { cause: error });
    }
  }

  const toIntervals = (raw: { from: bigint; until: bigint }[]): Interval[] =>
    raw.map((interval) => ({ from: Number(interval.from), until: Number(interval.until) }));

  return {
    status: (issuer, root, leaf) =>
      read("the certificate status", async () =>
        decodeStatus(
          await provider.call({ to: deployment.certificateRegistry, data: encodeStatusCall(issuer, root, leaf) }),
        ),
      ),
    anchorTransaction: (issuer, root) =>
      read("the anchoring transaction", async () => {
        const logs = await certificates.queryFilter(
          certificates.getEvent("Anchored")(issuer, root),
          deployment.deploymentBlock,
        );
        const log = logs[0];
        return log ? { blockNumber: log.blockNumber, transactionHash: log.transactionHash } : undefined;
      }),
    university: (id) =>
      read("the university", async (): Promise<RegisteredUniversity | undefined> => {
        try {
          const u = await issuers.getFunction("university")(id);
          return {
            id: Number(u.id),
            country: countryCode(u.country),
            operator: u.operator,
            names: { ar: u.names.ar, en: u.names.en, fr: u.names.fr },
            url: u.url,
            accredited: u.accredited,
          };
        } catch (error) {
          if (isError(error, "CALL_EXCEPTION") && error.revert?.name === "IssuerRegistryUnknownUniversity")
            return undefined;
          throw error;
        }
      }),
    ministry: (country) =>
      read("the ministry", async () => {
        const m = await issuers.getFunction("ministry")(countryBytes(country));
        if (/^0x0{40}$/.test(m.account)) return undefined;
        return { account: m.account, names: { ar: m.names.ar, en: m.names.en, fr: m.names.fr } };
      }),
    accreditationHistory: (id) =>
      read("the accreditation history", async () => toIntervals(await issuers.getFunction("accreditationHistory")(id))),
    wasAccreditedAt: (id, timestamp) =>
      read("the accreditation", async () => (await issuers.getFunction("wasAccreditedAt")(id, timestamp)) as boolean),
    wasSignerAt: (id, key, timestamp) =>
      read("the signer key", async () => (await issuers.getFunction("wasSignerAt")(id, key, timestamp)) as boolean),
  };
}

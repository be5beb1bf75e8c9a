import { Interface } from "ethers";
import type { EventFragment, Result } from "ethers";
import type { LocalizedText } from "../../core";
import { AuditError } from "./errors";
import type { RawLog } from "./logs";

/**
 * Every event of the two registries, in human-readable form. The indexer rebuilds the registries'
 * state from these alone, so `test/audit/events.test.ts` checks that each line matches the compiled
 * contracts and that no compiled event is missing here.
 */
export const ISSUER_REGISTRY_EVENTS = [
  "event MinistryRegistered(bytes2 indexed country, address indexed account, tuple(string ar, string en, string fr) names)",
  "event MinistryRemoved(bytes2 indexed country, address indexed account)",
  "event CertificateRegistryConnected(address indexed certificateRegistry)",
  "event UniversityAccredited(uint32 indexed id, bytes2 indexed country, address indexed operator, tuple(string ar, string en, string fr) names, string url)",
  "event UniversitySuspended(uint32 indexed id, bytes2 indexed country, string reason)",
  "event UniversityReinstated(uint32 indexed id, bytes2 indexed country)",
  "event UniversityUrlChanged(uint32 indexed id, string url)",
  "event SignerAdded(uint32 indexed id, address indexed key, uint64 validFrom, uint64 validUntil)",
  "event SignerRevoked(uint32 indexed id, address indexed key, uint64 revokedFrom)",
  "event MirrorPublished(address indexed publisher, bytes2 indexed country, string url)",
  "event MirrorWithdrawn(address indexed publisher, bytes2 indexed country)",
  "event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner)",
  "event OwnershipTransferred(address indexed previousOwner, address indexed newOwner)",
] as const;

export const CERTIFICATE_REGISTRY_EVENTS = [
  "event Anchored(uint32 indexed issuer, bytes32 indexed root, uint32 count)",
  "event Revoked(uint32 indexed issuer, bytes32 indexed root, bytes32 indexed leaf, uint8 reason, address by)",
  "event BatchRevoked(uint32 indexed issuer, bytes32 indexed root, uint8 reason, address by)",
  "event AnchoringRightChanged(address indexed operator, uint32 indexed issuer, bool allowed)",
] as const;

/** Typed reads of a decoded event's arguments; every integer of these events fits in a JS number. */
class Args {
  constructor(private readonly result: Result) {}

  text(name: string): string {
    return String(this.result.getValue(name));
  }

  number(name: string): number {
    return Number(this.result.getValue(name));
  }

  flag(name: string): boolean {
    return Boolean(this.result.getValue(name));
  }

  /** A `bytes2` ISO 3166-1 code such as 0x4a4f, as the letters "JO". */
  country(name: string): string {
    const hex = this.text(name);
    return String.fromCharCode(parseInt(hex.slice(2, 4), 16), parseInt(hex.slice(4, 6), 16));
  }

  names(name: string): LocalizedText {
    const names = this.result.getValue(name) as Result;
    return { ar: String(names.getValue("ar")), en: String(names.getValue("en")), fr: String(names.getValue("fr")) };
  }
}

const DECODERS = {
  MinistryRegistered: (a: Args) => ({
    country: a.country("country"),
    account: a.text("account"),
    names: a.names("names"),
  }),
  MinistryRemoved: (a: Args) => ({ country: a.country("country"), account: a.text("account") }),
  CertificateRegistryConnected: (a: Args) => ({ certificateRegistry: a.text("certificateRegistry") }),
  UniversityAccredited: (a: Args) => ({
    id: a.number("id"),
    country: a.country("country"),
    operator: a.text("operator"),
    names: a.names("names"),
    url: a.text("url"),
  }),
  UniversitySuspended: (a: Args) => ({ id: a.number("id"), country: a.country("country"), reason: a.text("reason") }),
  UniversityReinstated: (a: Args) => ({ id: a.number("id"), country: a.country("country") }),
  UniversityUrlChanged: (a: Args) => ({ id: a.number("id"), url: a.text("url") }),
  SignerAdded: (a: Args) => ({
    id: a.number("id"),
    key: a.text("key"),
    validFrom: a.number("validFrom"),
    validUntil: a.number("validUntil"),
  }),
  SignerRevoked: (a: Args) => ({ id: a.number("id"), key: a.text("key"), revokedFrom: a.number("revokedFrom") }),
  MirrorPublished: (a: Args) => ({ publisher: a.text("publisher"), url: a.text("url") }),
  MirrorWithdrawn: (a: Args) => ({ publisher: a.text("publisher") }),
  OwnershipTransferStarted: (a: Args) => ({ previousOwner: a.text("previousOwner"), newOwner: a.text("newOwner") }),
  OwnershipTransferred: (a: Args) => ({ previousOwner: a.text("previousOwner"), newOwner: a.text("newOwner") }),
  Anchored: (a: Args) => ({ root: a.text("root"), issuer: a.number("issuer"), count: a.number("count") }),
  Revoked: (a: Args) => ({
    issuer: a.number("issuer"),
    root: a.text("root"),
    leaf: a.text("leaf"),
    reason: a.number("reason"),
    by: a.text("by"),
  }),
  BatchRevoked: (a: Args) => ({
    root: a.text("root"),
    issuer: a.number("issuer"),
    reason: a.number("reason"),
    by: a.text("by"),
  }),
  AnchoringRightChanged: (a: Args) => ({
    operator: a.text("operator"),
    issuer: a.number("issuer"),
    allowed: a.flag("allowed"),
  }),
};

export type EventName = keyof typeof DECODERS;

/** One registry event with its arguments, discriminated by `name`. */
export type RegistryEvent = { [K in EventName]: { name: K } & ReturnType<(typeof DECODERS)[K]> }[EventName];

/** A decoded event and where it stands on the chain. */
export interface DecodedLog {
  registry: "issuer" | "certificate";
  blockNumber: number;
  blockHash: string;
  transactionHash: string;
  logIndex: number;
  event: RegistryEvent;
}

/** Each registry's interface and its events by topic: `Interface.parseLog` hashes every event signature on every call. */
const REGISTRIES = Object.fromEntries(
  (
    [
      ["issuer", ISSUER_REGISTRY_EVENTS],
      ["certificate", CERTIFICATE_REGISTRY_EVENTS],
    ] as const
  ).map(([registry, events]) => {
    const abi = new Interface(events);
    const byTopic = new Map<string, EventFragment>();
    abi.forEachEvent((fragment) => byTopic.set(fragment.topicHash, fragment));
    return [registry, { abi, byTopic }];
  }),
) as Record<DecodedLog["registry"], { abi: Interface; byTopic: Map<string, EventFragment> }>;

/**
 * Decodes a log of one of the registries. A log these ABIs do not describe stops the indexer: an
 * audit that silently skipped events would report wrong figures.
 */
export function decodeLog(log: RawLog, registry: DecodedLog["registry"]): DecodedLog {
  const { abi, byTopic } = REGISTRIES[registry];
  const fragment = byTopic.get(log.topics[0] ?? "");
  if (!fragment) {
    throw new AuditError(
      "AUDIT_UNKNOWN_EVENT",
      `unknown event in block ${log.blockNumber} of the ${registry} registry`,
      {
        details: { transactionHash: log.transactionHash, logIndex: log.index, topic: log.topics[0] },
      },
    );
  }
  const name = fragment.name as EventName;
  const event = {
    name,
    ...DECODERS[name](new Args(abi.decodeEventLog(fragment, log.data, [...log.topics]))),
  } as RegistryEvent;
  return {
    registry,
    blockNumber: log.blockNumber,
    blockHash: log.blockHash,
    transactionHash: log.transactionHash,
    logIndex: log.index,
    event,
  };
}

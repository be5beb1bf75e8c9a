import { Interface, Wallet, id, isCallException } from "ethers";
import type { ContractTransactionResponse, JsonRpcSigner } from "ethers";
import { afterAll, beforeAll, describe, it } from "vitest";
import { CertificateRegistry__factory, IssuerRegistry__factory } from "../../typechain-types";
import { startTestChain } from "../helpers/chain";
import type { TestChain } from "../helpers/chain";
import { expectMatrix, setCell } from "./matrix";
import type { Matrix } from "./matrix";

/** The on-chain roles, named from the point of view of the University of Jordan (UJ), the subject of every call. */
const ROLES = [
  "authority",
  "JO ministry",
  "EG ministry",
  "UJ operator",
  "Yarmouk operator",
  "Cairo operator",
  "no role",
] as const;
type RoleName = (typeof ROLES)[number];

const JO = "0x4a4f";
const EG = "0x4547";
const TN = "0x544e";
const names = (name: string) => ({ ar: `${name} (ar)`, en: name, fr: `${name} (fr)` });
/** A batch anchored by UJ, and one of its certificates. */
const ROOT = id("University of Jordan, June batch");
const LEAF = id("a certificate of that batch");

interface World {
  chain: TestChain;
  as: Record<RoleName, JsonRpcSigner>;
  ujId: number;
  ujSigner: string;
}

interface ContractFunction {
  name: string;
  /** The roles that may call it: on UJ's records, in its own country, or for themselves. */
  allowed: readonly RoleName[];
  /** State the call needs, put in place by the role that may do so. */
  setup?(w: World): Promise<unknown>;
  /** A transaction; or none for renounceOwnership, a view that only ever reverts. */
  call(w: World, by: JsonRpcSigner): Promise<ContractTransactionResponse | undefined>;
}

const issuerRegistry = (w: World, by: JsonRpcSigner) => w.chain.issuerRegistry.connect(by);
const certificateRegistry = (w: World, by: JsonRpcSigner) => w.chain.certificateRegistry.connect(by);
const fresh = (): string => Wallet.createRandom().address;
const OPERATORS: readonly RoleName[] = ["UJ operator", "Yarmouk operator", "Cairo operator"];
const UJ_REVOKERS: readonly RoleName[] = ["UJ operator", "JO ministry"];

/** Every state-changing function of both registries. */
const FUNCTIONS: ContractFunction[] = [
  {
    name: "IssuerRegistry.registerMinistry(TN)",
    allowed: ["authority"],
    call: (w, by) => issuerRegistry(w, by).registerMinistry(TN, fresh(), names("Tunisian ministry")),
  },
  {
    name: "IssuerRegistry.removeMinistry(JO)",
    allowed: ["authority"],
    call: (w, by) => issuerRegistry(w, by).removeMinistry(JO),
  },
  {
    name: "IssuerRegistry.connectCertificateRegistry (new registry)",
    allowed: ["authority"],
    call: async (w, by) => {
      const unconnected = await new IssuerRegistry__factory(w.as.authority).deploy(w.as.authority.address);
      return unconnected.connect(by).connectCertificateRegistry(fresh());
    },
  },
  {
    name: "IssuerRegistry.transferOwnership",
    allowed: ["authority"],
    call: (w, by) => issuerRegistry(w, by).transferOwnership(fresh()),
  },
  {
    name: "IssuerRegistry.acceptOwnership (offered to another)",
    allowed: [],
    setup: async (w) => (await issuerRegistry(w, w.as.authority).transferOwnership(fresh())).wait(),
    call: (w, by) => issuerRegistry(w, by).acceptOwnership(),
  },
  {
    name: "IssuerRegistry.renounceOwnership",
    allowed: [],
    call: async (w, by) => void (await issuerRegistry(w, by).renounceOwnership()),
  },
  {
    name: "IssuerRegistry.accreditUniversity (in own country)",
    allowed: ["JO ministry", "EG ministry"],
    call: (w, by) => issuerRegistry(w, by).accreditUniversity(fresh(), names("New University"), "https://new.example"),
  },
  {
    name: "IssuerRegistry.suspendUniversity(UJ)",
    allowed: ["JO ministry"],
    call: (w, by) => issuerRegistry(w, by).suspendUniversity(w.ujId, "inspection"),
  },
  {
    name: "IssuerRegistry.reinstateUniversity(UJ)",
    allowed: ["JO ministry"],
    setup: async (w) => (await issuerRegistry(w, w.as["JO ministry"]).suspendUniversity(w.ujId, "inspection")).wait(),
    call: (w, by) => issuerRegistry(w, by).reinstateUniversity(w.ujId),
  },
  {
    name: "IssuerRegistry.setUniversityUrl (own)",
    allowed: OPERATORS,
    call: (w, by) => issuerRegistry(w, by).setUniversityUrl("https://moved.example"),
  },
  {
    name: "IssuerRegistry.addSigner (own)",
    allowed: OPERATORS,
    call: (w, by) => issuerRegistry(w, by).addSigner(fresh(), 0, 0),
  },
  {
    name: "IssuerRegistry.revokeSigner (UJ's key)",
    allowed: ["UJ operator"],
    call: (w, by) => issuerRegistry(w, by).revokeSigner(w.ujSigner, 0),
  },
  {
    name: "CertificateRegistry.setAnchoringRight",
    allowed: [],
    call: (w, by) => certificateRegistry(w, by).setAnchoringRight(by.address, w.ujId, true),
  },
  {
    name: "CertificateRegistry.anchor (own)",
    allowed: OPERATORS,
    call: (w, by) => certificateRegistry(w, by).anchor(id(`new batch ${Math.random()}`), 1),
  },
  {
    name: "CertificateRegistry.revoke (UJ's batch)",
    allowed: UJ_REVOKERS,
    call: (w, by) => certificateRegistry(w, by).revoke(w.ujId, ROOT, LEAF, 2),
  },
  {
    name: "CertificateRegistry.revokeMany (UJ's batch)",
    allowed: UJ_REVOKERS,
    call: (w, by) => certificateRegistry(w, by).revokeMany(w.ujId, ROOT, [LEAF], 2),
  },
  {
    name: "CertificateRegistry.revokeBatch (UJ's batch)",
    allowed: UJ_REVOKERS,
    call: (w, by) => certificateRegistry(w, by).revokeBatch(w.ujId, ROOT, 1),
  },
];

const ERRORS = new Interface(
  [...IssuerRegistry__factory.abi, ...CertificateRegistry__factory.abi].filter((fragment) => fragment.type === "error"),
);

/** "ok", or "refused: <custom error>" without its contract prefix. */
async function outcome(send: () => Promise<ContractTransactionResponse | undefined>): Promise<string> {
  try {
    await (await send())?.wait();
    return "ok";
  } catch (error) {
    if (!isCallException(error)) throw error;
    const name = error.data ? ERRORS.parseError(error.data)?.name : undefined;
    return `refused: ${(name ?? error.shortMessage).replace(/^(IssuerRegistry|CertificateRegistry)/, "")}`;
  }
}

describe("authorization matrix on chain: every contract function × every role × own/other country", () => {
  let w: World;

  beforeAll(async () => {
    const chain = await startTestChain();
    const accounts = await Promise.all(ROLES.map((_, i) => chain.account(i)));
    const as = Object.fromEntries(ROLES.map((role, i) => [role, accounts[i]!])) as Record<RoleName, JsonRpcSigner>;
    const send = async (tx: Promise<ContractTransactionResponse>) => (await tx).wait();
    await send(
      chain.issuerRegistry
        .connect(as.authority)
        .registerMinistry(JO, as["JO ministry"].address, names("Jordanian ministry")),
    );
    await send(
      chain.issuerRegistry
        .connect(as.authority)
        .registerMinistry(EG, as["EG ministry"].address, names("Egyptian ministry")),
    );
    for (const [ministry, operator] of [
      ["JO ministry", "UJ operator"],
      ["JO ministry", "Yarmouk operator"],
      ["EG ministry", "Cairo operator"],
    ] as const) {
      await send(
        chain.issuerRegistry
          .connect(as[ministry])
          .accreditUniversity(as[operator].address, names(operator), "https://university.example"),
      );
    }
    const ujSigner = fresh();
    await send(chain.issuerRegistry.connect(as["UJ operator"]).addSigner(ujSigner, 0, 0));
    await send(chain.certificateRegistry.connect(as["UJ operator"]).anchor(ROOT, 10));
    w = { chain, as, ujId: Number(await chain.issuerRegistry.universityOf(as["UJ operator"].address)), ujSigner };
  });
  afterAll(async () => w?.chain.stop());

  it("lets only the allowed roles change anything, on both registries", async () => {
    const expected: Matrix = new Map();
    const actual: Matrix = new Map();
    for (const fn of FUNCTIONS) {
      for (const role of ROLES) {
        // Each cell starts from the same world: a snapshot of the node, restored afterwards.
        const snapshot = (await w.chain.provider.send("evm_snapshot", [])) as string;
        try {
          await fn.setup?.(w);
          setCell(expected, fn.name, role, fn.allowed.includes(role) ? "ok" : "refused");
          setCell(actual, fn.name, role, await outcome(() => fn.call(w, w.as[role])));
        } finally {
          await w.chain.provider.send("evm_revert", [snapshot]);
        }
      }
    }
    expectMatrix(
      "Contract authorization (outcome per function and caller; the subject is the University of Jordan, JO)",
      expected,
      actual,
      (want, got) => (want === "refused" ? got.startsWith("refused") : want === got),
    );
  }, 120_000);
});

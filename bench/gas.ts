/**
 * Gas benchmark: what deploying, anchoring and revoking cost, measured from the receipts of one run
 * on the in-process Hardhat network, next to a naive design that registers each certificate hash in
 * its own transaction (bench/NaiveCertificateRegistry.sol).
 *
 * Run: npm run bench:gas
 */
import path from "node:path";
import hre from "hardhat";
import { ContractFactory, getBytes, hexlify, randomBytes, toUtf8Bytes } from "ethers";
import type { BaseContract, Signer, TransactionReceipt } from "ethers";
import { deployRegistries } from "../scripts/lib/registries";
import type { DeployedRegistries } from "../scripts/lib/registries";
import type { CertificateRegistry } from "../typechain-types";
import { compileStandalone } from "./lib/solc";
import { formatNumber, renderTable, verdict } from "./lib/table";
import type { Table } from "./lib/table";

/** Batch sizes to anchor; the size only travels as the `count` argument. */
const BATCH_SIZES = [1, 100, 10_000];
const REVOKE_MANY_LEAVES = 100;
/** Certificates registered one transaction each with the naive design (each size measured separately). */
const NAIVE_MEASURED = [1, 100];
/** Certificates for which the naive cost is extrapolated from its measured cost per certificate. */
const NAIVE_EXTRAPOLATED = 10_000;

const ANCHOR_TARGET = 50_000;
const REVOKE_MANY_TARGET_PER_LEAF = 26_000;

/** CertificateRegistry.REASON_WITHDRAWN. */
const REASON_WITHDRAWN = 3;
const JORDAN = hexlify(toUtf8Bytes("JO"));
const MINISTRY_NAMES = {
  ar: "وزارة التعليم العالي والبحث العلمي",
  en: "Ministry of Higher Education and Scientific Research",
  fr: "Ministère de l'Enseignement supérieur et de la Recherche scientifique",
};
const UNIVERSITY_NAMES = { ar: "الجامعة الأردنية", en: "The University of Jordan", fr: "Université de Jordanie" };
const UNIVERSITY_URL = "https://certificates.ju.edu.jo";

interface World {
  registries: DeployedRegistries;
  authority: Signer;
  operator: Signer;
  universityId: number;
}

interface Anchored {
  count: number;
  root: string;
  gas: number;
  /** Intrinsic cost of the transaction's data bytes: the only part that depends on the arguments. */
  calldataGas: number;
}

interface Revocation {
  call: string;
  /** Certificates the call revokes. */
  certificates: number;
  gas: number;
  targetPerCertificate?: number;
}

interface Naive {
  deployGas: number;
  /** Gas of `certificates` register transactions, summed. */
  measured: { certificates: number; gas: number }[];
  /** Average over the largest measured count. */
  perCertificate: { gas: number; averagedOver: number };
}

interface Measurements {
  deployment: { label: string; gas: number }[];
  anchors: Anchored[];
  revocations: Revocation[];
  naive: Naive;
}

// ───────────────────────────── transactions ─────────────────────────────

interface Mineable {
  wait(): Promise<TransactionReceipt | null>;
}

async function mined(sent: Mineable | null | Promise<Mineable | null>): Promise<TransactionReceipt> {
  const receipt = await (await sent)?.wait();
  if (!receipt) throw new Error("transaction was not mined");
  return receipt;
}

async function gasUsed(sent: Mineable | null | Promise<Mineable | null>): Promise<number> {
  return Number((await mined(sent)).gasUsed);
}

/** EIP-2028: 4 gas per zero byte and 16 per non-zero byte of transaction data. */
function calldataGas(data: string): number {
  return getBytes(data).reduce((sum, byte) => sum + (byte === 0 ? 4 : 16), 0);
}

function randomHash(): string {
  return hexlify(randomBytes(32));
}

// ───────────────────────────── measurements ─────────────────────────────

/** The authority deploys the registries, registers Jordan's ministry, which accredits a university. */
async function setUpWorld(): Promise<World> {
  const [authority, ministry, operator] = await hre.ethers.getSigners();
  if (!authority || !ministry || !operator) throw new Error("the Hardhat network needs three accounts");
  const registries = await deployRegistries(authority);
  const issuers = registries.issuerRegistry;
  await mined(issuers.connect(authority).registerMinistry(JORDAN, ministry.address, MINISTRY_NAMES));
  await mined(issuers.connect(ministry).accreditUniversity(operator.address, UNIVERSITY_NAMES, UNIVERSITY_URL));
  const universityId = Number(await issuers.universityOf(operator.address));
  return { registries, authority, operator, universityId };
}

async function measureDeployment({ issuerRegistry, certificateRegistry, deploymentBlock }: DeployedRegistries) {
  const [connection] = await issuerRegistry.queryFilter(
    issuerRegistry.filters.CertificateRegistryConnected(),
    deploymentBlock,
  );
  if (!connection) throw new Error("the registries were not connected");
  return [
    { label: "deploy IssuerRegistry", gas: await gasUsed(issuerRegistry.deploymentTransaction()) },
    { label: "deploy CertificateRegistry", gas: await gasUsed(certificateRegistry.deploymentTransaction()) },
    { label: "IssuerRegistry.connectCertificateRegistry", gas: await gasUsed(connection.getTransaction()) },
  ];
}

async function anchorBatches(registry: CertificateRegistry): Promise<Anchored[]> {
  const anchors: Anchored[] = [];
  for (const count of BATCH_SIZES) {
    const root = randomHash();
    const sent = await registry.anchor(root, count);
    anchors.push({ count, root, gas: await gasUsed(sent), calldataGas: calldataGas(sent.data) });
  }
  return anchors;
}

/** Revokes one leaf of the first batch, many leaves of the second and the whole third batch. */
async function revokeInBatches(
  registry: CertificateRegistry,
  universityId: number,
  [single, many, whole]: Anchored[],
): Promise<Revocation[]> {
  if (!single || !many || !whole) throw new Error("three anchored batches are needed");
  const leaves = Array.from({ length: REVOKE_MANY_LEAVES }, randomHash);
  const revokeGas = await gasUsed(registry.revoke(universityId, single.root, randomHash(), REASON_WITHDRAWN));
  const revokeManyGas = await gasUsed(registry.revokeMany(universityId, many.root, leaves, REASON_WITHDRAWN));
  const revokeBatchGas = await gasUsed(registry.revokeBatch(universityId, whole.root, REASON_WITHDRAWN));
  return [
    { call: "revoke (1 leaf)", certificates: 1, gas: revokeGas },
    {
      call: `revokeMany (${REVOKE_MANY_LEAVES} leaves)`,
      certificates: REVOKE_MANY_LEAVES,
      gas: revokeManyGas,
      targetPerCertificate: REVOKE_MANY_TARGET_PER_LEAF,
    },
    { call: `revokeBatch (batch of ${formatNumber(whole.count)})`, certificates: whole.count, gas: revokeBatchGas },
  ];
}

/** Deploys the naive registry, lets the operator register, and registers each measured count. */
async function measureNaive({ authority, operator, universityId }: World): Promise<Naive> {
  const compiler = hre.config.solidity.compilers[0];
  if (!compiler) throw new Error("hardhat.config.ts configures no compiler");
  const source = path.join(__dirname, "NaiveCertificateRegistry.sol");
  const { abi, bytecode } = compileStandalone(source, "NaiveCertificateRegistry", compiler);
  const naive: BaseContract = await new ContractFactory(abi, bytecode, authority).deploy(await authority.getAddress());
  const deployGas = await gasUsed(naive.deploymentTransaction());
  await mined(naive.getFunction("setIssuer").send(await operator.getAddress(), universityId));
  const register = naive.connect(operator).getFunction("register");
  const measured = [];
  for (const certificates of NAIVE_MEASURED) {
    let gas = 0;
    for (let i = 0; i < certificates; i++) gas += await gasUsed(register.send(randomHash()));
    measured.push({ certificates, gas });
  }
  const largest = measured.reduce((a, b) => (b.certificates > a.certificates ? b : a));
  const perCertificate = { gas: largest.gas / largest.certificates, averagedOver: largest.certificates };
  return { deployGas, measured, perCertificate };
}

async function measure(): Promise<Measurements> {
  const world = await setUpWorld();
  const operatorRegistry = world.registries.certificateRegistry.connect(world.operator);
  const anchors = await anchorBatches(operatorRegistry);
  return {
    deployment: await measureDeployment(world.registries),
    anchors,
    revocations: await revokeInBatches(operatorRegistry, world.universityId, anchors),
    naive: await measureNaive(world),
  };
}

// ───────────────────────────── report ─────────────────────────────

function deploymentTable({ deployment }: Measurements): Table {
  const total = deployment.reduce((sum, { gas }) => sum + gas, 0);
  return {
    title: "Deployment (authority)",
    columns: [{ header: "transaction" }, { header: "gas", align: "right" }],
    rows: [...deployment, { label: "total", gas: total }].map(({ label, gas }) => [label, formatNumber(gas)]),
  };
}

function anchorTable({ anchors }: Measurements): Table {
  const withoutCalldata = new Set(anchors.map(({ gas, calldataGas }) => gas - calldataGas));
  const spread = Math.max(...anchors.map(({ gas }) => gas)) - Math.min(...anchors.map(({ gas }) => gas));
  return {
    title: "anchor(root, count) (university operator, one transaction per batch, random root)",
    columns: [
      { header: "certificates in batch", align: "right" },
      { header: "gas", align: "right" },
      { header: "calldata gas", align: "right" },
      { header: "gas - calldata", align: "right" },
      { header: "gas per certificate", align: "right" },
      { header: `target <= ${formatNumber(ANCHOR_TARGET)}` },
    ],
    rows: anchors.map(({ count, gas, calldataGas }) => [
      formatNumber(count),
      formatNumber(gas),
      formatNumber(calldataGas),
      formatNumber(gas - calldataGas),
      formatNumber(gas / count),
      verdict(gas <= ANCHOR_TARGET),
    ]),
    notes: [
      `Spread across batch sizes: ${formatNumber(spread)} gas. Without the calldata bytes (zero bytes of the`,
      `random root and of count cost 4, others 16) the cost is ${
        withoutCalldata.size === 1 ? "identical" : "NOT identical"
      } for every batch size.`,
    ],
  };
}

function meetsTarget({ gas, certificates, targetPerCertificate }: Revocation): boolean {
  return targetPerCertificate === undefined || gas / certificates <= targetPerCertificate;
}

function revocationTable({ revocations }: Measurements): Table {
  return {
    title: "Revocation (university operator)",
    columns: [
      { header: "call" },
      { header: "gas", align: "right" },
      { header: "gas per certificate", align: "right" },
      { header: "target per certificate" },
    ],
    rows: revocations.map((revocation) => [
      revocation.call,
      formatNumber(revocation.gas),
      formatNumber(revocation.gas / revocation.certificates),
      revocation.targetPerCertificate === undefined
        ? ""
        : `<= ${formatNumber(revocation.targetPerCertificate)}: ${verdict(meetsTarget(revocation))}`,
    ]),
  };
}

function naiveTable({ anchors, naive }: Measurements): Table {
  const anchorGas = (certificates: number) => anchors.find(({ count }) => count === certificates)?.gas;
  const rows = [
    ...naive.measured.map(({ certificates, gas }) => ({ certificates, gas, how: "measured" })),
    {
      certificates: NAIVE_EXTRAPOLATED,
      gas: naive.perCertificate.gas * NAIVE_EXTRAPOLATED,
      how: `extrapolated: ${formatNumber(naive.perCertificate.gas)} x ${formatNumber(NAIVE_EXTRAPOLATED)}`,
    },
  ];
  return {
    title: "Naive design: NaiveCertificateRegistry.register(hash), one transaction per certificate",
    columns: [
      { header: "certificates", align: "right" },
      { header: "naive gas (summed)", align: "right" },
      { header: "naive" },
      { header: "anchored gas (1 anchor)", align: "right" },
      { header: "naive / anchored", align: "right" },
    ],
    rows: rows.map(({ certificates, gas, how }) => {
      const anchored = anchorGas(certificates);
      return [
        formatNumber(certificates),
        formatNumber(gas),
        how,
        anchored === undefined ? "" : formatNumber(anchored),
        anchored === undefined ? "" : `${formatNumber(gas / anchored)} x`,
      ];
    }),
    notes: [
      `Naive gas per certificate: ${formatNumber(naive.perCertificate.gas)} ` +
        `(average of the ${formatNumber(naive.perCertificate.averagedOver)} measured transactions).`,
      `Deploying NaiveCertificateRegistry: ${formatNumber(naive.deployGas)} gas (not counted above).`,
    ],
  };
}

function targetSummary({ anchors, revocations }: Measurements): string {
  const highestAnchor = Math.max(...anchors.map(({ gas }) => gas));
  const revocationTargets = revocations.filter((revocation) => revocation.targetPerCertificate !== undefined);
  return [
    "Targets",
    "",
    `- anchor <= ${formatNumber(ANCHOR_TARGET)} gas whatever the batch size: ` +
      `${verdict(highestAnchor <= ANCHOR_TARGET)} (highest ${formatNumber(highestAnchor)})`,
    ...revocationTargets.map(
      (revocation) =>
        `- ${revocation.call} <= ${formatNumber(revocation.targetPerCertificate ?? 0)} gas per leaf: ` +
        `${verdict(meetsTarget(revocation))} (${formatNumber(revocation.gas / revocation.certificates)} per leaf)`,
    ),
  ].join("\n");
}

function header(): string {
  const compiler = hre.config.solidity.compilers[0];
  const { optimizer, evmVersion } = compiler?.settings ?? {};
  return [
    `Gas benchmark (bench/gas), ${new Date().toISOString().slice(0, 10)}`,
    `Network: in-process Hardhat, hardfork ${hre.config.networks.hardhat.hardfork}; solc ${compiler?.version}, ` +
      `optimizer ${JSON.stringify(optimizer)}, evmVersion ${evmVersion}`,
  ].join("\n");
}

async function main(): Promise<void> {
  const measurements = await measure();
  const tables = [deploymentTable, anchorTable, revocationTable, naiveTable].map((table) =>
    renderTable(table(measurements)),
  );
  console.log([header(), ...tables, targetSummary(measurements)].join("\n\n"));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

import type { Browser } from "playwright-core";
import { Credential } from "../../core";
import type { CredentialSubject } from "../../core";
import { launchChromium } from "./browser";
import type { TestChain, TestUniversity } from "./chain";
import { fixtureGraduates } from "./graduates";
import { confirmedCertificate } from "./server";
import type { Api, TestServer } from "./server";
import { startServerWorld } from "./server-world";
import type { ServerWorld, ServerWorldOptions } from "./server-world";
import { buildWebPages } from "./web";

export interface IssuedCertificate {
  id: string;
  credential: Credential;
  /** What follows `#` in the QR code's link. */
  fragment: string;
  verifierUrl: string;
  shortCode: string;
}

/** A Hardhat node, an accredited university and its real issuance server, which also serves the verifier. */
export interface VerifierWorld {
  chain: TestChain;
  university: TestUniversity;
  server: TestServer;
  registrar: Api;
  /** The verifier page as the issuance server serves it. */
  pageUrl: string;
  /** Issues one certificate through the server's API and waits until it is anchored. */
  issue(subject: CredentialSubject): Promise<IssuedCertificate>;
  stop(): Promise<void>;
}

const REGISTRAR = "registrar@ju.edu.jo";

/**
 * `mirrors`: the server pushes to the mirrors the registry lists; `audit`: it serves the audit API
 * (`TestServerOptions`); `staff`: more staff members beside the registrar.
 */
export async function startVerifierWorld(
  options: Pick<ServerWorldOptions, "mirrors" | "audit" | "staff"> = {},
): Promise<VerifierWorld> {
  const webDist = await buildWebPages();
  const { staff = [], ...serverOptions } = options;
  const base = await startServerWorld({
    staff: [{ university: 0, email: REGISTRAR, role: "registrar" }, ...staff],
    webDist,
    ...serverOptions,
  });
  try {
    const [university] = base.universities as [TestUniversity];
    // The chain tells every verifier where this university's issuance server is.
    await (await base.chain.issuerRegistry.connect(university.operator).setUniversityUrl(base.server.url)).wait();
    return world(base, university);
  } catch (error) {
    await base.stop();
    throw error;
  }
}

function world(base: ServerWorld, university: TestUniversity): VerifierWorld {
  const { chain, server } = base;
  const [registrar] = base.staff as [Api];
  return {
    chain,
    university,
    server,
    registrar,
    pageUrl: `${server.url}/v`,
    async issue(subject) {
      const issued = await registrar("POST", "/api/certificates", { subject });
      if (issued.status !== 202) throw new Error(`issuance refused: ${JSON.stringify(issued.body)}`);
      const record = await confirmedCertificate(registrar, issued.body.id, 20_000);
      const verifierUrl = record.verifierUrl as string;
      return {
        id: issued.body.id,
        credential: Credential.parse(record.credential),
        fragment: verifierUrl.slice(verifierUrl.indexOf("#") + 1),
        verifierUrl,
        shortCode: record.shortCode,
      };
    },
    stop: () => base.stop(),
  };
}

/**
 * For scripts (screenshots, benchmarks): a verifier world, headless Chromium and one freshly issued
 * certificate of the first sample graduate, all stopped once `use` is done.
 */
export async function withIssuedCertificate<T>(
  use: (setup: { world: VerifierWorld; browser: Browser; certificate: IssuedCertificate }) => Promise<T>,
): Promise<T> {
  const [graduate] = fixtureGraduates();
  if (!graduate) throw new Error("no sample graduates");
  const world = await startVerifierWorld();
  try {
    const browser = await launchChromium();
    try {
      return await use({ world, browser, certificate: await world.issue(graduate) });
    } finally {
      await browser.close();
    }
  } finally {
    await world.stop();
  }
}

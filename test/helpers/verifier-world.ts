import type { Browser } from "playwright-core";
import { Credential } from "../../core";
import type { CredentialSubject } from "../../core";
import { launchChromium } from "./browser";
import { accreditUniversity, startTestChain } from "./chain";
import type { TestChain, TestUniversity } from "./chain";
import { fixtureGraduates } from "./graduates";
import { eventually, startTestServer } from "./server";
import type { Api, TestServer } from "./server";
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

export async function startVerifierWorld(): Promise<VerifierWorld> {
  const webDist = await buildWebPages();
  const chain = await startTestChain();
  let server: TestServer | undefined;
  try {
    const university = await accreditUniversity(chain);
    server = await startTestServer(chain, [university], {
      staff: [{ universityId: university.id, email: REGISTRAR, role: "registrar" }],
      webDist,
    });
    // The chain tells every verifier where this university's issuance server is.
    await (await chain.issuerRegistry.connect(university.operator).setUniversityUrl(server.url)).wait();
    return world(chain, university, server, await server.login(REGISTRAR));
  } catch (error) {
    await server?.stop();
    await chain.stop();
    throw error;
  }
}

function world(chain: TestChain, university: TestUniversity, server: TestServer, registrar: Api): VerifierWorld {
  return {
    chain,
    university,
    server,
    registrar,
    pageUrl: `${server.url}/v`,
    async issue(subject) {
      const issued = await registrar("POST", "/api/certificates", { subject });
      if (issued.status !== 202) throw new Error(`issuance refused: ${JSON.stringify(issued.body)}`);
      const record = await eventually(
        async () => {
          const { body } = await registrar("GET", `/api/certificates/${issued.body.id}`);
          return body.status === "confirmed" ? body : undefined;
        },
        20_000,
        "certificate confirmed",
      );
      const verifierUrl = record.verifierUrl as string;
      return {
        id: issued.body.id,
        credential: Credential.parse(record.credential),
        fragment: verifierUrl.slice(verifierUrl.indexOf("#") + 1),
        verifierUrl,
        shortCode: record.shortCode,
      };
    },
    async stop() {
      await server.stop();
      await chain.stop();
    },
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

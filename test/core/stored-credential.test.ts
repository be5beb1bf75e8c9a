import { expect } from "chai";
import { describe, it } from "vitest";
import { StoredCredentialError, encryptCredential, fetchStoredCredential, storedCredentialUrl } from "../../core";
import type { CredentialLocator, FetchUrl } from "../../core";

const ID = "0123456789abcdef";
const locator: CredentialLocator = {
  universityId: 7,
  credentialId: ID,
  secret: crypto.getRandomValues(new Uint8Array(16)),
};
const credential = { id: `urn:tasdiq:${ID}`, credentialSubject: { nameAr: "فاطمة الزهراء بنعلي" } };

/** A university's server that answers every request with `status` and `body`, and records what was asked. */
function server(status: number, body: unknown): FetchUrl & { asked: string[] } {
  const asked: string[] = [];
  const fetchUrl = async (url: string) => {
    asked.push(url);
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  };
  return Object.assign(fetchUrl, { asked });
}

async function problemOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).to.be.instanceOf(StoredCredentialError);
  return (error as StoredCredentialError).code;
}

describe("stored credential address", () => {
  it("joins the university URL and the API path the same way with one trailing slash or none", () => {
    const expected = `https://ju.edu.jo/api/public/credentials/${ID}`;
    for (const url of ["https://ju.edu.jo", "https://ju.edu.jo/", "https://ju.edu.jo//"])
      expect(storedCredentialUrl(url, ID)).to.equal(expected);
  });

  it("keeps a path prefix of the university URL, with or without its trailing slash", () => {
    const expected = `https://ju.edu.jo/tasdiq/api/public/credentials/${ID}`;
    for (const url of ["https://ju.edu.jo/tasdiq", "https://ju.edu.jo/tasdiq/"])
      expect(storedCredentialUrl(url, ID)).to.equal(expected);
    expect(storedCredentialUrl("http://127.0.0.1:8080/a/b/", ID)).to.equal(
      `http://127.0.0.1:8080/a/b/api/public/credentials/${ID}`,
    );
  });

  it("drops the query and fragment of the university URL", () => {
    expect(storedCredentialUrl("https://ju.edu.jo/tasdiq?lang=ar#top", ID)).to.equal(
      `https://ju.edu.jo/tasdiq/api/public/credentials/${ID}`,
    );
  });

  it("treats a university URL that is not http(s) as a server that cannot be reached", () => {
    for (const url of ["not a url", "javascript:alert(1)", "file:///etc/passwd", ""]) {
      expect(() => storedCredentialUrl(url, ID))
        .to.throw(StoredCredentialError)
        .with.property("code", "ISSUER_UNREACHABLE");
    }
  });
});

describe("fetching and opening a stored credential", () => {
  it("fetches the envelope at the joined address and decrypts it with the locator's secret", async () => {
    const encrypted = await encryptCredential(JSON.stringify(credential), locator.secret, ID);
    const university = server(200, { id: ID, encrypted });
    expect(await fetchStoredCredential(university, "https://ju.edu.jo/tasdiq/", locator)).to.deep.equal(credential);
    expect(university.asked).to.deep.equal([`https://ju.edu.jo/tasdiq/api/public/credentials/${ID}`]);
  });

  it("names what went wrong: not found, not ready, unreachable or nonsense, wrong secret", async () => {
    const notReady = { error: { code: "CREDENTIAL_NOT_READY", message: {} } };
    expect(
      await problemOf(
        fetchStoredCredential(server(404, { error: { code: "NOT_FOUND" } }), "https://ju.edu.jo", locator),
      ),
    ).to.equal("CREDENTIAL_NOT_FOUND");
    expect(await problemOf(fetchStoredCredential(server(404, notReady), "https://ju.edu.jo", locator))).to.equal(
      "CREDENTIAL_NOT_READY",
    );
    expect(await problemOf(fetchStoredCredential(server(500, {}), "https://ju.edu.jo", locator))).to.equal(
      "ISSUER_UNREACHABLE",
    );
    expect(
      await problemOf(fetchStoredCredential(server(200, { encrypted: "nonsense" }), "https://ju.edu.jo", locator)),
    ).to.equal("ISSUER_UNREACHABLE");
    const down: FetchUrl = () => Promise.reject(new TypeError("fetch failed"));
    expect(await problemOf(fetchStoredCredential(down, "https://ju.edu.jo", locator))).to.equal("ISSUER_UNREACHABLE");
    const otherSecret = await encryptCredential(
      JSON.stringify(credential),
      locator.secret.map((b, i) => (i === 0 ? b ^ 1 : b)),
      ID,
    );
    expect(
      await problemOf(fetchStoredCredential(server(200, { encrypted: otherSecret }), "https://ju.edu.jo", locator)),
    ).to.equal("CREDENTIAL_WRONG_SECRET");
  });
});

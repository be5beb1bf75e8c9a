import { expect } from "chai";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { CredentialSubject } from "../../core";
import { fixtureGraduates } from "../helpers/graduates";
import type { Api } from "../helpers/server";
import { startServerWorld } from "../helpers/server-world";
import type { ServerWorld } from "../helpers/server-world";

/** Tomorrow and yesterday as YYYY-MM-DD, from the server's (real) clock. */
const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe("the issue API takes only text and dates that verify the same everywhere", () => {
  let world: ServerWorld;
  let registrar: Api;
  const graduate = fixtureGraduates()[0] as CredentialSubject;

  beforeAll(async () => {
    world = await startServerWorld({ staff: [{ university: 0, email: "registrar@ju.edu.jo", role: "registrar" }] });
    [registrar] = world.staff as [Api];
  });
  afterAll(() => world?.stop());

  /** The paths a 400 names, after checking nothing was issued. */
  async function refusedPaths(path: string, body: unknown): Promise<string[]> {
    const before = (await registrar("GET", "/api/certificates")).body.certificates.length;
    const { status, body: answer } = await registrar("POST", path, body);
    expect(status, JSON.stringify(answer).slice(0, 300)).to.equal(400);
    expect(answer.error.code).to.equal("VALIDATION_FAILED");
    expect((await registrar("GET", "/api/certificates")).body.certificates.length).to.equal(before);
    return answer.error.details.map((detail: { path: string }) => detail.path);
  }

  const texts: [string, Partial<CredentialSubject>, string][] = [
    ["a lone surrogate (not valid Unicode)", { grade: "A\ud800" }, "subject.grade"],
    ["a right-to-left override that prints 02/5.61 as 16.5/20", { grade: "\u202e02/5.61" }, "subject.grade"],
    ["a zero-width space", { nameLatin: graduate.nameLatin.replace(" ", "\u200b ") }, "subject.nameLatin"],
    ["a direction mark", { nameAr: `\u200f${graduate.nameAr}` }, "subject.nameAr"],
    ["a line break", { honours: "First class\nwith distinction" }, "subject.honours"],
    [
      "text not in NFC",
      { programme: { ...graduate.programme, fr: "Ge\u0301nie informatique" } },
      "subject.programme.fr",
    ],
  ];
  for (const [what, change, path] of texts) {
    it(`refuses ${what}, naming the field`, async () => {
      // A name may also fail its script check: one field, whatever the number of reasons.
      expect([
        ...new Set(await refusedPaths("/api/certificates", { subject: { ...graduate, ...change } })),
      ]).to.deep.equal([path]);
    });
  }

  it("refuses a graduation in the future or before 1900, and a validity already over, naming the certificate in a bulk request", async () => {
    expect(await refusedPaths("/api/certificates", { subject: { ...graduate, graduationDate: day(1) } })).to.deep.equal(
      ["subject.graduationDate"],
    );
    expect(
      await refusedPaths("/api/certificates", { subject: { ...graduate, graduationDate: "1899-12-31" } }),
    ).to.deep.equal(["subject.graduationDate"]);
    expect(await refusedPaths("/api/certificates", { subject: graduate, validUntil: day(0) })).to.deep.equal([
      "validUntil",
    ]);
    const bulk = {
      certificates: [
        { subject: graduate },
        { subject: { ...graduate, graduationDate: day(1) } },
        { subject: graduate, validUntil: day(-1) },
      ],
    };
    expect(await refusedPaths("/api/certificates/bulk", bulk)).to.deep.equal([
      "certificates.1.subject.graduationDate",
      "certificates.2.validUntil",
    ]);
  });

  it("still issues a graduation of today with a validity ending tomorrow", async () => {
    const { status } = await registrar("POST", "/api/certificates", {
      subject: { ...graduate, graduationDate: day(0) },
      validUntil: day(1),
    });
    expect(status).to.equal(202);
  });
});

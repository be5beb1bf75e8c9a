import { expect } from "chai";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { CredentialSubject } from "../../core";
import { GRADUATE_COLUMNS } from "../../server/certificates/import";
import { csvFile, graduateCells } from "../helpers/graduate-files";
import { fixtureGraduates, issueRequests } from "../helpers/graduates";
import { numericCellBomb, numericGrid } from "../helpers/hostile-files";
import { apiCall } from "../helpers/server";
import type { Api, TestServer } from "../helpers/server";
import { startServerWorld } from "../helpers/server-world";
import type { ServerWorld } from "../helpers/server-world";

const LANGUAGES = ["ar", "en", "fr"] as const;

/** A multipart upload of `bytes` as `name`, with form fields. */
function upload(bytes: Uint8Array, name: string, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  form.set("file", new Blob([bytes as Uint8Array<ArrayBuffer>]), name);
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  return form;
}

describe("bulk issuance requests: hostile uploads, body limits, duplicates and field errors in the caller's language", () => {
  let world: ServerWorld;
  let server: TestServer;
  let registrar: Api;
  const graduates = fixtureGraduates();

  beforeAll(async () => {
    world = await startServerWorld({ staff: [{ university: 0, email: "registrar@ju.edu.jo", role: "registrar" }] });
    ({ server } = world);
    [registrar] = world.staff as [Api];
  });
  afterAll(() => world?.stop());

  describe("hostile uploads", () => {
    it("refuses a zip bomb (3.3 million cells, 70 MB unzipped, in a few hundred kilobytes) with 413 and a plain message in ar, en and fr", async () => {
      const bomb = await numericCellBomb(3_300_000);
      expect(bomb.length).to.be.below(512 * 1024);
      for (const language of LANGUAGES) {
        const { status, body } = await registrar("POST", "/api/certificates/bulk", upload(bomb, "graduates.xlsx"), {
          "accept-language": language,
        });
        expect(status).to.equal(413);
        expect(body.error.code).to.equal("IMPORT_FILE_TOO_LARGE");
        expect(body.error.message).to.contain("64").and.to.contain("CSV");
      }
    }, 60_000);

    it("refuses an XLSX of more cells than the graduates' columns need, read as it streams, with 413", async () => {
      // The test server allows 20,000 rows: (20,000 + 1) x 11 columns x 2 = 440,022 cells with a value.
      const grid = await numericGrid(4_500, 100);
      const { status, body } = await registrar("POST", "/api/certificates/bulk", upload(grid, "graduates.xlsx"), {
        "accept-language": "fr",
      });
      expect(status).to.equal(413);
      expect(body.error.code).to.equal("IMPORT_TOO_MANY_CELLS");
      expect(body.error.message).to.contain("440022");
    }, 60_000);

    it("reads a JSON bulk body beyond the 1 MiB of other routes, up to its own limit sized for the allowed rows", async () => {
      const certificates = issueRequests("LARGE-JSON", 4_000);
      expect(JSON.stringify({ certificates }).length).to.be.above(1024 * 1024);
      const accepted = await registrar("POST", "/api/certificates/bulk", { certificates });
      expect(accepted.status).to.equal(202);
      expect(accepted.body.accepted).to.equal(4_000);
      // Sent again, every row repeats an award: the first 1,000 are named, all 4,000 counted.
      const again = await registrar("POST", "/api/certificates/bulk", { certificates });
      expect([again.status, again.body.error.code, again.body.error.details.length]).to.deep.equal([
        409,
        "ALREADY_ISSUED",
        1000,
      ]);
      expect(again.body.error.message).to.contain("4000 students").and.to.contain("the first 1000");
      // 20,000 rows x 640 bytes = 12.2 MiB: beyond is refused on its declared length, unread.
      expect(
        (await registrar("POST", "/api/certificates/bulk", `{"certificates":[${" ".repeat(13 * 1024 * 1024)}]}`))
          .status,
      ).to.equal(413);
      expect(
        (await registrar("POST", "/api/certificates/revoke", `{"ids":[${" ".repeat(2 * 1024 * 1024)}],"reason":1}`))
          .status,
      ).to.equal(413);
      const malformed = await registrar("POST", "/api/certificates/bulk", "{not json");
      expect([malformed.status, malformed.body.error.code]).to.deep.equal([400, "MALFORMED_JSON"]);
      const invalid = await registrar("POST", "/api/certificates/bulk", {
        certificates: [{ subject: { ...graduates[0], grade: "" } }],
      });
      expect([invalid.status, invalid.body.error.details[0].path]).to.deep.equal([400, "certificates.0.subject.grade"]);
    }, 120_000);
  });

  describe("the same student, degree and programme twice", () => {
    const subject = (identifier: string): CredentialSubject => ({ ...(graduates[1] as CredentialSubject), identifier });

    it("refuses a second certificate, naming the first (id, date, status), unless it is a replacement or a copy; revoked ones do not count", async () => {
      const first = await registrar("POST", "/api/certificates", { subject: subject("DUP-1") });
      expect(first.status).to.equal(202);
      const again = await registrar(
        "POST",
        "/api/certificates",
        { subject: subject("DUP-1") },
        { "accept-language": "fr" },
      );
      expect(again.status).to.equal(409);
      expect(again.body.error.code).to.equal("ALREADY_ISSUED");
      expect(again.body.error.message)
        .to.contain(first.body.id)
        .and.to.contain(new Date().toISOString().slice(0, 10))
        .and.to.contain("en attente");
      expect(again.body.error.details).to.have.length(1);
      expect(again.body.error.details[0]).to.deep.include({ path: "subject.identifier" });
      expect(again.body.error.details[0].existing).to.include({ id: first.body.id, status: "pending" });

      const otherProgramme = await registrar("POST", "/api/certificates", {
        subject: { ...subject("DUP-1"), degree: subject("DUP-1").degree === "master" ? "doctorate" : "master" },
      });
      expect(otherProgramme.status, "another degree is another award").to.equal(202);

      const replacement = await registrar("POST", "/api/certificates", {
        subject: subject("DUP-1"),
        duplicate: "replacement",
      });
      expect(replacement.status).to.equal(202);
      const stored = server.context.db
        .prepare("SELECT reissue, reissue_of AS reissueOf FROM certificates WHERE id = ?")
        .get(replacement.body.id);
      expect(stored).to.deep.equal({ reissue: "replacement", reissueOf: first.body.id });

      const revokedOnly = await registrar("POST", "/api/certificates", { subject: subject("DUP-2") });
      expect(
        (await registrar("POST", `/api/certificates/${revokedOnly.body.id}/revoke`, { reason: 1 })).status,
      ).to.equal(202);
      expect((await registrar("POST", "/api/certificates", { subject: subject("DUP-2") })).status).to.equal(202);
    });

    it("answers a retried request with its idempotency key, not as a duplicate of itself", async () => {
      const headers = { "idempotency-key": "duplicate-retry-0001" };
      const first = await registrar("POST", "/api/certificates", { subject: subject("DUP-RETRY") }, headers);
      const retried = await registrar("POST", "/api/certificates", { subject: subject("DUP-RETRY") }, headers);
      expect([retried.status, retried.body.id]).to.deep.equal([202, first.body.id]);
    });

    it("names every repeat of a JSON list at its path: one issued before, one repeated within the list", async () => {
      const issued = await registrar("POST", "/api/certificates", { subject: subject("DUP-LIST-1") });
      const { status, body } = await registrar("POST", "/api/certificates/bulk", {
        certificates: [
          { subject: subject("DUP-LIST-0") },
          { subject: subject("DUP-LIST-1") },
          { subject: subject("DUP-LIST-0") },
          { subject: subject("DUP-LIST-0"), duplicate: "copy" },
        ],
      });
      expect(status).to.equal(409);
      expect(
        body.error.details.map((d: { path: string; existing: { id: string } | null }) => [
          d.path,
          d.existing?.id ?? null,
        ]),
      ).to.deep.equal([
        ["certificates.1.subject.identifier", issued.body.id],
        ["certificates.2.subject.identifier", null],
      ]);
      expect(body.error.details[1].message.en).to.contain("certificates.0.subject.identifier");
    });

    it("reports a file's rows already issued at their identifier cell, in ar, en and fr, and issues them when the upload says they are copies", async () => {
      const issued = await registrar("POST", "/api/certificates", { subject: subject("DUP-FILE-1") });
      const file = csvFile([
        [...GRADUATE_COLUMNS],
        graduateCells(subject("DUP-FILE-0")),
        graduateCells(subject("DUP-FILE-1")),
      ]);
      const refused = await registrar("POST", "/api/certificates/bulk", upload(file, "graduates.csv"));
      expect(refused.status).to.equal(422);
      const [error] = refused.body.error.details.errors;
      expect(error).to.include({ row: 3, column: "identifier", code: "IMPORT_ALREADY_ISSUED" });
      for (const language of LANGUAGES)
        expect(error.message[language]).to.contain(issued.body.id).and.to.contain("duplicate=");
      const copies = await registrar(
        "POST",
        "/api/certificates/bulk",
        upload(file, "graduates.csv", { duplicate: "copy" }),
      );
      expect([copies.status, copies.body.accepted]).to.deep.equal([202, 2]);
      const reissue = server.context.db
        .prepare("SELECT reissue, reissue_of AS reissueOf FROM certificates WHERE id = ?")
        .get(copies.body.certificates[1].id);
      expect(reissue).to.deep.equal({ reissue: "copy", reissueOf: issued.body.id });
    });
  });

  describe("field errors in the language asked for", () => {
    const invalid = {
      subject: { ...graduates[0], nameAr: "Ahmad", graduationDate: "2025-13-01", grade: "\u202E02/5.61" },
    };

    it("gives each field's message in ar, en or fr, English without Accept-Language, with the machine codes unchanged", async () => {
      const answers = Object.fromEntries(
        await Promise.all(
          ["ar", "fr", undefined].map(async (language) => [
            language ?? "none",
            (await registrar("POST", "/api/certificates", invalid, language ? { "accept-language": language } : {}))
              .body.error,
          ]),
        ),
      );
      expect(answers.none.message).to.equal("Some of the data sent is not valid.");
      const byPath = (error: { details: { path: string; code: string; message: string }[] }) =>
        Object.fromEntries(error.details.map((d) => [d.path, d.message]));
      expect(byPath(answers.none)).to.deep.include({ "subject.nameAr": "Must be written in Arabic script." });
      expect(byPath(answers.fr)["subject.nameAr"]).to.equal("Doit être écrit en alphabet arabe.");
      expect(byPath(answers.ar)["subject.nameAr"]).to.equal("يجب أن يُكتب بالحروف العربية.");
      expect(byPath(answers.fr)["subject.grade"]).to.contain("U+202E").and.to.contain("invisible");
      expect(byPath(answers.ar)["subject.graduationDate"]).to.match(/[\u0600-\u06FF]/);
      for (const error of Object.values(answers) as { details: { code: string }[] }[])
        expect(error.details.map((d) => d.code)).to.deep.equal(
          answers.none.details.map((d: { code: string }) => d.code),
        );
    });

    it("names the Idempotency-Key header when its value is invalid", async () => {
      const { status, body } = await registrar(
        "POST",
        "/api/certificates",
        { subject: subject0() },
        { "idempotency-key": "short", "accept-language": "fr" },
      );
      expect(status).to.equal(400);
      expect(body.error.details).to.deep.equal([
        { path: "Idempotency-Key", code: "too_small", message: "Au moins 8 caractères." },
      ]);
    });

    const subject0 = () => ({ ...graduates[0], identifier: "IDEMPOTENCY-HEADER" });
  });

  describe("the template", () => {
    it("serves a CSV of the columns and one example graduate that issues as it is, to signed-in staff only", async () => {
      const response = await fetch(`${server.url}/api/certificates/template.csv`, {
        headers: { authorization: `Bearer ${registrar.token}` },
      });
      expect(response.status).to.equal(200);
      expect(response.headers.get("content-disposition")).to.include("graduates-template.csv");
      const bytes = new Uint8Array(await response.arrayBuffer());
      const text = new TextDecoder().decode(bytes);
      expect(text.split("\r\n")[0]).to.equal(GRADUATE_COLUMNS.join(","));
      const issued = await registrar("POST", "/api/certificates/bulk", upload(bytes, "graduates-template.csv"));
      expect(issued.status, JSON.stringify(issued.body)).to.equal(202);
      expect(issued.body.accepted).to.equal(1);
      expect((await apiCall(server.url, "GET", "/api/certificates/template.csv")).status).to.equal(401);
    });
  });
});

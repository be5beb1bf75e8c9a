import { availableParallelism, cpus, loadavg } from "node:os";
import type { CredentialSubject } from "../core";
import { PdfRenderPool, renderCertificatePdf } from "../server/pdf";
import type { CertificateInput } from "../server/pdf";
import { fixtureUniversities, issueCertificateInputs } from "../test/helpers/certificates";
import { fixtureGraduates } from "../test/helpers/graduates";
import { formatNumber, renderTable, verdict } from "./lib/table";

/**
 * Certificate PDF throughput: PDFs per second rendered in this thread (one core) and on a
 * PdfRenderPool with one worker per core, and the mean file size, for 1,000 certificates of
 * 18 universities whose graduates' names are all different (first names and family names of the
 * fixtures recombined), so that the shaped-text cache only helps with what really repeats.
 * Run: npm run bench:pdf
 */
const COUNT = 1_000;
const WARM_UP = 20;
const TARGET_RATE = 60;
const TARGET_BYTES = 40 * 1024;

/** The i-th recombination of a fixture graduate's given name with another's family name. */
function variedSubject(graduates: readonly CredentialSubject[], i: number): CredentialSubject {
  const n = graduates.length;
  const person = graduates[i % n] as CredentialSubject;
  const family = graduates[Math.floor(i / n) % n] as CredentialSubject;
  const father = graduates[(Math.floor(i / (n * n)) + i) % n] as CredentialSubject;
  const given = (name: string | undefined): string => name?.split(" ")[0] ?? "";
  const rest = (name: string | undefined): string => name?.split(" ").slice(1).join(" ") ?? "";
  return {
    ...person,
    nameAr: `${given(person.nameAr)} ${given(father.nameAr)} ${rest(family.nameAr)}`.trim(),
    nameLatin: `${given(person.nameLatin)} ${given(father.nameLatin)} ${rest(family.nameLatin)}`.trim(),
    identifier: `2026-${String(i).padStart(6, "0")}`,
  };
}

async function certificateInputs(count: number, offset: number): Promise<CertificateInput[]> {
  const graduates = fixtureGraduates();
  const universities = fixtureUniversities();
  const inputs: CertificateInput[] = [];
  for (const [u, university] of universities.entries()) {
    const subjects: CredentialSubject[] = [];
    for (let i = offset + u; i < offset + count; i += universities.length) subjects.push(variedSubject(graduates, i));
    inputs.push(...(await issueCertificateInputs(subjects, { university, universityId: u + 1 })));
  }
  return inputs;
}

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await run();
  return [result, (performance.now() - start) / 1000];
}

async function main(): Promise<void> {
  const loadBefore = loadavg()[0] ?? 0;
  const inputs = await certificateInputs(COUNT, 0);
  const warmUp = await certificateInputs(WARM_UP, COUNT);

  for (const input of warmUp) await renderCertificatePdf(input);
  const [pdfs, singleSeconds] = await timed(async () => {
    const out: Uint8Array[] = [];
    for (const input of inputs) out.push(await renderCertificatePdf(input));
    return out;
  });

  const workers = availableParallelism();
  const pool = new PdfRenderPool({ size: workers });
  await Promise.all(warmUp.map((input) => pool.render(input)));
  const [, poolSeconds] = await timed(() => Promise.all(inputs.map((input) => pool.render(input))));
  await pool.close();

  const sizes = pdfs.map((pdf) => pdf.length);
  const meanBytes = sizes.reduce((a, b) => a + b, 0) / sizes.length;
  const singleRate = COUNT / singleSeconds;
  const poolRate = COUNT / poolSeconds;
  console.log(
    renderTable({
      title: `Certificate PDF benchmark (bench/pdf), ${new Date().toISOString().slice(0, 10)}`,
      columns: [{ header: "measure" }, { header: "value", align: "right" }, { header: "target" }, { header: "result" }],
      rows: [
        ["PDFs per second, 1 core (this thread)", formatNumber(Number(singleRate.toFixed(1))), "(information)", ""],
        [
          `PDFs per second, ${workers} cores (PdfRenderPool, ${workers} workers)`,
          formatNumber(Number(poolRate.toFixed(1))),
          `>= ${TARGET_RATE}`,
          verdict(poolRate >= TARGET_RATE),
        ],
        [
          "mean file size (KB)",
          formatNumber(Number((meanBytes / 1024).toFixed(1))),
          `<= ${TARGET_BYTES / 1024}`,
          verdict(meanBytes <= TARGET_BYTES),
        ],
        ["largest file size (KB)", formatNumber(Number((Math.max(...sizes) / 1024).toFixed(1))), "(information)", ""],
      ],
      notes: [
        `${COUNT} certificates, 18 universities, every graduate name different; ${WARM_UP} other certificates rendered first in each thread.`,
        `node ${process.version}, ${cpus()[0]?.model ?? "unknown CPU"}, ${workers} cores available.`,
        // Other processes on the machine take their share of the cores: the figures depend on it.
        `1-minute load average before / after: ${loadBefore.toFixed(2)} / ${(loadavg()[0] ?? 0).toFixed(2)}.`,
      ],
    }),
  );
}

void main();

import type { CredentialSubject } from "../../core";
import { fixtureGraduates } from "../../test/helpers/graduates";

/**
 * The certificates every system in bench/peers.ts issues and verifies: the fixture graduates (Arabic
 * and Latin names, trilingual programmes) cycled, each with its own student number.
 */
export const COUNT = Number(process.env.BENCH_PEERS_COUNT ?? 10_000);

const graduates = fixtureGraduates();

export const SUBJECTS: CredentialSubject[] = Array.from({ length: COUNT }, (_, i) => ({
  ...(graduates[i % graduates.length] as CredentialSubject),
  identifier: `MA-${String(i).padStart(8, "0")}`,
}));

export const ISSUER = {
  universityId: 7,
  operator: "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
  country: "MA",
  name: { ar: "جامعة محمد الخامس بالرباط", en: "Mohammed V University in Rabat", fr: "Université Mohammed V de Rabat" },
};

/** What a measuring child prints on its last line for bench/peers.ts: the timed part, and the process's peak RSS. */
export interface Measurement {
  ms: number;
  operations: number;
  peakRssMiB: number;
}

export async function timed(
  run: () => Promise<void> | void,
  operations = COUNT,
): Promise<Omit<Measurement, "peakRssMiB">> {
  const start = performance.now();
  await run();
  return { ms: performance.now() - start, operations };
}

export function report(measurement: Omit<Measurement, "peakRssMiB">): void {
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ ...measurement, peakRssMiB } satisfies Measurement));
}

/**
 * The two sizes of the reliability suite: bounded inside `npm test`, full with `npm run test:stress`
 * (TASDIQ_STRESS=1). Each test takes its counts from here, so both runs execute the same code.
 */
const STRESS = process.env.TASDIQ_STRESS === "1";

/** `bounded` in `npm test`, `stress` in `npm run test:stress`. */
export function scaled<T>(bounded: T, stress: T): T {
  return STRESS ? stress : bounded;
}

/** Prints the figures a test measured, as the run's record (bench/RESULTS.md quotes them). */
export function printFigures(title: string, figures: Record<string, string | number>): void {
  const mode = STRESS ? "full run (npm run test:stress)" : "bounded run (npm test)";
  console.log(`\n${title} — ${mode}`);
  console.table(
    Object.entries(figures).map(([what, value]) => ({
      what,
      value: typeof value === "number" ? value.toLocaleString("en") : value,
    })),
  );
}

/** Milliseconds since `start` (from performance.now()), rounded. */
export const elapsedMs = (start: number): number => Math.round(performance.now() - start);

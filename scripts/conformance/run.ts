// The conformance kit: runs every vector of docs/conformance-vectors.json through a verifier that
// speaks the protocol of docs/conformance.md and prints, per vector, whether it agrees.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { Command } from "commander";
import type { ConformanceAnswer } from "../../core";
import { CONFORMANCE_VECTORS_FILE } from "../conformance-vectors";

const ROOT = path.join(__dirname, "..", "..");
/** Tasdiq's own verifier behind the protocol, the kit's default. */
export const TASDIQ_VERIFIER = `"${process.execPath}" -r ts-node/register/transpile-only scripts/conformance/tasdiq-verifier.ts`;

interface Vector {
  name: string;
  description: string;
  input: { credential: unknown; trustedDeployments: unknown[]; chain: string | null; now: string };
  expected: ConformanceAnswer;
}

/** The differences between an answer and the expected one, in words; none when they agree. */
export function disagreements(expected: ConformanceAnswer, answer: unknown): string[] {
  const given = answer as Partial<ConformanceAnswer> | undefined;
  const found: string[] = [];
  if (given?.verdict !== expected.verdict)
    found.push(`verdict ${String(given?.verdict)}, expected ${expected.verdict}`);
  for (const check of expected.checks) {
    const other = Array.isArray(given?.checks) ? given.checks.find((c) => c?.name === check.name) : undefined;
    if (other?.status !== check.status || other.code !== check.code) {
      found.push(
        `${check.name} ${other ? `${other.status} ${other.code}` : "missing"}, expected ${check.status} ${check.code}`,
      );
    }
  }
  return found;
}

/** Asks `command` every question in one run and returns its answers in order (undefined where it gave none). */
export async function askVerifier(command: string, questions: readonly unknown[]): Promise<unknown[]> {
  const child = spawn(command, { cwd: ROOT, shell: true, stdio: ["pipe", "pipe", "inherit"] });
  const answers: unknown[] = [];
  const reading = (async () => {
    for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) {
      try {
        answers.push(JSON.parse(line));
      } catch {
        answers.push(undefined);
      }
    }
  })();
  child.stdin.on("error", () => undefined);
  for (const question of questions) child.stdin.write(`${JSON.stringify(question)}\n`);
  child.stdin.end();
  await Promise.all([reading, new Promise((resolve) => child.once("close", resolve))]);
  return questions.map((_, i) => answers[i]);
}

/** Every vector with the chain state it names filled in, ready to send. */
export function conformanceQuestions(file = CONFORMANCE_VECTORS_FILE): { vector: Vector; question: unknown }[] {
  const { chainStates, vectors } = JSON.parse(readFileSync(file, "utf8")) as {
    chainStates: Record<string, unknown>;
    vectors: Vector[];
  };
  return vectors.map((vector) => ({
    vector,
    question: { ...vector.input, chain: vector.input.chain === null ? null : chainStates[vector.input.chain] },
  }));
}

async function main(): Promise<void> {
  const options = new Command()
    .name("npm run conformance --")
    .description("Runs the Tasdiq conformance vectors through a verifier and reports agreement per vector.")
    .option("--verifier <command>", "a command speaking the protocol of docs/conformance.md", TASDIQ_VERIFIER)
    .option("--vectors <file>", "the vectors file", CONFORMANCE_VECTORS_FILE)
    .parse()
    .opts<{ verifier: string; vectors: string }>();
  const cases = conformanceQuestions(options.vectors);
  const answers = await askVerifier(
    options.verifier,
    cases.map((c) => c.question),
  );
  let agreed = 0;
  cases.forEach(({ vector }, i) => {
    const found = disagreements(vector.expected, answers[i]);
    if (found.length === 0) agreed += 1;
    console.log(
      `${found.length === 0 ? "agree   " : "DISAGREE"} ${vector.name}${found.length === 0 ? "" : `\n         ${found.join("\n         ")}`}`,
    );
  });
  console.log(`\n${agreed} of ${cases.length} vectors agree (${((agreed / cases.length) * 100).toFixed(1)} %).`);
  process.exitCode = agreed === cases.length ? 0 : 1;
}

if (require.main === module) void main();

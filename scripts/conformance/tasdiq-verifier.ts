// Tasdiq's own verifier behind the conformance protocol (docs/conformance.md): one question per line
// on standard input, one answer per line on standard output, in the same order.
import { createInterface } from "node:readline";
import { ConformanceQuestion, answerConformanceQuestion } from "../../core";

async function main(): Promise<void> {
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line.trim() === "") continue;
    const question = ConformanceQuestion.parse(JSON.parse(line));
    process.stdout.write(`${JSON.stringify(await answerConformanceQuestion(question))}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

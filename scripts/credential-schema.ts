import { writeFileSync } from "node:fs";
import path from "node:path";
import { credentialJsonSchema } from "../core";

/** The published JSON Schema of the credential, generated from the zod schema (`npm run schema`). */
export const SCHEMA_FILE = path.join(__dirname, "..", "docs", "credential.schema.json");

export function credentialSchemaText(): string {
  const { $schema, ...body } = credentialJsonSchema();
  const schema = {
    $schema,
    $id: "https://tasdiq.org/credentials/v1/credential.schema.json",
    title: "Tasdiq academic credential, format version 1",
    description:
      "Structure, types, patterns and lengths of a Tasdiq credential. The rules a JSON Schema cannot state (free text without invisible or control characters and in NFC, EIP-55 checksummed addresses, low-s signatures, dates that exist and come in order, issuer.id naming issuer.universityId, disclosure consistency) are in docs/credential-format.md, sections 2.1 and 9.",
    ...body,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (require.main === module) {
  writeFileSync(SCHEMA_FILE, credentialSchemaText());
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
}

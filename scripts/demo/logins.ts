import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** One seeded staff account, as `seedDemo` reports it. */
export interface DemoLoginRow {
  university: string;
  email: string;
  role: string;
}

/** Where `npm start` writes the full list of demo logins, next to the demo's database. */
export function demoLoginsPath(dataDir: string): string {
  return path.join(dataDir, "demo-logins.txt");
}

/**
 * The full list as a plain-text table: every staff login of every demo university, with the shared
 * password and how the addresses are made, so nobody has to guess them.
 */
export function formatDemoLogins(logins: readonly DemoLoginRow[], password: string): string {
  const universities = new Set(logins.map((login) => login.university)).size;
  const width = Math.max(0, ...logins.map((login) => login.email.length));
  return [
    `Tasdiq demo: ${logins.length} staff logins for ${universities} universities (password for all: ${password}).`,
    "Addresses are <role>@<the university's English name, lowercase, accents and a leading 'The' dropped,",
    "words joined by hyphens>.demo: The University of Jordan → registrar@university-of-jordan.demo.",
    "",
    ...logins.map((login) => `${login.role.padEnd(9)} ${login.email.padEnd(width)}  ${login.university}`),
    "",
  ].join("\n");
}

/** Writes the list for `npm run demo:logins`; the demo's password is printed by npm start too, so it is no secret. */
export function writeDemoLogins(dataDir: string, logins: readonly DemoLoginRow[], password: string): string {
  const file = demoLoginsPath(dataDir);
  writeFileSync(file, formatDemoLogins(logins, password));
  return file;
}

/** The list `npm start` wrote in `dataDir`, or undefined before the first start. */
export function readDemoLogins(dataDir: string): string | undefined {
  const file = demoLoginsPath(dataDir);
  return existsSync(file) ? readFileSync(file, "utf8") : undefined;
}

import { TasdiqError } from "../../core";

/**
 * An error of the audit tools on purpose: bad input (country, dates, export file), a store that
 * belongs to another deployment, a node on the wrong chain. Codes are stable, the message is for people.
 */
export class AuditError extends TasdiqError {
  override readonly name = "AuditError";
}

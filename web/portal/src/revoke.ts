import { REVOCATION_REASONS, REVOCATION_REASON_CODES } from "../../../core";
import type { RevocationReasonName } from "../../../core";
import { byId, h } from "../../v/src/dom";
import { showDialog } from "./confirm";
import { localized, t } from "./i18n";

const dialog = byId("revoke-dialog", HTMLDialogElement);
const text = byId("revoke-text", HTMLParagraphElement);
const reason = byId("revoke-reason", HTMLSelectElement);

/**
 * Asks for the reason of a revocation in a modal dialog, which keeps keyboard focus inside until it
 * closes. Resolves to the chosen reason's name, or undefined when cancelled.
 */
export async function askRevocationReason(question: string): Promise<RevocationReasonName | undefined> {
  text.textContent = question;
  const names = Object.keys(REVOCATION_REASON_CODES) as RevocationReasonName[];
  reason.replaceChildren(
    ...names.map((name) => h("option", { value: name }, localized(REVOCATION_REASONS[REVOCATION_REASON_CODES[name]]))),
  );
  return (await showDialog(dialog)) ? (reason.value as RevocationReasonName) : undefined;
}

export const revokeQuestion = {
  certificate: (name: string): string => t("revoke.certificate", { name }),
  batch: (id: number, count: number): string => t("revoke.batch", { id, count }),
};

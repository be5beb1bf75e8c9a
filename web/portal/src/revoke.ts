import { REVOCATION_REASONS } from "../../../core";
import { byId, h } from "../../v/src/dom";
import { showDialog } from "./confirm";
import { localized, t } from "./i18n";

const dialog = byId("revoke-dialog", HTMLDialogElement);
const text = byId("revoke-text", HTMLParagraphElement);
const reason = byId("revoke-reason", HTMLSelectElement);

/**
 * Asks for the reason of a revocation (codes 1–4 as stored on chain) in a modal dialog, which keeps
 * keyboard focus inside until it closes. Resolves to the chosen code, or undefined when cancelled.
 */
export async function askRevocationReason(question: string): Promise<number | undefined> {
  text.textContent = question;
  reason.replaceChildren(
    ...Object.entries(REVOCATION_REASONS).map(([code, label]) => h("option", { value: code }, localized(label))),
  );
  return (await showDialog(dialog)) ? Number(reason.value) : undefined;
}

export const revokeQuestion = {
  certificate: (name: string): string => t("revoke.certificate", { name }),
  batch: (id: number, count: number): string => t("revoke.batch", { id, count }),
};

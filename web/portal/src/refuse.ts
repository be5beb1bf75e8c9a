import { byId } from "../../v/src/dom";
import { showDialog } from "./confirm";

const dialog = byId("refuse-dialog", HTMLDialogElement);
const text = byId("refuse-text", HTMLParagraphElement);
const reason = byId("refuse-reason", HTMLInputElement);

/**
 * Asks an approver why they refuse a batch (the registrar reads it) in a modal dialog. Resolves to
 * the reason, or undefined when cancelled.
 */
export async function askRefusalReason(question: string): Promise<string | undefined> {
  text.textContent = question;
  reason.value = "";
  return (await showDialog(dialog)) ? reason.value.trim() : undefined;
}

import { byId } from "../../v/src/dom";

const dialog = byId("confirm-dialog", HTMLDialogElement);
const title = byId("confirm-title", HTMLHeadingElement);
const text = byId("confirm-text", HTMLParagraphElement);
const confirm = byId("confirm-button", HTMLButtonElement);

/**
 * Shows a modal dialog whose form closes it (`method="dialog"`); it keeps keyboard focus inside until
 * then. Resolves to whether it was closed with the button whose value is "confirm".
 */
export function showDialog(modal: HTMLDialogElement): Promise<boolean> {
  modal.returnValue = "";
  modal.showModal();
  return new Promise((resolve) => {
    modal.addEventListener("close", () => resolve(modal.returnValue === "confirm"), { once: true });
  });
}

/** Asks before an action that cannot be undone; resolves to true when confirmed. */
export function askConfirmation(question: { title: string; text: string; confirm: string }): Promise<boolean> {
  title.textContent = question.title;
  text.textContent = question.text;
  confirm.textContent = question.confirm;
  return showDialog(dialog);
}

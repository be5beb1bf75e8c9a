import type { FieldIssue } from "../../../core/api";
import { t } from "./i18n";
import type { MessageKey } from "./i18n";
import { ApiFailure } from "./api";

/**
 * The API's validation messages are zod's, in English: the page says the same thing in the UI
 * language from the issue's code and the field it is about.
 */
function issueText(issue: FieldIssue): string {
  const field = issue.path.split(".").pop() ?? "";
  const formatKey = `invalid.${field}` as MessageKey;
  if (issue.code === "too_small" || issue.code === "invalid_type")
    return t(field === "password" ? "invalid.password" : "invalid.required");
  if (issue.code === "too_big") return t("invalid.tooLong");
  if (/spaces/.test(issue.message)) return t("invalid.spaces");
  if (/date/i.test(issue.message)) return t("invalid.date");
  if (issue.code === "invalid_format" && formatKey in FORMAT_KEYS) return t(formatKey);
  return t("invalid.other");
}
const FORMAT_KEYS = { "invalid.nameAr": 1, "invalid.nameLatin": 1, "invalid.identifier": 1, "invalid.email": 1 };

/** The values of a form's named fields as the nested object their dotted names describe; empty fields are left out. */
export function formValues(form: HTMLFormElement): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, value] of new FormData(form)) {
    if (typeof value !== "string" || value === "") continue;
    const keys = name.split(".");
    let parent = values;
    for (const key of keys.slice(0, -1)) parent = (parent[key] ??= {}) as Record<string, unknown>;
    parent[keys[keys.length - 1] as string] = value;
  }
  return values;
}

function clearErrors(form: HTMLFormElement): void {
  form.querySelectorAll(".field-error").forEach((element) => element.remove());
  form.querySelectorAll("[aria-invalid]").forEach((element) => element.removeAttribute("aria-invalid"));
  const summary = form.querySelector(".form-error");
  if (summary) summary.textContent = "";
}

/**
 * Shows a failed request on its form: each field issue under its field (linked for screen readers),
 * the API's message above the button, and focus on the first wrong field.
 */
function showErrors(form: HTMLFormElement, error: unknown): void {
  clearErrors(form);
  const summary = form.querySelector(".form-error");
  if (summary) summary.textContent = error instanceof ApiFailure ? error.message : t("error.network");
  const issues =
    error instanceof ApiFailure && error.code === "VALIDATION_FAILED" && Array.isArray(error.details)
      ? (error.details as FieldIssue[])
      : [];
  let first: HTMLElement | undefined;
  for (const issue of issues) {
    const input = form.elements.namedItem(issue.path);
    if (
      !(input instanceof HTMLInputElement || input instanceof HTMLSelectElement) ||
      input.getAttribute("aria-invalid")
    )
      continue;
    const message = Object.assign(document.createElement("p"), {
      className: "field-error",
      id: `${input.id}-error`,
      textContent: issueText(issue),
    });
    input.after(message);
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", message.id);
    first ??= input;
  }
  first?.focus();
}

/** Runs a form's submission with its button disabled, showing any failure on the form. */
export function onSubmit(form: HTMLFormElement, action: () => Promise<void>): void {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const button = form.querySelector<HTMLButtonElement>("button[type=submit]");
    if (button) button.disabled = true;
    clearErrors(form);
    action()
      .catch((error: unknown) => showErrors(form, error))
      .finally(() => {
        if (button) button.disabled = false;
      });
  });
}

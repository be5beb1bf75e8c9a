import { DEGREES, DEGREE_LABELS } from "../../../core";
import { byId, h } from "../../v/src/dom";
import type { IssuedCertificate } from "../../../core/api";
import { requestJson } from "./api";
import { formValues, onSubmit } from "./forms";
import { localized, t } from "./i18n";

const form = byId("issue-form", HTMLFormElement);
const degree = byId("f-degree", HTMLSelectElement);

export function drawIssueForm(): void {
  const selected = degree.value || "bachelor";
  degree.replaceChildren(...DEGREES.map((value) => h("option", { value }, localized(DEGREE_LABELS[value]))));
  degree.value = selected;
}

/** The one-certificate form: the API validates, and its field paths are the inputs' names. */
export function setUpIssueForm(notify: (message: string) => void): void {
  onSubmit(form, async () => {
    const issued = await requestJson<IssuedCertificate>("POST", "/api/certificates", formValues(form));
    form.reset();
    drawIssueForm();
    notify(t("issue.done", { id: issued.id }));
  });
}

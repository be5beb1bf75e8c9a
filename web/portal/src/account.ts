import { byId } from "../../v/src/dom";
import { requestJson, saveSession } from "./api";
import type { Session } from "../../../core/api";
import { formValues, onSubmit } from "./forms";
import { t } from "./i18n";

const page = {
  form: byId("password-form", HTMLFormElement),
  mustChange: byId("account-must-change", HTMLParagraphElement),
};

/** Says why the view opened by itself when an administrator's one-time password must be replaced. */
export function drawAccount(session: Session): void {
  page.mustChange.hidden = !session.staff.mustChangePassword;
}

/**
 * Everyone's own password change. The server ends every session of the account, this one too, and
 * answers with a fresh session, which replaces the tab's.
 */
export function setUpAccount(notify: (message: string) => void, changed: () => void): void {
  onSubmit(page.form, async () => {
    const session = await requestJson<Session>("POST", "/api/auth/password", formValues(page.form));
    saveSession(session);
    page.form.reset();
    notify(t("account.changed"));
    changed();
  });
}

import { byId, h } from "../../v/src/dom";
import { requestJson, savedSession, errorMessage } from "./api";
import { ROLES } from "../../../core/api";
import type {
  ApiToken,
  ApiTokenList,
  NewApiTokenAnswer,
  PasswordResetAnswer,
  Staff,
  StaffList,
} from "../../../core/api";
import { askConfirmation } from "./confirm";
import { formValues, onSubmit } from "./forms";
import { formatTime, t } from "./i18n";
import type { MessageKey } from "./i18n";
import { button, table } from "./table";

const page = {
  staffList: byId("staff-list", HTMLDivElement),
  staffForm: byId("staff-form", HTMLFormElement),
  role: byId("s-role", HTMLSelectElement),
  tokenList: byId("token-list", HTMLDivElement),
  tokenForm: byId("token-form", HTMLFormElement),
  secret: byId("token-secret", HTMLParagraphElement),
  oneTime: byId("staff-secret", HTMLParagraphElement),
};

const shown: { staff?: Staff[]; tokens?: ApiToken[]; secret?: string; oneTime?: { name: string; password: string } } =
  {};
let notify: (message: string) => void = () => undefined;
const report = (error: unknown): void => notify(errorMessage(error));

const roleOptions = (): HTMLOptionElement[] =>
  ROLES.map((role) => h("option", { value: role }, t(`role.${role}` as MessageKey)));

function roleSelect(member: Staff): HTMLSelectElement {
  const select = h(
    "select",
    { class: "input input--small", "aria-label": t("staff.roleOf", { name: member.name }) },
    ...roleOptions(),
  );
  select.value = member.role;
  select.addEventListener("change", () => void changeStaff(member.id, { role: select.value }));
  return select;
}

/** An admin's reset of a colleague's password: the server makes up a one-time one, shown here once. */
async function resetPassword(member: Staff): Promise<void> {
  const confirmed = await askConfirmation({
    title: t("staff.resetTitle"),
    text: t("staff.resetQuestion", { name: member.name }),
    confirm: t("staff.resetConfirm"),
  });
  if (!confirmed) return;
  try {
    // Asked without a password: the answer carries the one the server made up.
    const { password } = await requestJson<Required<PasswordResetAnswer>>(
      "POST",
      `/api/staff/${member.id}/password`,
      {},
    );
    shown.oneTime = { name: member.name, password };
    await loadStaff();
  } catch (error) {
    report(error);
  }
}

async function changeStaff(id: number, change: { role?: string; disabled?: boolean }): Promise<void> {
  try {
    await requestJson("PATCH", `/api/staff/${id}`, change);
    await loadStaff();
  } catch (error) {
    report(error);
  }
}

export function drawAdmin(): void {
  const selected = page.role.value || "registrar";
  page.role.replaceChildren(...roleOptions());
  page.role.value = selected;
  if (shown.staff) {
    page.staffList.replaceChildren(
      table(
        [t("staff.name"), t("staff.email"), t("staff.role"), t("staff.state")],
        shown.staff.map((member) => [
          member.name,
          h("span", { dir: "ltr" }, member.email),
          roleSelect(member),
          h(
            "span",
            { class: "actions" },
            t(member.disabled ? "staff.disabled" : "staff.active"),
            button(
              t(member.disabled ? "staff.enable" : "staff.disable"),
              () => void changeStaff(member.id, { disabled: !member.disabled }),
              {},
              "button--small button--secondary",
            ),
            member.id === savedSession()?.staff.id
              ? ""
              : button(
                  t("staff.reset"),
                  () => void resetPassword(member),
                  { "aria-label": t("staff.resetOf", { name: member.name }) },
                  "button--small button--secondary",
                ),
          ),
        ]),
        t("staff.title"),
      ),
    );
  }
  if (shown.tokens) {
    page.tokenList.replaceChildren(
      shown.tokens.length === 0
        ? h("p", { class: "hint" }, t("list.empty"))
        : table(
            [t("tokens.label"), t("tokens.created"), t("tokens.expires"), t("list.actions")],
            shown.tokens.map((token) => [
              token.label,
              formatTime(token.createdAt),
              formatTime(token.expiresAt),
              button(
                t("tokens.revoke"),
                () => void revokeToken(token.id),
                { "aria-label": t("tokens.revokeOf", { label: token.label }) },
                "button--small button--danger",
              ),
            ]),
            t("tokens.title"),
          ),
    );
  }
  page.oneTime.hidden = !shown.oneTime;
  page.oneTime.replaceChildren(
    t("staff.oneTime", { name: shown.oneTime?.name ?? "" }),
    " ",
    h("code", { dir: "ltr", class: "hash" }, shown.oneTime?.password ?? ""),
  );
  page.secret.hidden = !shown.secret;
  page.secret.replaceChildren(t("tokens.shownOnce"), " ", h("code", { dir: "ltr", class: "hash" }, shown.secret ?? ""));
}

export async function loadStaff(): Promise<void> {
  shown.staff = (await requestJson<StaffList>("GET", "/api/staff")).staff;
  drawAdmin();
}

export async function loadTokens(): Promise<void> {
  shown.tokens = (await requestJson<ApiTokenList>("GET", "/api/tokens")).tokens;
  drawAdmin();
}

async function revokeToken(id: number): Promise<void> {
  try {
    await requestJson("DELETE", `/api/tokens/${id}`);
    delete shown.secret;
    await loadTokens();
  } catch (error) {
    report(error);
  }
}

export function setUpAdmin(notice: (message: string) => void): void {
  notify = notice;
  onSubmit(page.staffForm, async () => {
    const created = await requestJson<Staff>("POST", "/api/staff", formValues(page.staffForm));
    page.staffForm.reset();
    notify(t("staff.added", { name: created.name }));
    await loadStaff();
  });
  onSubmit(page.tokenForm, async () => {
    const form = new FormData(page.tokenForm);
    const created = await requestJson<NewApiTokenAnswer>("POST", "/api/tokens", {
      label: form.get("label"),
      scopes: form.getAll("scopes"),
      days: Number(form.get("days")),
    });
    page.tokenForm.reset();
    shown.secret = created.token;
    await loadTokens();
  });
}

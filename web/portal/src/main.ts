import "../../v/src/zod-jitless";
import "@fontsource/noto-sans-arabic/400.css";
import "@fontsource/noto-sans-arabic/700.css";
import "../../v/src/styles.css";
import "./portal.css";
import { byId } from "../../v/src/dom";
import { drawAccount, setUpAccount } from "./account";
import { drawAdmin, loadStaff, loadTokens, setUpAdmin } from "./admin";
import { requestJson, saveSession, savedSession, signedInAs, whenSignedOut } from "./api";
import type { Role, Session } from "../../../core/api";
import { drawDashboard, loadDashboard, setUpDashboard, stopDashboard } from "./dashboard";
import { onSubmit } from "./forms";
import { applyLanguage, initialLanguage, languageOf, t } from "./i18n";
import type { MessageKey } from "./i18n";
import { drawIssueForm, setUpIssueForm } from "./issue";
import { drawKeys, loadKeys, setUpKeys, stopKeys } from "./keys";
import { drawUpload, setUpUpload } from "./upload";

const VIEWS = ["dashboard", "issue", "upload", "staff", "tokens", "keys", "account"] as const;
type View = (typeof VIEWS)[number];
/** Who may open each view; the others are open to every staff member. */
const VIEW_ROLES: Partial<Record<View, Role[]>> = {
  issue: ["registrar", "admin"],
  upload: ["registrar", "admin"],
  staff: ["admin"],
  tokens: ["admin"],
  keys: ["admin"],
};
const mayOpen = (view: string | undefined): boolean => {
  // A one-time password opens nothing but its own change, as on the server.
  if (savedSession()?.staff.mustChangePassword) return view === "account";
  const roles = VIEW_ROLES[view as View];
  return !roles || signedInAs(...roles);
};

const page = {
  main: byId("main", HTMLElement),
  notice: byId("notice", HTMLParagraphElement),
  login: byId("login", HTMLFormElement),
  app: byId("app", HTMLDivElement),
  account: byId("account", HTMLDivElement),
  accountName: byId("account-name", HTMLSpanElement),
  logout: byId("logout", HTMLButtonElement),
};

/** Tells the registrar what just happened, in the live region screen readers announce. */
function notify(message: string): void {
  page.notice.textContent = message;
  page.notice.hidden = false;
}

/** What to load when a view opens. */
const LOADERS: Record<View, () => Promise<void>> = {
  dashboard: loadDashboard,
  issue: async () => undefined,
  upload: async () => undefined,
  staff: loadStaff,
  tokens: loadTokens,
  keys: loadKeys,
  account: async () => undefined,
};

function currentView(): View {
  const wanted = VIEWS.find((view) => `#${view}` === location.hash) ?? "dashboard";
  if (mayOpen(wanted)) return wanted;
  return mayOpen("dashboard") ? "dashboard" : "account";
}

/** Shows the login form or the portal, and in the portal the view the address names. */
function route(focus = false): void {
  stopDashboard();
  stopKeys();
  const session = savedSession();
  page.login.hidden = Boolean(session);
  page.app.hidden = !session;
  page.account.hidden = !session;
  if (!session) {
    page.login.querySelector("input")?.focus();
    return;
  }
  page.accountName.textContent = t("app.signedInAs", {
    name: session.staff.name,
    role: t(`role.${session.staff.role}` as MessageKey),
  });
  const view = currentView();
  for (const link of document.querySelectorAll<HTMLAnchorElement>("[data-view]")) {
    link.hidden = !mayOpen(link.dataset.view);
    if (link.dataset.view === view) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  for (const name of VIEWS) byId(`view-${name}`, HTMLElement).hidden = name !== view;
  drawAccount(session);
  if (focus) byId(`view-${view}`, HTMLElement).querySelector<HTMLElement>("h1")?.focus();
  void LOADERS[view]().catch((error: unknown) => notify(error instanceof Error ? error.message : String(error)));
}

function signOut(): void {
  saveSession(undefined);
  route();
}

function switchLanguage(language: Parameters<typeof applyLanguage>[0]): void {
  applyLanguage(language);
  drawDashboard();
  drawIssueForm();
  drawUpload();
  drawAdmin();
  drawKeys();
  const session = savedSession();
  if (session)
    page.accountName.textContent = t("app.signedInAs", {
      name: session.staff.name,
      role: t(`role.${session.staff.role}` as MessageKey),
    });
}

for (const button of document.querySelectorAll<HTMLButtonElement>("[data-language]")) {
  button.addEventListener("click", () => {
    const language = languageOf(button.dataset.language);
    if (language) switchLanguage(language);
  });
}

onSubmit(page.login, async () => {
  const email = byId("login-email", HTMLInputElement).value.trim();
  const password = byId("login-password", HTMLInputElement).value;
  const session = await requestJson<Session>("POST", "/api/auth/login", { email, password });
  saveSession(session);
  page.login.reset();
  route(true);
});

page.logout.addEventListener("click", () => {
  // The session ends on the server too; if that fails (offline) the token still leaves this tab.
  void requestJson("POST", "/api/auth/logout")
    .catch(() => undefined)
    .finally(signOut);
});

whenSignedOut(signOut);
window.addEventListener("hashchange", () => {
  page.notice.hidden = true;
  route(true);
});
setUpDashboard(notify);
setUpIssueForm(notify);
setUpUpload(notify);
setUpAdmin(notify);
setUpKeys(notify);
setUpAccount(notify, () => route());
switchLanguage(initialLanguage());
route();

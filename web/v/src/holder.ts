import {
  Credential,
  SUBJECT_FIELDS,
  canonicalJson,
  encodeVerifierUrl,
  encryptCredential,
  hideFields,
  holderProof,
  newCredentialId,
  storedCredentialUrl,
  verdictOf,
} from "../../../core";
import type { CredentialLocator, CredentialSource, CredentialSubject, Fragment, JsonValue } from "../../../core";
import { DerivedCredential } from "../../../core/api";
import { downloadBlob, h } from "./dom";
import type { Child } from "./dom";
import { language, t } from "./i18n";
import "./holder.css";

/**
 * The holder's view of a certificate (docs/sharing.md): whoever opened the certificate in full — from
 * its QR link, typed code or file — may keep a copy and share it with subject fields hidden. That
 * gives nobody more than they already see: a shared copy only ever shows less. The page hides the
 * fields itself (core's `hideFields`), so a file never leaves the browser; for a link it encrypts the
 * copy under a new id and a fresh secret and uploads only the ciphertext to the university's server,
 * with an HMAC proving it holds the certificate's QR secret.
 */

/** A verification the page showed, as the holder's view needs it. */
export interface HeldOutcome {
  document: unknown;
  fragments: Fragment[];
  source?: CredentialSource | undefined;
  /** The link or code the credential was opened from, with the chain it is anchored on. */
  locator?: (CredentialLocator & { chainId: number }) | undefined;
}

/** The certificate's own link, with where its university's server is: what the server's holder routes need. */
interface OwnLink {
  locator: CredentialLocator & { chainId: number };
  /** The university's server as the chain records it. */
  universityUrl: string;
}

/** What the holder has done in this view, kept across redraws (a language switch). */
interface HolderState {
  hide: Set<keyof CredentialSubject>;
  busy: "pdf" | "share" | undefined;
  shared?: { link: string | undefined; credential: Credential };
  /** The last failure's message, already in words. */
  error?: string;
}

const states = new WeakMap<object, HolderState>();

const ISSUER_TIMEOUT_MS = 30_000;

const credentialNumber = (credential: Credential): string => credential.id.replace(/^urn:tasdiq:credential:/, "");

/** The certificate's own link (not a shared copy's), when its university's server gave the credential. */
function ownLink(outcome: HeldOutcome, credential: Credential): OwnLink | undefined {
  const { locator, source } = outcome;
  if (!locator || source?.kind !== "university") return undefined;
  if (locator.credentialId !== credentialNumber(credential)) return undefined;
  return { locator, universityUrl: source.url };
}

function saveJson(credential: Credential, name: string): void {
  downloadBlob(new Blob([`${JSON.stringify(credential, null, 2)}\n`], { type: "application/json" }), name);
}

/** The university server's refusal, its message already in the page's language. */
class Refusal extends Error {
  override readonly name = "Refusal";
}

/** A request to one of the university server's holder routes; a refusal is thrown as a {@link Refusal}. */
async function holderRequest(own: OwnLink, route: "derived" | "pdf", body: unknown): Promise<Response> {
  const url = `${storedCredentialUrl(own.universityUrl, own.locator.credentialId)}/${route}`;
  const response = await fetch(url, {
    method: "POST",
    mode: "cors",
    credentials: "omit",
    cache: "no-store",
    referrerPolicy: "no-referrer",
    headers: { "content-type": "application/json", "accept-language": language() },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(ISSUER_TIMEOUT_MS),
  });
  if (response.ok) return response;
  const answer = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
  throw new Refusal(answer?.error?.message ?? t("holder.failed"));
}

async function downloadPdf(own: OwnLink, credential: Credential): Promise<void> {
  const at = Math.floor(Date.now() / 1000);
  const proof = await holderProof(own.locator.secret, own.locator.credentialId, { purpose: "pdf", at });
  const response = await holderRequest(own, "pdf", { at, proof });
  downloadBlob(await response.blob(), `tasdiq-${credentialNumber(credential)}.pdf`);
}

/**
 * The credential with the chosen fields hidden, and, from the certificate's own link, a new link to it:
 * encrypted here under a new id and secret as a QR link's stored credential is, the ciphertext stored
 * by the university's server, the secret only in the link's fragment.
 */
async function share(
  credential: Credential,
  hide: ReadonlySet<keyof CredentialSubject>,
  own: OwnLink | undefined,
): Promise<NonNullable<HolderState["shared"]>> {
  const derived = hideFields(
    credential,
    [...hide].map((field) => `credentialSubject.${field}` as const),
  );
  if (!own) return { link: undefined, credential: derived };
  const id = newCredentialId();
  const secret = crypto.getRandomValues(new Uint8Array(16));
  const encrypted = await encryptCredential(canonicalJson(derived as unknown as JsonValue), secret, id);
  const proof = await holderProof(own.locator.secret, own.locator.credentialId, {
    purpose: "derive",
    derivedId: id,
    encrypted,
  });
  const stored = DerivedCredential.parse(await (await holderRequest(own, "derived", { id, encrypted, proof })).json());
  const url = encodeVerifierUrl(location.origin, { ...own.locator, credentialId: stored.id, secret });
  // The page's own address, so the link opens this same verifier, as the certificate's QR link does.
  return { link: `${location.origin}${location.pathname}${url.slice(url.indexOf("#"))}`, credential: derived };
}

/** The shared copy: its link with a copy button (when there is one) and its file. */
function sharedResult(shared: NonNullable<HolderState["shared"]>): HTMLElement {
  const number = credentialNumber(shared.credential);
  const file = h(
    "button",
    { type: "button", class: "button button--secondary", "data-focus": shared.link ? "shared-file" : "shared" },
    t("holder.shared.file"),
  );
  file.addEventListener("click", () => saveJson(shared.credential, `tasdiq-${number}-shared.json`));
  if (!shared.link)
    return h("div", { class: "holder__shared" }, h("p", { class: "hint" }, t("holder.shared.fileOnly")), file);
  const input = h("input", {
    id: "holder-link",
    "data-focus": "shared",
    class: "text-input holder__link",
    type: "text",
    dir: "ltr",
    readonly: "",
    value: shared.link,
  });
  const copied = h("span", { class: "hint", role: "status" });
  const copy = h("button", { type: "button", class: "button", "data-focus": "copy" }, t("holder.shared.copy"));
  copy.addEventListener("click", () => {
    input.select();
    void navigator.clipboard.writeText(shared.link ?? "").then(
      () => (copied.textContent = t("holder.shared.copied")),
      () => (copied.textContent = t("holder.shared.copyByHand")),
    );
  });
  return h(
    "div",
    { class: "holder__shared" },
    h("label", { for: "holder-link", class: "field-label" }, t("holder.shared.link")),
    h("div", { class: "code-row" }, input, copy),
    copied,
    h("p", { class: "hint" }, t("holder.shared.linkNote")),
    file,
  );
}

/** The element to give focus back to after a redraw: the control with the same `data-focus`. */
function focusKey(panel: HTMLElement): string | undefined {
  const active = document.activeElement;
  return active instanceof HTMLElement && panel.contains(active) ? active.dataset.focus : undefined;
}

/**
 * The holder's panel for a VALID credential shown in full, or nothing: a shared copy (fields already
 * hidden), a revoked, invalid or unchecked certificate get none. The panel redraws itself after each
 * step, keeping the keyboard focus where it was, or moving it to the new link once made.
 */
export function holderPanel(outcome: HeldOutcome): HTMLElement | undefined {
  const parsed = Credential.safeParse(outcome.document);
  if (!parsed.success || verdictOf(outcome.fragments) !== "VALID") return undefined;
  const credential = parsed.data;
  if (Object.keys(credential.proof.hidden).length > 0) return undefined;
  const own = ownLink(outcome, credential);
  let state = states.get(outcome);
  if (!state) states.set(outcome, (state = { hide: new Set(), busy: undefined }));
  const current = state;
  const number = credentialNumber(credential);
  // Redrawn whole at each step, so not announced as it changes (the result area is a live region):
  // one status line, kept across redraws, says what happened.
  const body = h("div", { "aria-live": "off" });
  const status = h("p", { class: "holder__status", role: "status" });
  const panel = h("section", { class: "panel holder", "aria-labelledby": "panel-holder" }, body, status);

  const redraw = (focus?: string): void => {
    const key = focus ?? focusKey(panel);
    body.replaceChildren(...content().filter((child): child is Node | string => Boolean(child)));
    panel.setAttribute("aria-busy", current.busy ? "true" : "false");
    status.textContent =
      current.error ??
      (current.busy ? t(`holder.${current.busy}.busy`) : current.shared ? t("holder.shared.ready") : "");
    status.classList.toggle("holder__status--error", current.error !== undefined);
    if (key) panel.querySelector<HTMLElement>(`[data-focus="${key}"]`)?.focus();
  };

  const run = (step: "pdf" | "share", work: () => Promise<void>): void => {
    current.busy = step;
    delete current.error;
    redraw();
    work()
      .then(
        () => undefined,
        (error: unknown) => {
          // The server's words when it refused; for anything else (offline, timeout) the page's own.
          current.error = error instanceof Refusal ? error.message : t("holder.failed");
        },
      )
      .finally(() => {
        current.busy = undefined;
        redraw(step === "share" && current.shared && !current.error ? "shared" : undefined);
      });
  };

  function downloads(): HTMLElement {
    const row = h("div", { class: "holder__downloads" });
    if (own) {
      const pdf = h(
        "button",
        { type: "button", class: "button button--secondary", "data-focus": "pdf" },
        t(current.busy === "pdf" ? "holder.pdf.busy" : "holder.pdf"),
      );
      pdf.addEventListener("click", () => {
        if (!current.busy) run("pdf", () => downloadPdf(own, credential));
      });
      row.append(pdf);
    }
    const json = h(
      "button",
      { type: "button", class: "button button--secondary", "data-focus": "file" },
      t("holder.file"),
    );
    json.addEventListener("click", () => saveJson(credential, `tasdiq-${number}.json`));
    row.append(json);
    return row;
  }

  function form(): HTMLFormElement {
    const present = SUBJECT_FIELDS.filter((field) => credential.credentialSubject[field] !== undefined);
    const choices = present.map((field) => {
      const id = `holder-hide-${field}`;
      const box = h("input", { type: "checkbox", name: "hide", value: field, id, "data-focus": id });
      box.checked = current.hide.has(field);
      box.addEventListener("change", () => {
        if (box.checked) current.hide.add(field);
        else current.hide.delete(field);
      });
      return h("label", { class: "holder__choice", for: id }, box, t(`field.${field}`));
    });
    const submit = h(
      "button",
      { type: "submit", class: "button", "data-focus": "share" },
      t(current.busy === "share" ? "holder.share.busy" : own ? "holder.share.submit" : "holder.share.submitFile"),
    );
    const element = h(
      "form",
      { class: "holder__form", novalidate: "" },
      h(
        "fieldset",
        { class: "holder__fields", "aria-describedby": "holder-share-hint" },
        h("legend", { class: "field-label" }, t("holder.share.legend")),
        h("p", { id: "holder-share-hint", class: "hint" }, t("holder.share.hint")),
        h("div", { class: "holder__choices" }, ...choices),
      ),
      submit,
    );
    element.addEventListener("submit", (event) => {
      event.preventDefault();
      if (current.busy) return;
      delete current.shared;
      if (current.hide.size === 0) {
        current.error = t("holder.share.none");
        redraw();
        return;
      }
      const hide = new Set(current.hide);
      run("share", async () => {
        current.shared = await share(credential, hide, own);
      });
    });
    return element;
  }

  function content(): Child[] {
    return [
      h("h3", { id: "panel-holder", class: "panel__title" }, t("holder.title")),
      h("p", { class: "hint" }, t(own ? "holder.intro" : "holder.introFile")),
      downloads(),
      h("h4", { class: "holder__subtitle" }, t("holder.share.title")),
      form(),
      current.shared && sharedResult(current.shared),
    ];
  }

  redraw();
  return panel;
}

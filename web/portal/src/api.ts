import type { Role, Session } from "../../../core/api";
import { language } from "./i18n";

const TOKEN_KEY = "tasdiq.portal.session";

/**
 * Whether the signed-in staff member has one of `roles`. The server refuses everyone else anyway; the
 * portal does not offer them what they cannot do.
 */
export const signedInAs = (...roles: Role[]): boolean => roles.some((role) => role === savedSession()?.staff.role);

/** An error answer of the API: its stable code, its message (already in the UI language) and details. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

// sessionStorage, not localStorage: the session ends with the tab, as a shared office computer needs.
export function savedSession(): Session | undefined {
  const saved = sessionStorage.getItem(TOKEN_KEY);
  return saved ? (JSON.parse(saved) as Session) : undefined;
}

export function saveSession(session: Session | undefined): void {
  if (session) sessionStorage.setItem(TOKEN_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** Called when the server no longer accepts the session (expired, revoked, account disabled). */
let onSignedOut: () => void = () => undefined;
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

/** One API request with the session's bearer token, messages asked for in the UI language. */
async function request(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { "accept-language": language() };
  const token = savedSession()?.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined && !(body instanceof FormData)) headers["content-type"] = "application/json";
  const payload = body === undefined || body instanceof FormData ? body : JSON.stringify(body);
  const response = await fetch(path, { method, headers, body: payload });
  if (response.ok) return response;
  const answer = (await response.json().catch(() => ({}))) as {
    error?: { code: string; message: string; details?: unknown };
  };
  if (response.status === 401 && token) onSignedOut();
  throw new ApiFailure(
    response.status,
    answer.error?.code ?? "HTTP_ERROR",
    answer.error?.message ?? response.statusText,
    answer.error?.details,
  );
}

export async function requestJson<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await request(method, path, body);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** What to tell the user of a failed request: the server's message in their language, or the error's. */
export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Saves a file the API serves behind the bearer token (a plain link could not send the token). */
export async function download(path: string, fallbackName: string): Promise<void> {
  const response = await request("GET", path);
  // The server names the file (after the graduate, for a certificate); the fallback is for a server that does not.
  const named = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1];
  const filename = named ?? fallbackName;
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement("a"), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by now; the URL is released a little later for slow browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

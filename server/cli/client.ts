/** Longer than any answer of a healthy server (a large upload included): past it, the server is stuck. */
const REQUEST_TIMEOUT_MS = 120_000;

/** A small client of the issuance API for the command line, authenticated with an API token. */
export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    /** The language of the server's messages: ar, en or fr. */
    private readonly language: string,
  ) {}

  async request<T>(method: string, pathname: string, body?: unknown): Promise<T> {
    const isForm = body instanceof FormData;
    const response = await fetch(new URL(pathname, this.baseUrl), {
      method,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      headers: {
        authorization: `Bearer ${this.token}`,
        "accept-language": this.language,
        ...(body !== undefined && !isForm ? { "content-type": "application/json" } : {}),
      },
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    });
    const payload = (await response.json().catch(() => ({}))) as T & {
      error?: { code: string; message: string; details?: unknown };
    };
    if (!response.ok)
      throw new ApiClientError(
        response.status,
        payload.error?.code ?? "HTTP_ERROR",
        payload.error?.message ?? response.statusText,
        payload.error?.details,
      );
    return payload;
  }
}

export class ApiClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
  }
}

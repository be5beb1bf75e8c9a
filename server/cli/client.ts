/** A small client of the issuance API for the command line, authenticated with an API token. */
export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async request<T>(method: string, pathname: string, body?: unknown): Promise<T> {
    const isForm = body instanceof FormData;
    const response = await fetch(new URL(pathname, this.baseUrl), {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body !== undefined && !isForm ? { "content-type": "application/json" } : {}),
      },
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    });
    const payload = (await response.json().catch(() => ({}))) as T & { error?: { code: string; message: string; details?: unknown } };
    if (!response.ok) throw new ApiClientError(response.status, payload.error?.code ?? "HTTP_ERROR", payload.error?.message ?? response.statusText, payload.error?.details);
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

import type { ErrorRequestHandler, Request } from "express";
import { ZodError } from "zod";
import { TasdiqError } from "../../core";
import type { LocalizedText } from "../../core";
import type { Logger } from "../logger";
import { API_ERROR_MESSAGES, apiErrorMessage } from "./error-messages";
import type { ApiErrorArgs, ApiErrorCode } from "./error-messages";
import { issueMessage } from "./field-messages";

export type Language = keyof LocalizedText;

/**
 * An error the API answers with on purpose: an HTTP status, a stable code from the registry
 * (`error-messages.ts`) and its message in ar/en/fr. Parameters of the message come first, then details.
 */
export class ApiError<C extends ApiErrorCode = ApiErrorCode> extends TasdiqError {
  override readonly name = "ApiError";
  declare readonly code: C;
  readonly messages: LocalizedText;

  constructor(
    readonly status: number,
    code: C,
    ...args: ApiErrorArgs<C>
  ) {
    const { messages, details } = apiErrorMessage(code, ...args);
    super(code, messages.en, { details });
    this.messages = messages;
  }
}

/** The language of the person behind a request, from Accept-Language (ar, en or fr; English by default). */
function languageOf(request: Request): Language {
  // The first one named is what a request without Accept-Language (or with `*`) gets.
  const accepted = request.acceptsLanguages("en", "ar", "fr");
  return accepted === "ar" || accepted === "fr" ? accepted : "en";
}

export const notFound = (): ApiError => new ApiError(404, "NOT_FOUND");
export const forbidden = (): ApiError => new ApiError(403, "FORBIDDEN");

/** Each field's problem: its path, zod's stable code, and a message in the caller's language. */
function zodDetails(error: ZodError, language: Language): { path: string; code: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: issue.path.join("."),
    code: issue.code,
    message: issueMessage(issue, language),
  }));
}

/** Maps every error to its HTTP answer, in one place. Only bugs give a 500. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, request, response, _next) => {
    const language = languageOf(request);
    const send = (status: number, code: ApiErrorCode, messages: LocalizedText, details?: unknown): void => {
      response
        .status(status)
        .json({ error: { code, message: messages[language], ...(details === undefined ? {} : { details }) } });
    };
    if (error instanceof ApiError) return send(error.status, error.code, error.messages, error.details);
    if (error instanceof ZodError)
      return send(400, "VALIDATION_FAILED", API_ERROR_MESSAGES.VALIDATION_FAILED, zodDetails(error, language));
    const type = (error as { type?: string }).type;
    const status = (error as { status?: number }).status;
    if (type === "entity.parse.failed") return send(400, "MALFORMED_JSON", API_ERROR_MESSAGES.MALFORMED_JSON);
    if (type === "entity.too.large" || (error as { code?: string }).code === "LIMIT_FILE_SIZE") {
      return send(413, "PAYLOAD_TOO_LARGE", API_ERROR_MESSAGES.PAYLOAD_TOO_LARGE);
    }
    if (type === "charset.unsupported" || type === "encoding.unsupported") {
      return send(415, "UNSUPPORTED_MEDIA_TYPE", API_ERROR_MESSAGES.UNSUPPORTED_MEDIA_TYPE);
    }
    if (typeof status === "number" && status >= 400 && status < 500) {
      return send(status, "BAD_REQUEST", API_ERROR_MESSAGES.BAD_REQUEST, (error as Error).message);
    }
    logger.error({ err: error, method: request.method, path: request.path }, "unhandled error");
    send(500, "INTERNAL", API_ERROR_MESSAGES.INTERNAL);
  };
}

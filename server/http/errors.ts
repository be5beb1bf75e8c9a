import type { ErrorRequestHandler, Request } from "express";
import { ZodError } from "zod";
import type { LocalizedText } from "../../core";
import type { Logger } from "../logger";
import { issueMessage } from "./field-messages";

export type Language = keyof LocalizedText;

/** An error the API answers with on purpose: an HTTP status, a stable code and a message in ar/en/fr. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messages: LocalizedText,
    readonly details?: unknown,
  ) {
    super(messages.en);
  }
}

/** The language of the person behind a request, from Accept-Language (ar, en or fr; English by default). */
export function languageOf(request: Request): Language {
  // The first one named is what a request without Accept-Language (or with `*`) gets.
  const accepted = request.acceptsLanguages("en", "ar", "fr");
  return accepted === "ar" || accepted === "fr" ? accepted : "en";
}

export const MESSAGES = {
  VALIDATION_FAILED: {
    ar: "بعض البيانات المرسلة غير صحيحة.",
    en: "Some of the data sent is not valid.",
    fr: "Certaines données envoyées ne sont pas valides.",
  },
  MALFORMED_JSON: {
    ar: "نص الطلب ليس JSON صالحًا.",
    en: "The request body is not valid JSON.",
    fr: "Le corps de la requête n'est pas un JSON valide.",
  },
  PAYLOAD_TOO_LARGE: {
    ar: "الطلب أو الملف كبير جدًا.",
    en: "The request or file is too large.",
    fr: "La requête ou le fichier est trop volumineux.",
  },
  UNSUPPORTED_MEDIA_TYPE: {
    ar: "نوع المحتوى غير مدعوم.",
    en: "This content type is not supported.",
    fr: "Ce type de contenu n'est pas pris en charge.",
  },
  UNAUTHENTICATED: { ar: "يلزم تسجيل الدخول.", en: "You need to sign in.", fr: "Vous devez vous connecter." },
  FORBIDDEN: {
    ar: "ليست لديك صلاحية لهذا الإجراء.",
    en: "You are not allowed to do this.",
    fr: "Vous n'êtes pas autorisé à effectuer cette action.",
  },
  NOT_FOUND: { ar: "غير موجود.", en: "Not found.", fr: "Introuvable." },
  INTERNAL: {
    ar: "حدث خطأ داخلي. لم يُفقد شيء؛ أعد المحاولة.",
    en: "An internal error occurred. Nothing was lost; try again.",
    fr: "Une erreur interne s'est produite. Rien n'est perdu ; réessayez.",
  },
} as const satisfies Record<string, LocalizedText>;

export const notFound = (): ApiError => new ApiError(404, "NOT_FOUND", MESSAGES.NOT_FOUND);
export const forbidden = (): ApiError => new ApiError(403, "FORBIDDEN", MESSAGES.FORBIDDEN);

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
    const send = (status: number, code: string, messages: LocalizedText, details?: unknown): void => {
      response
        .status(status)
        .json({ error: { code, message: messages[language], ...(details === undefined ? {} : { details }) } });
    };
    if (error instanceof ApiError) return send(error.status, error.code, error.messages, error.details);
    if (error instanceof ZodError)
      return send(400, "VALIDATION_FAILED", MESSAGES.VALIDATION_FAILED, zodDetails(error, language));
    const type = (error as { type?: string }).type;
    const status = (error as { status?: number }).status;
    if (type === "entity.parse.failed") return send(400, "MALFORMED_JSON", MESSAGES.MALFORMED_JSON);
    if (type === "entity.too.large" || (error as { code?: string }).code === "LIMIT_FILE_SIZE") {
      return send(413, "PAYLOAD_TOO_LARGE", MESSAGES.PAYLOAD_TOO_LARGE);
    }
    if (type === "charset.unsupported" || type === "encoding.unsupported") {
      return send(415, "UNSUPPORTED_MEDIA_TYPE", MESSAGES.UNSUPPORTED_MEDIA_TYPE);
    }
    if (typeof status === "number" && status >= 400 && status < 500) {
      return send(status, "BAD_REQUEST", MESSAGES.VALIDATION_FAILED, (error as Error).message);
    }
    logger.error({ err: error, method: request.method, path: request.path }, "unhandled error");
    send(500, "INTERNAL", MESSAGES.INTERNAL);
  };
}

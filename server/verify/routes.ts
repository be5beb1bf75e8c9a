import { Router } from "express";
import { z } from "zod";
import type { AppContext } from "../context";
import { DEFAULT_ANONYMOUS_LIMITS, VerificationGate } from "../public/limits";
import { verify } from "./service";

/** A credential as JSON, or the QR link, or the typed code. */
export const VerifyRequest = z.union([
  z.strictObject({ credential: z.unknown().refine((value) => value !== undefined, "required") }),
  z.strictObject({ url: z.string().min(1).max(2000) }),
  z.strictObject({ code: z.string().min(1).max(200) }),
]);

/** `POST /api/verify`: the verifier's checks for employers' systems, open to anyone. */
export function verifyRoutes(context: AppContext): Router {
  const router = Router();
  const gate = new VerificationGate((context.config.anonymousLimits ?? DEFAULT_ANONYMOUS_LIMITS).verifyConcurrency);
  router.post("/verify", async (request, response) => {
    const input = VerifyRequest.parse(request.body) as { credential: unknown } | { url: string } | { code: string };
    const result = await gate.run(response, () => verify(context, input));
    // Sent without express's ETag: every answer is computed afresh, and hashing it cost a few percent.
    response.set("Access-Control-Allow-Origin", "*").type("json").end(JSON.stringify(result));
  });
  return router;
}

import type { VerificationContext } from "../context";

/** Checks after FORMAT need a well-formed credential. */
export const wellFormed = (context: VerificationContext): boolean => context.credential !== undefined;

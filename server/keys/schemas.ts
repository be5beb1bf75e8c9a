import { z } from "zod";

/** A rotation takes no parameters: the server generates the key. Anything sent is refused, not ignored. */
export const RotateKeyRequest = z.strictObject({});

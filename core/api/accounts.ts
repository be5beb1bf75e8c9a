import { z } from "zod";

/** What a staff member may do at their university. */
export const ROLES = ["registrar", "approver", "admin"] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/**
 * What an API token may do, on top of its owner's role: read (reads, except staff and tokens), issue
 * (issue one or many, re-seal a failed batch), revoke (certificates and batches), keys (list and
 * rotate signer keys, for the command line).
 */
export const SCOPES = ["read", "issue", "revoke", "keys"] as const;
const Scope = z.enum(SCOPES);
export type Scope = z.infer<typeof Scope>;

const millis = (description: string) =>
  z
    .number()
    .int()
    .meta({ description: `${description} (UNIX milliseconds)` });

export const Staff = z
  .object({
    id: z.number().int(),
    universityId: z.number().int(),
    email: z.string(),
    name: z.string(),
    role: Role,
    disabled: z.boolean(),
    mustChangePassword: z
      .boolean()
      .meta({ description: "Signed in with an administrator's one-time password: only the password change is open" }),
    createdAt: millis("Created"),
  })
  .meta({ id: "Staff" });
export type Staff = z.infer<typeof Staff>;

export const Session = z
  .object({ token: z.string(), expiresAt: millis("The session ends"), staff: Staff })
  .meta({ id: "Session" });
export type Session = z.infer<typeof Session>;

export const StaffList = z.object({ staff: z.array(Staff) });
export type StaffList = z.infer<typeof StaffList>;

export const PasswordResetAnswer = z.object({
  staff: Staff,
  password: z.string().optional().meta({ description: "The one-time password the server made up, shown once" }),
});
export type PasswordResetAnswer = z.infer<typeof PasswordResetAnswer>;

export const ApiToken = z
  .object({
    id: z.number().int(),
    kind: z.literal("api"),
    label: z.string(),
    scopes: z.array(Scope),
    createdAt: millis("Created"),
    expiresAt: millis("Expires"),
  })
  .meta({ id: "ApiToken" });
export type ApiToken = z.infer<typeof ApiToken>;

export const ApiTokenList = z.object({ tokens: z.array(ApiToken) });
export type ApiTokenList = z.infer<typeof ApiTokenList>;

export const NewApiTokenAnswer = z.object({
  id: z.number().int(),
  token: z.string().meta({ description: "The secret value, shown only this once" }),
  label: z.string(),
  scopes: z.array(Scope),
  expiresAt: millis("Expires"),
});
export type NewApiTokenAnswer = z.infer<typeof NewApiTokenAnswer>;

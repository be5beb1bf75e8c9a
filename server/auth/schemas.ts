import { z } from "zod";
import { API_TOKEN_DEFAULT_DAYS, API_TOKEN_MAX_DAYS, ROLES, SCOPES } from "./tokens";

export const LoginRequest = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(1).max(1024),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

const Role = z.enum(ROLES);

export const NewStaff = z.strictObject({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(200),
  role: Role,
  /** Checked against the password policy (`password-policy.ts`), with its messages in ar/en/fr. */
  password: z.string().min(1).max(1024),
});

export const StaffChange = z.strictObject({ role: Role.optional(), disabled: z.boolean().optional() });

export const NewApiToken = z.strictObject({
  label: z.string().trim().min(1).max(100),
  scopes: z
    .array(z.enum(SCOPES))
    .min(1)
    .transform((scopes) => [...new Set(scopes)]),
  days: z
    .number()
    .int()
    .min(1)
    .max(API_TOKEN_MAX_DAYS)
    .default(API_TOKEN_DEFAULT_DAYS)
    .meta({ description: "Days until the token expires" }),
});

export const PasswordChange = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(1).max(1024),
});

/** An admin's reset; without a password the server makes one up. Either way it is one-time. */
export const PasswordReset = z.strictObject({ password: z.string().min(1).max(1024).optional() });

export const IdParam = z.strictObject({ id: z.coerce.number().int().positive() });

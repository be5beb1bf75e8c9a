import { z } from "zod";
import { ROLES } from "./tokens";

export const LoginRequest = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(1).max(1024),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const Role = z.enum(ROLES as ["registrar", "approver", "admin"]);

export const NewStaff = z.strictObject({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(200),
  role: Role,
  password: z.string().min(12, "at least 12 characters").max(1024),
});

export const StaffChange = z.strictObject({ role: Role.optional(), disabled: z.boolean().optional() });

export const NewApiToken = z.strictObject({ label: z.string().trim().min(1).max(100) });

export const IdParam = z.strictObject({ id: z.coerce.number().int().positive() });

import { randomBytes } from "node:crypto";
import { Router } from "express";
import { recordAudit } from "../audit-log";
import { currentStaff, requireRole } from "../auth/middleware";
import { checkPassword } from "../auth/password-policy";
import { IdParam, NewStaff, PasswordReset, StaffChange } from "../auth/schemas";
import type { AppContext } from "../context";
import { ApiError, notFound } from "../http/errors";
import { setPassword } from "../auth/passwords";
import { activeAdminCount, createStaff, emailTaken, getStaff, listStaff, updateStaff } from "./service";

/** Staff management, for the admins of a university, limited to their own university. */
export function staffRoutes(context: AppContext): Router {
  const { db, clock } = context;
  const router = Router();
  router.use("/staff", requireRole("admin"));

  /** A staff member of the admin's own university; any other is "not found", so none is revealed. */
  const colleague = (request: { params: unknown }, adminUniversity: number) => {
    const { id } = IdParam.parse(request.params);
    const target = getStaff(db, id);
    if (!target || target.universityId !== adminUniversity) throw notFound();
    return target;
  };

  router.get("/staff", (_request, response) => {
    response.json({ staff: listStaff(db, currentStaff(response).universityId) });
  });

  router.post("/staff", async (request, response) => {
    const input = NewStaff.parse(request.body);
    const admin = currentStaff(response);
    if (emailTaken(db, input.email)) throw new ApiError(409, "EMAIL_TAKEN");
    checkPassword(input.password, input.email);
    const created = await createStaff(db, { ...input, universityId: admin.universityId }, clock());
    recordAudit(
      db,
      {
        universityId: admin.universityId,
        staffId: admin.id,
        action: "staff.create",
        target: String(created.id),
        detail: { email: created.email, role: created.role },
        ip: request.ip,
      },
      clock(),
    );
    response.status(201).json(created);
  });

  router.patch("/staff/:id", (request, response) => {
    const admin = currentStaff(response);
    const target = colleague(request, admin.universityId);
    const change = StaffChange.parse(request.body);
    const losesAdmin = change.disabled === true || (change.role !== undefined && change.role !== "admin");
    if (target.role === "admin" && !target.disabled && losesAdmin && activeAdminCount(db, admin.universityId) <= 1) {
      throw new ApiError(409, "LAST_ADMIN");
    }
    updateStaff(db, target.id, change, clock());
    recordAudit(
      db,
      {
        universityId: admin.universityId,
        staffId: admin.id,
        action: "staff.update",
        target: String(target.id),
        detail: change,
        ip: request.ip,
      },
      clock(),
    );
    response.json(getStaff(db, target.id));
  });

  // The new password is one-time whoever chose it: its holder picks their own at the next sign-in.
  router.post("/staff/:id/password", async (request, response) => {
    const admin = currentStaff(response);
    const target = colleague(request, admin.universityId);
    const { password } = PasswordReset.parse(request.body);
    if (target.id === admin.id) throw new ApiError(409, "OWN_PASSWORD");
    const oneTime = password ?? randomBytes(12).toString("base64url");
    checkPassword(oneTime, target.email);
    await setPassword(db, target.id, oneTime, { oneTime: true }, clock());
    recordAudit(
      db,
      {
        universityId: admin.universityId,
        staffId: admin.id,
        action: "staff.password_reset",
        target: String(target.id),
        detail: { generated: password === undefined },
        ip: request.ip,
      },
      clock(),
    );
    response.json({ staff: getStaff(db, target.id), ...(password === undefined ? { password: oneTime } : {}) });
  });

  return router;
}

import { Router } from "express";
import { recordAudit } from "../audit-log";
import { currentStaff, requireRole } from "../auth/middleware";
import { IdParam, NewStaff, StaffChange } from "../auth/schemas";
import type { AppContext } from "../context";
import { ApiError, notFound } from "../http/errors";
import { createStaff, getStaff, listStaff, updateStaff } from "./service";

const EMAIL_TAKEN = {
  ar: "هذا البريد الإلكتروني مستخدم لحساب آخر.",
  en: "This email is already used by another account.",
  fr: "Cette adresse e-mail est déjà utilisée par un autre compte.",
};

/** Staff management, for the admins of a university, limited to their own university. */
export function staffRoutes(context: AppContext): Router {
  const { db, clock } = context;
  const router = Router();
  router.use("/staff", requireRole("admin"));

  router.get("/staff", (_request, response) => {
    response.json({ staff: listStaff(db, currentStaff(response).universityId) });
  });

  router.post("/staff", async (request, response) => {
    const input = NewStaff.parse(request.body);
    const admin = currentStaff(response);
    if (db.prepare("SELECT 1 FROM staff WHERE email = ?").get(input.email)) throw new ApiError(409, "EMAIL_TAKEN", EMAIL_TAKEN);
    const created = await createStaff(db, { ...input, universityId: admin.universityId }, clock());
    recordAudit(db, { universityId: admin.universityId, staffId: admin.id, action: "staff.create", target: String(created.id), detail: { email: created.email, role: created.role }, ip: request.ip }, clock());
    response.status(201).json(created);
  });

  router.patch("/staff/:id", (request, response) => {
    const { id } = IdParam.parse(request.params);
    const change = StaffChange.parse(request.body);
    const admin = currentStaff(response);
    const target = getStaff(db, id);
    if (!target || target.universityId !== admin.universityId) throw notFound();
    updateStaff(db, id, change, clock());
    recordAudit(db, { universityId: admin.universityId, staffId: admin.id, action: "staff.update", target: String(id), detail: change, ip: request.ip }, clock());
    response.json(getStaff(db, id));
  });

  return router;
}

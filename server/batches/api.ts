import { ApprovalPolicy, Batch, BatchList, BatchRevocationQueued, ResealAnswer } from "../../core/api";
import { RevokeRequest } from "../certificates/schemas";
import { NOT_ANCHORED, failure, json, jsonBody, numericIdPath, signedInErrors } from "../http/api-paths";
import type { ApiPaths } from "../http/api-paths";
import { ApprovalPolicyRequest, RefuseRequest } from "./schemas";

const review = {
  "403": failure("Role not allowed, or the caller created certificates of this batch (SELF_APPROVAL)"),
  "409": failure("Not awaiting approval (NOT_AWAITING_APPROVAL)"),
};

/** The routes of `routes.ts`: batches, their approval, re-seal, revocation and zip of PDFs; the approval policy. */
export const batchesApi: ApiPaths = {
  "/api/batches": {
    get: {
      summary: "Batches with their anchoring status",
      responses: { "200": json(BatchList, "Batches"), ...signedInErrors },
    },
  },
  "/api/batches/{id}": {
    get: {
      summary: "One batch",
      requestParams: { path: numericIdPath },
      responses: { "200": json(Batch, "Batch"), ...signedInErrors, "404": failure("Unknown, or another university's") },
    },
  },
  "/api/batches/{id}/pdfs.zip": {
    get: {
      summary: "The PDFs of an anchored batch in one zip (at most 5,000 certificates)",
      requestParams: { path: numericIdPath },
      responses: {
        "200": {
          description:
            "application/zip, one PDF per certificate in student identifier order, named <identifier>_<Latin-name>_<certificate id>.pdf (ASCII letters, digits, dots and hyphens)",
        },
        ...signedInErrors,
        "409": failure(NOT_ANCHORED),
        "413": failure("Batch too large (BATCH_TOO_LARGE)"),
      },
    },
  },
  "/api/batches/{id}/approve": {
    post: {
      summary: "Approve a batch held by the approval policy (approver, admin; none of its creators)",
      requestParams: { path: numericIdPath },
      responses: { "200": json(Batch, "Approved; the batch with approvedBy"), ...signedInErrors, ...review },
    },
  },
  "/api/batches/{id}/refuse": {
    post: {
      summary:
        "Refuse a batch held by the approval policy (approver, admin; none of its creators): it and its certificates fail, naming the refuser, and are never anchored",
      requestParams: { path: numericIdPath },
      requestBody: jsonBody(RefuseRequest),
      responses: {
        "200": json(Batch, "Refused; the batch with refusedBy and failure"),
        ...signedInErrors,
        ...review,
      },
    },
  },
  "/api/batches/{id}/reseal": {
    post: {
      summary:
        "Return the certificates of a failed batch to pending, with fresh salts, to be sealed into a new batch (registrar, admin); the failed batch stays as it is",
      requestParams: { path: numericIdPath },
      responses: {
        "202": json(ResealAnswer, "The failed batch and how many certificates were returned to pending"),
        ...signedInErrors,
        "409": failure(
          "Not a failed batch, refused by an approver, already re-sealed (NOT_RESEALABLE), or the university still cannot issue (UNIVERSITY_SUSPENDED, SIGNER_KEY_INVALID)",
        ),
      },
    },
  },
  "/api/batches/{id}/revoke": {
    post: {
      summary: "Revoke a whole batch",
      requestParams: { path: numericIdPath },
      requestBody: jsonBody(RevokeRequest),
      responses: {
        "202": json(BatchRevocationQueued, "Revocation queued"),
        ...signedInErrors,
        "409": failure("Already revoked (ALREADY_REVOKED)"),
      },
    },
  },
  "/api/approval-policy": {
    get: {
      summary:
        "The four-eyes policy in force: more than `threshold` certificates by one person within `windowHours`, or in one batch, need an approver",
      responses: { "200": json(ApprovalPolicy, "Policy"), ...signedInErrors },
    },
    put: {
      summary: "Set the university's own approval policy (admin)",
      requestBody: jsonBody(ApprovalPolicyRequest),
      responses: { "200": json(ApprovalPolicy, "Policy now in force"), ...signedInErrors },
    },
  },
};

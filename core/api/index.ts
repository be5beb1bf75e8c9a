/**
 * The issuance API's answers as zod schemas and types: the server declares its routes with them (and
 * the OpenAPI document comes from those declarations), the portal and the command line read the
 * answers as these types. Schemas only: no I/O, nothing of the server, so a web page can import it.
 */
export * from "./accounts";
export * from "./batches";
export * from "./certificates";
export * from "./common";
export * from "./keys";
export * from "./public";

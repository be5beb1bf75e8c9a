export { Address, Deployment } from "./deployment";

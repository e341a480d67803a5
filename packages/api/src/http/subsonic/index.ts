export { createSubsonicHandler, type SubsonicOptions } from "./handler";

// Writes the REST client types generated from the OpenAPI document (see src/rest/client-types.ts).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CLIENT_TYPES_FILE, generateClientTypes } from "../src/rest/client-types";

writeFileSync(CLIENT_TYPES_FILE, await generateClientTypes());
console.log(`wrote ${fileURLToPath(CLIENT_TYPES_FILE)}`);

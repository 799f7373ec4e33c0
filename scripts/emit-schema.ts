// Writes schema.graphql from the code-first schema. test/unit/schema/schema-file.test.ts fails when it is stale.
import "reflect-metadata";
import { writeFileSync } from "node:fs";
import { printSchemaFile } from "../src/schema/print-schema.js";

writeFileSync(new URL("../schema.graphql", import.meta.url), await printSchemaFile());
console.log("schema.graphql written");

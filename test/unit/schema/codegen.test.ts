import { generate, loadCodegenConfig } from "@graphql-codegen/cli";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import possibleTypes from "../../../src/generated/possible-types.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const OUTPUTS = ["test/generated/operations.ts", "src/generated/possible-types.ts"];

describe("codegen", () => {
  it("every committed output matches codegen.yml's output (run `npm run codegen` when this fails)", async () => {
    const { config } = await loadCodegenConfig({ configFilePath: `${root}codegen.yml` });
    const outputs: Array<{ filename: string; content: string }> = await generate({ ...config, cwd: root, silent: true }, false);
    // Outputs are generated concurrently: their order says nothing.
    expect(outputs.map((output) => output.filename).sort()).toEqual([...OUTPUTS].sort());
    for (const output of outputs) expect(readFileSync(`${root}${output.filename}`, "utf8"), output.filename).toBe(output.content);
  });

  it("possibleTypes lists both members of the PortabilityResult union", () => {
    expect(possibleTypes.possibleTypes).toEqual({ PortabilityResult: ["Portability", "PortabilityCheckError"] });
  });
});

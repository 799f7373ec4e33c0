import { generate, loadCodegenConfig } from "@graphql-codegen/cli";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));

describe("codegen", () => {
  it("test/generated/operations.ts matches codegen.yml's output (run `npm run codegen` when this fails)", async () => {
    const { config } = await loadCodegenConfig({ configFilePath: `${root}codegen.yml` });
    const outputs = await generate({ ...config, cwd: root, silent: true }, false);
    expect(outputs.map((output: { filename: string }) => output.filename)).toEqual(["test/generated/operations.ts"]);
    expect(readFileSync(`${root}test/generated/operations.ts`, "utf8")).toBe(outputs[0]!.content);
  });
});

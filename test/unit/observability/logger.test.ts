import { Writable } from "node:stream";
import { beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../../src/observability/logger.js";

const TOKEN = "tok-5uper-s3cret";

describe("createLogger (the production logger)", () => {
  let lines: string[];
  let logger: ReturnType<typeof createLogger>;
  const last = () => JSON.parse(lines.at(-1)!) as Record<string, unknown>;
  beforeEach(() => {
    lines = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
        done();
      },
    });
    logger = createLogger("trace", sink);
  });

  it("writes JSON lines with the service name and the level", () => {
    logger.debug({ n: 1 }, "hello");
    expect(last()).toMatchObject({ level: 20, service: "portability-graphql", n: 1, msg: "hello" });
  });

  it("respects the level", () => {
    const quiet = createLogger("warn", new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) }));
    quiet.info("not written");
    quiet.warn("written");
    expect(lines).toHaveLength(1);
  });

  it.each(["authorization", "password", "token", "secret"])("censors a top-level %s", (name) => {
    logger.info({ [name]: TOKEN, keep: "visible" }, "x");
    expect(last()).toMatchObject({ [name]: "[redacted]", keep: "visible" });
    expect(lines.at(-1)).not.toContain(TOKEN);
  });

  it.each(["authorization", "password", "token", "secret"])("censors %s one level deep", (name) => {
    logger.info({ upstream: { [name]: TOKEN, keep: "visible" } }, "x");
    expect(last()).toMatchObject({ upstream: { [name]: "[redacted]", keep: "visible" } });
    expect(lines.at(-1)).not.toContain(TOKEN);
  });

  it("censors headers.authorization, also inside a request object", () => {
    logger.info({ headers: { authorization: `Bearer ${TOKEN}`, accept: "json" } }, "x");
    expect(last()).toMatchObject({ headers: { authorization: "[redacted]", accept: "json" } });
    logger.info({ req: { headers: { authorization: `Basic ${TOKEN}` } } }, "x");
    expect(last()).toMatchObject({ req: { headers: { authorization: "[redacted]" } } });
    expect(lines.join("\n")).not.toContain(TOKEN);
  });

  it("keeps censoring in child loggers (the per-request logger)", () => {
    logger.child({ requestId: "r-1" }).warn({ token: TOKEN, client: { secret: TOKEN } }, "x");
    expect(last()).toMatchObject({ requestId: "r-1", token: "[redacted]", client: { secret: "[redacted]" } });
    expect(lines.at(-1)).not.toContain(TOKEN);
  });

  it.each([
    ["+14155550100", "+1********00"],
    ["+447400123456", "+44********56"],
    ["4155550100", "[masked]"],
    ["anything typed", "[masked]"],
  ])("masks a phoneNumber field %j as %j", (phoneNumber, masked) => {
    logger.info({ phoneNumber }, "x");
    expect(last().phoneNumber).toBe(masked);
    expect(lines.at(-1)).not.toContain(phoneNumber);
  });

  it("scrubs numbers from an error's message and stack, keeping its type", () => {
    const error = new TypeError("check failed for +14155550100 (4155550100)");
    logger.error({ err: error }, "boom");
    const err = last().err as Record<string, string>;
    expect(err.type).toBe("TypeError");
    expect(err.message).toBe("check failed for +1********00 (********00)");
    expect(err.stack.startsWith("TypeError: check failed for +1********00 (********00)\n    at ")).toBe(true);
    expect(lines.at(-1)).not.toMatch(/4155550100/);
  });

  it("keeps only type, message and stack of an error: no other own property (such as a config or a body) is written", () => {
    const error = Object.assign(new Error("upstream failed"), { body: `token=${TOKEN}`, config: { password: TOKEN } });
    logger.error({ err: error }, "boom");
    expect(Object.keys(last().err as object).sort()).toEqual(["message", "stack", "type"]);
    expect(lines.at(-1)).not.toContain(TOKEN);
  });

  it("writes an error's cause chain into message and stack (pino's err serializer), scrubbed of numbers too", () => {
    logger.error({ err: new Error("check failed", { cause: new Error("socket to +14155550100 closed") }) }, "boom");
    const err = last().err as Record<string, string>;
    expect(err.message).toBe("check failed: socket to +1********00 closed");
    expect(err.stack).toContain("caused by: Error: socket to +1********00 closed");
    expect(lines.at(-1)).not.toContain("4155550100");
  });
});

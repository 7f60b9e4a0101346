import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

describe("megaroth serve: bad input", () => {
  it.each([
    [
      ["serve", "--port", "99999"],
      {},
      /^megaroth: --port: "99999" is not allowed \(allowed: a whole number 0–65535\)\n$/,
    ],
    [["serve", "--port", "http"], {}, /^megaroth: --port: "http" is not allowed/],
    [
      ["serve"],
      { PORT: "abc" },
      /^megaroth: PORT environment variable: "abc" is not allowed \(allowed: a whole number 0–65535\)\n$/,
    ],
  ] as const)("%j %j: one line, exit 2, nothing served", (args, env, message) => {
    const result = runCli(args, { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe("");
  });
});

import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/commands.js";
import { addFiguresOption, buildProgram, commandNamed } from "../../src/cli/main.js";
import { MAX_DOLLARS, MAX_DOLLARS_TEXT } from "../../src/cli/options.js";
import { runCli } from "../helpers/cli.js";

/**
 * The CLI loads only the command that runs (src/cli/commands.ts): what `--help` lists comes from the table,
 * so the table must say what the loaded commands would.
 */
const BUNDLE = fileURLToPath(new URL("../../dist/cli-bundle/", import.meta.url));

function helpOf(program: Command): string {
  let text = "";
  program.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
  program.outputHelp();
  return text;
}

describe("command table", () => {
  it("gives each command the help term commander prints once the command is loaded", async () => {
    for (const entry of COMMANDS) {
      const program = new Command("megaroth");
      const command = program.command(entry.name).description(entry.description);
      (await entry.load())(command);
      addFiguresOption(command);
      expect(program.createHelp().subcommandTerm(command), entry.name).toBe(entry.term);
    }
  });

  it("lists every command in --help exactly as with every module loaded", async () => {
    const lazy = await buildProgram([]);
    const full = await buildProgram("all");
    expect(helpOf(lazy)).toBe(helpOf(full));
    expect(helpOf(lazy)).toContain("acp [options] <file>");
    for (const entry of COMMANDS) expect(helpOf(lazy)).toContain(entry.name);
  });

  it("each command module lists no description of its own (the table holds it)", () => {
    const dir = fileURLToPath(new URL("../../src/cli/commands/", import.meta.url));
    for (const file of readdirSync(dir)) {
      const text = readFileSync(`${dir}${file}`, "utf8");
      expect(text, file).not.toMatch(/program\s*\.command\(/);
    }
  });

  it("finds the command a command line runs, and only that one", () => {
    expect(commandNamed(["room", "--year", "2026", "--json"])).toEqual(["room"]);
    expect(commandNamed(["--version"])).toEqual([]);
    expect(commandNamed(["help", "batch"])).toEqual(["batch"]);
    expect(commandNamed(["nosuch", "--x"])).toEqual([]);
    expect(commandNamed(["ledger", "balance", "--json"])).toEqual(["ledger"]);
  });

  it("spells MAX_DOLLARS as en-US would, without starting ICU", () => {
    expect(MAX_DOLLARS_TEXT).toBe(MAX_DOLLARS.toLocaleString("en-US"));
  });
});

describe("the built CLI (bundle)", () => {
  it("runs a command, shows help for one, and suggests for a typo", () => {
    expect(runCli(["room", "--help"]).stdout).toContain("--compensation <dollars>");
    expect(runCli(["help", "limits"]).stdout).toContain("--year <year>");
    const typo = runCli(["rom"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("(Did you mean room?)");
  });

  it("keeps better-sqlite3 out of the bundle and loads no other command for `room`", () => {
    const files = readdirSync(BUNDLE).filter((f) => f.endsWith(".js"));
    const all = files.map((f) => readFileSync(`${BUNDLE}${f}`, "utf8")).join("\n");
    expect(all).toContain('from "better-sqlite3"');
    const main = readFileSync(`${BUNDLE}main.js`, "utf8");
    // the entry imports commands only through import(): no static import of a command chunk
    for (const entry of COMMANDS) {
      expect(main).not.toMatch(new RegExp(`^import [^;]*"\\./${entry.name}-`, "m"));
    }
  });
});

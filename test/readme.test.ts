import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// Issue #16 item 4: every `$ megaroth …` (or `$ npx megaroth …`) shown in the README prints what the README
// shows. A block is run top to bottom in one working directory (with the repository's examples/ and docs/),
// the whole README in order, so the ledger walk-through builds on its earlier commands; `$ export NAME=value`
// sets the environment for the commands after it. An output with a `…` is an excerpt: each shown line must
// appear, in order, where `…` inside a line stands for any text and a line of `…` alone for any lines; an
// output without `…` must be exactly what the command prints. Needs the CLI built (`npm run build`).

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const BIN = join(ROOT, "bin/megaroth.js");
const README = readFileSync(join(ROOT, "README.md"), "utf8");

interface ReadmeCommand {
  /** Line of the README where the command starts (1-based). */
  readonly line: number;
  readonly text: string;
  /** The megaroth arguments, or for `$ node examples/….mjs` the script; null for a command not checked. */
  readonly args: string[] | null;
  readonly node?: boolean;
  /** `> FILE`: stdout goes to that file (in the working directory), and nothing is shown. */
  readonly redirect?: string;
  readonly env: Record<string, string> | null;
  readonly expected: string[];
}

/** Words of a command line, as sh splits them (quotes and backslash escapes; no expansion). */
function shellWords(text: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === "\\" && quote === '"' && /["\\$`]/.test(text[i + 1] ?? "")) word += text[++i];
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === "\\") {
      word += text[++i] ?? "";
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else if (ch === "#" && !inWord) {
      break; // a comment to the end of the line
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unclosed quote in: ${text}`);
  if (inWord) words.push(word);
  return words;
}

/** The README's `$ …` commands, each with the output lines shown under it. */
function readmeCommands(markdown: string): ReadmeCommand[] {
  const lines = markdown.split("\n");
  const out: ReadmeCommand[] = [];
  let inBlock = false;
  let current: { line: number; text: string; expected: string[] } | null = null;
  const flush = () => {
    if (!current) return;
    const all = shellWords(current.text);
    const gt = all.indexOf(">");
    const words = gt >= 0 ? all.slice(0, gt) : all;
    const isMegaroth = words[0] === "megaroth" || (words[0] === "npx" && words[1] === "megaroth");
    const isExample = words[0] === "node" && /^examples\/[\w-]+\.mjs$/.test(words[1] ?? "");
    const env =
      words[0] === "export"
        ? Object.fromEntries(words.slice(1).map((w) => w.split("=", 2) as [string, string]))
        : null;
    const expected = [...current.expected];
    while (expected.length > 0 && expected.at(-1)!.trim() === "") expected.pop();
    out.push({
      line: current.line,
      text: current.text,
      args: isMegaroth ? words.slice(words[0] === "npx" ? 2 : 1) : isExample ? words.slice(1) : null,
      node: isExample,
      ...(gt >= 0 && { redirect: all[gt + 1] }),
      env,
      expected,
    });
    current = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith("```")) {
      flush();
      inBlock = !inBlock;
      continue;
    }
    if (!inBlock) continue;
    if (line.startsWith("$ ")) {
      flush();
      let text = line.slice(2);
      const start = i + 1;
      while (text.endsWith("\\") && i + 1 < lines.length) text = `${text.slice(0, -1)} ${lines[++i]!.trim()}`;
      current = { line: start, text, expected: [] };
    } else if (current) current.expected.push(line);
  }
  return out;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whether `actual` shows `expected`: exactly, or as an excerpt when `expected` has a `…`. */
function showsOutput(expected: readonly string[], actual: string): { ok: boolean; missing?: string } {
  const got = actual
    .replace(/\s+$/, "")
    .split("\n")
    .map((l) => l.trimEnd());
  const want = expected.map((l) => l.trimEnd());
  if (!want.some((l) => l.includes("…"))) {
    return got.join("\n") === want.join("\n")
      ? { ok: true }
      : { ok: false, missing: "(the whole output differs)" };
  }
  let at = 0;
  for (const line of want) {
    if (line.trim() === "…") continue;
    const pattern = new RegExp(`^${line.split("…").map(escapeRegex).join(".*")}$`);
    while (at < got.length && !pattern.test(got[at]!)) at++;
    if (at === got.length) return { ok: false, missing: line };
    at++;
  }
  return { ok: true };
}

const work = mkdtempSync(join(tmpdir(), "megaroth-readme-"));
for (const dir of ["examples", "docs"]) symlinkSync(join(ROOT, dir), join(work, dir));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("README", () => {
  const commands = readmeCommands(README);

  it("shows megaroth commands, each with its output", () => {
    const shown = commands.filter((c) => c.args);
    expect(shown.length).toBeGreaterThan(15);
    for (const c of shown.filter((c) => !c.redirect))
      expect(c.expected.length, `README line ${c.line}: ${c.text}`).toBeGreaterThan(0);
  });

  // One test, in README order: later commands (the ledger walk-through) depend on earlier ones.
  it("every command prints what the README shows", () => {
    const env: Record<string, string> = {};
    const failures: string[] = [];
    for (const c of commands) {
      if (c.env) Object.assign(env, c.env);
      if (!c.args) continue;
      const result = spawnSync(process.execPath, c.node ? c.args : [BIN, ...c.args], {
        cwd: work,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1", MEGAROTH_DB: join(work, "default.sqlite"), ...env },
      });
      if (c.redirect) writeFileSync(join(work, c.redirect), result.stdout);
      const actual = c.redirect ? result.stderr : `${result.stdout}${result.stderr}`;
      const shown = showsOutput(c.expected, actual);
      if (!shown.ok)
        failures.push(
          `README line ${c.line}: $ ${c.text}\n  not shown by the command: ${shown.missing}\n  it prints:\n${actual.replace(/^/gm, "    | ")}`,
        );
    }
    expect(failures.join("\n\n")).toBe("");
  }, 300_000);
});

describe("the README test's own parsing", () => {
  it("splits words, joins continuation lines and reads excerpts", () => {
    expect(shellWords(`megaroth room --match "100%@3%,50%@2%" --note 'a b' x\\ y # comment`)).toEqual([
      "megaroth",
      "room",
      "--match",
      "100%@3%,50%@2%",
      "--note",
      "a b",
      "x y",
    ]);
    const [c] = readmeCommands("```\n$ megaroth a \\\n    --b 1\nout\n```\n");
    expect(c?.args).toEqual(["a", "--b", "1"]);
    expect(c?.expected).toEqual(["out"]);
    expect(showsOutput(["a", "…", "c…e"], "a\nb\ncde\n").ok).toBe(true);
    expect(showsOutput(["a", "…", "x"], "a\nb\n").ok).toBe(false);
    expect(showsOutput(["a", "b"], "a\nb\nc\n").ok).toBe(false);
  });
});

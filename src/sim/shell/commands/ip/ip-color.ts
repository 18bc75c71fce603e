/**
 * `ip -c` (`-color[=always|auto|never]`): iproute2's color.c paints link names cyan,
 * MAC addresses yellow, IPv4 addresses magenta, IPv6 ones blue and the operstate UP
 * green or DOWN red, wrapping exactly the field each print_color_string() printed
 * (a padded brief column keeps its blanks inside the colour). The lab paints the text
 * its show functions printed, for links and addresses.
 */

const ESC = "\x1b[";
const RESET = `${ESC}0m`;
const CYAN = `${ESC}36m`;
const YELLOW = `${ESC}33m`;
const MAGENTA = `${ESC}35m`;
const BLUE = `${ESC}34m`;
const GREEN = `${ESC}32m`;
const RED = `${ESC}31m`;

const paint = (colour: string, s: string): string => `${colour}${s}${RESET}`;

function stateColour(state: string): string | undefined {
  return state === "UP" ? GREEN : state === "DOWN" ? RED : undefined;
}

const addrColour = (a: string): string => (a.includes(":") ? BLUE : MAGENTA);

/**
 * Whether `-c` asks for colour: `-c`/`-color` alone or `=always` does; `=auto` only on a
 * terminal (a transcript's output is a pipe); JSON output never has any.
 */
export function wantsColour(option: string): boolean | undefined {
  const m = /^-c(?:o(?:l(?:o(?:r)?)?)?)?(?:=(\w+))?$/.exec(option);
  if (!m) return undefined;
  return m[1] === undefined || m[1] === "always";
}

function briefLine(line: string, addrs: boolean): string {
  const m = /^(\S+ *) (\S+ *) (.*)$/.exec(line);
  if (!m) return line;
  const state = m[2]!.trim();
  const sc = stateColour(state);
  let s = paint(CYAN, `${m[1]!} `) + (sc ? paint(sc, `${m[2]!} `) : `${m[2]!} `);
  if (addrs) {
    s += m[3]!.replace(/(\S+?)\/(\d+) /g, (_, a: string, len: string) => `${paint(addrColour(a), a)}/${len} `);
  } else {
    s += m[3]!.replace(/^(\S+ )/, (mac: string) => paint(YELLOW, mac));
  }
  return s;
}

function fullLine(line: string): string {
  const head = /^(\d+: )(\S+: )(.*)$/.exec(line);
  if (head) {
    const rest = head[3]!.replace(/ state (\S+) /, (all, st: string) => {
      const sc = stateColour(st);
      return sc ? ` state ${paint(sc, `${st} `)}` : all;
    });
    return head[1]! + paint(CYAN, head[2]!) + rest;
  }
  const inet = /^( {4}inet6? )(\S+)\/(\d+) (brd (\S+) )?(.*)$/.exec(line);
  if (inet) {
    const c = addrColour(inet[2]!);
    const brd = inet[5] !== undefined ? `brd ${paint(c, `${inet[5]} `)}` : "";
    return `${inet[1]}${paint(c, inet[2]!)}/${inet[3]} ${brd}${inet[6]}`;
  }
  const l2 = /^( {4}link\/\S+ )(\S+)( brd )(\S+)(.*)$/.exec(line);
  if (l2) return `${l2[1]}${paint(YELLOW, l2[2]!)}${l2[3]}${paint(YELLOW, l2[4]!)}${l2[5]}`;
  return line;
}

/** Paints `ip [-br] link|addr` output as iproute2 does with colour on. */
export function colourise(text: string, brief: boolean, addrs: boolean): string {
  return text
    .split("\n")
    .map((line) => (line === "" ? line : brief ? briefLine(line, addrs) : fullLine(line)))
    .join("\n");
}

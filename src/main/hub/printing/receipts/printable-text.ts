/**
 * Receipt text is printed in code page 852 (DOS Latin-2) on both printer models: it holds every Polish letter, and
 * node-thermal-printer can select it on Epson and on Star. Text that reaches a receipt comes from the catalog and
 * from devices (a refund reason is free text), so it is reduced to characters that print as one column each:
 * control bytes in it would otherwise reach the printer as commands (an `ESC p` in a reason would kick the drawer).
 */

/** Bytes 0x80–0xFF of code page 852, in order (checked against iconv-lite's CP852 table in the tests). */
export const CP852_HIGH_HALF =
  'ÇüéâäůćçłëŐőîŹÄĆÉĹĺôöĽľŚśÖÜŤťŁ×čáíóúĄąŽžĘę¬źČş«»░▒▓│┤ÁÂĚŞ╣║╗╝Żż┐└┴┬├─┼Ăă╚╔╩╦╠═╬¤đĐĎËďŇÍÎě┘┌█▄ŢŮ▀ÓßÔŃńňŠšŔÚŕŰýÝţ´\u00AD˝˛ˇ˘§÷¸°¨˙űŘř■\u00A0';

const CP852_HIGH = new Set(CP852_HIGH_HALF);

/** Common typography in product names that code page 852 lacks, printed as its plain equivalent. */
const SUBSTITUTES: Readonly<Record<string, string>> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u2026': '...',
  '\u20AC': 'EUR',
};

const isPrintableAscii = (char: string) => char >= ' ' && char <= '~';
const isPrintable = (char: string) => isPrintableAscii(char) || CP852_HIGH.has(char);

function printableChar(char: string): string {
  if (/\s/u.test(char)) return ' ';
  // Controls and invisible format characters (soft hyphen, zero-width joiners) print nothing.
  if (/[\p{Cc}\p{Cf}]/u.test(char)) return '';
  if (isPrintable(char)) return char;
  const substitute = SUBSTITUTES[char];
  if (substitute !== undefined) return substitute;
  // A letter with a diacritic the code page lacks prints as its base letter (ñ → n), which still reads.
  const base = char.normalize('NFKD').replace(/\p{M}/gu, '');
  return base.length > 0 && [...base].every(isPrintable) ? base : '?';
}

/** `text` as code page 852 can print it, one JS character per printed column. */
export function printable(text: string): string {
  let out = '';
  // NFC first: "z" + combining dot is one printed letter, and code page 852 has it precomposed.
  for (const char of text.normalize('NFC')) out += printableChar(char);
  return out;
}

/**
 * Greedy word wrap to `width` columns; a word longer than a line is split. Leading spaces indent every line of the
 * result (an indented detail line stays indented when it wraps). Always at least one line.
 */
export function wrapText(text: string, width: number): string[] {
  const indent = /^ */.exec(text)![0].slice(0, Math.floor(width / 2));
  const room = width - indent.length;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter((w) => w.length > 0)) {
    let rest = word;
    while (rest.length > 0) {
      const free = line ? room - line.length - 1 : room;
      if (rest.length <= free) {
        line = line ? `${line} ${rest}` : rest;
        rest = '';
      } else if (line) {
        lines.push(line);
        line = '';
      } else {
        lines.push(rest.slice(0, room));
        rest = rest.slice(room);
      }
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines.map((wrapped) => indent + wrapped);
}

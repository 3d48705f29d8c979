/**
 * Full-width ASCII (U+FF01–U+FF5E, what a Chinese IME types in full-width mode: "３２０５"、"Ｘ")
 * and the ideographic space → their ASCII forms. Used where a value has an ASCII format (ID
 * numbers, phones, dates, numbers, yes/no) and for matching headers; free text keeps what was typed.
 */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u3000]/g, (ch) => (ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0)))
}

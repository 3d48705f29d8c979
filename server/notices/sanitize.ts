/**
 * Notice bodies are shown to anyone on the public pages, so they are sanitised on the server
 * before they are hashed and stored (issue #6, DESIGN.md "Public notices"): a strict allow-list
 * of text tags with no attributes at all — so no script, no event handler, no style, no link or
 * image that could load remote content. Everything else is dropped with its content where it
 * is code (script, style, …) and unwrapped where it is markup. Plain text keeps its line breaks.
 */
import sanitizeHtml from 'sanitize-html'

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 'ul', 'ol', 'li', 'h3', 'h4', 'blockquote', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  allowedAttributes: {},
  allowedSchemes: [],
  allowedSchemesAppliedToAttributes: [],
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'template', 'title'],
  allowVulnerableTags: false,
  parseStyleAttributes: false,
}

const BLOCK = /<(p|ul|ol|table|h3|h4|blockquote)\b/i

export function sanitizeNoticeBody(raw: string): string {
  const clean = sanitizeHtml(raw.replace(/\r\n?/g, '\n'), OPTIONS).trim()
  if (BLOCK.test(clean)) return clean
  // Typed text: paragraphs on blank lines, line breaks kept.
  return clean
    .split(/\n{2,}/)
    .map((para) => para.trim())
    .filter((para) => para !== '')
    .map((para) => `<p>${para.replace(/\n/g, '<br />')}</p>`)
    .join('')
}

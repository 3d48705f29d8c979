/**
 * A resident page carries exactly one script, the one that keeps pages for offline use
 * (OFFLINE_SCRIPT); anything else that reads as a script tag was injected.
 */
import { OFFLINE_SCRIPT } from '../../server/notices/pages.js'

export { OFFLINE_SCRIPT }

/** Every `<script…>` tag of a page, with its contents and closing tag where it has them. */
export function scriptTags(html: string): string[] {
  return [...html.matchAll(/<script\b[^>]*>(?:[\s\S]*?<\/script\s*>)?/gi)].map((m) => m[0])
}

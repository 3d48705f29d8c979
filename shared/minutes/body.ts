/**
 * The minutes body (a Y.XmlFragment in y-prosemirror's layout) as a plain node tree and back.
 * The tree is ProseMirror-JSON shaped ({type, attrs, content} / {type:'text', text, marks}) so
 * the same value can be hashed (canonical.ts), diffed, printed, exported to .docx and written
 * back into the fragment (templates, restore) without a ProseMirror schema — the server has none.
 *
 * y-prosemirror stores a node as Y.XmlElement(nodeName) with its attrs as attributes, and a run of
 * text nodes as one Y.XmlText whose formatting attributes are the marks (mark name → mark attrs).
 */
import * as Y from 'yjs'
import { canonicalJson } from '../canonicalJson.js'

export type Mark = { type: string; attrs?: Record<string, unknown> }
export type TextNode = { type: 'text'; text: string; marks?: Mark[] }
export type ElementNode = { type: string; attrs?: Record<string, unknown>; content?: BodyNode[] }
export type BodyNode = TextNode | ElementNode

export const isText = (node: BodyNode): node is TextNode => node.type === 'text' && 'text' in node

type Delta = { insert?: unknown; attributes?: Record<string, unknown> }

/** The fragment's top-level blocks as a node tree. */
export function readBody(fragment: Y.XmlFragment): ElementNode[] {
  return fragment.toArray().flatMap((child) => (child instanceof Y.XmlElement ? [readElement(child)] : []))
}

function readElement(el: Y.XmlElement): ElementNode {
  const node: ElementNode = { type: el.nodeName }
  const attrs = el.getAttributes() as Record<string, unknown>
  const kept = Object.fromEntries(Object.entries(attrs).filter(([, v]) => v !== null && v !== undefined))
  if (Object.keys(kept).length > 0) node.attrs = kept
  const content: BodyNode[] = []
  for (const child of el.toArray()) {
    if (child instanceof Y.XmlElement) content.push(readElement(child))
    else if (child instanceof Y.XmlText) content.push(...readText(child))
  }
  if (content.length > 0) node.content = content
  return node
}

function readText(text: Y.XmlText): TextNode[] {
  const out: TextNode[] = []
  for (const op of text.toDelta() as Delta[]) {
    if (typeof op.insert !== 'string' || op.insert === '') continue
    const node: TextNode = { type: 'text', text: op.insert }
    const marks = Object.entries(op.attributes ?? {}).map(([type, attrs]): Mark => {
      const a = attrs && typeof attrs === 'object' && Object.keys(attrs).length > 0 ? (attrs as Record<string, unknown>) : undefined
      return a ? { type, attrs: a } : { type }
    })
    if (marks.length > 0) node.marks = marks.sort((x, y) => (x.type < y.type ? -1 : x.type > y.type ? 1 : 0))
    out.push(node)
  }
  return out
}

/** Appends blocks to a fragment (or element), in the layout y-prosemirror reads. */
export function writeNodes(parent: Y.XmlFragment | Y.XmlElement, nodes: readonly BodyNode[]): void {
  let run: TextNode[] = []
  const flush = () => {
    if (run.length === 0) return
    const text = new Y.XmlText()
    parent.insert(parent.length, [text])
    let at = 0
    for (const t of run) {
      const attributes = Object.fromEntries((t.marks ?? []).map((m) => [m.type, m.attrs ?? {}]))
      text.insert(at, t.text, attributes)
      at += t.text.length
    }
    run = []
  }
  for (const node of nodes) {
    if (isText(node)) {
      run.push(node)
      continue
    }
    flush()
    insertElement(parent, parent.length, node)
  }
  flush()
}

function insertElement(parent: Y.XmlFragment | Y.XmlElement, index: number, node: ElementNode): void {
  const el = new Y.XmlElement(node.type)
  parent.insert(index, [el])
  for (const [key, value] of Object.entries(node.attrs ?? {})) el.setAttribute(key, value as string)
  writeNodes(el, node.content ?? [])
}

/**
 * Makes the body hold `nodes` in one transaction (restore): a new edit, history is kept. Only the
 * top-level blocks that differ are written: blocks found in both, in order (a longest common
 * subsequence), keep their Yjs items, so who wrote them stays known (paragraphAuthors.ts) and an
 * edit another device makes in one of them meanwhile is not lost; the rest are deleted or inserted.
 */
export function replaceBody(doc: Y.Doc, fragment: Y.XmlFragment, nodes: readonly BodyNode[]): void {
  doc.transact(() => {
    const elements = nodes.filter((n): n is ElementNode => !isText(n))
    if (elements.length !== nodes.length) {
      // Loose text at the top level (never written by the editor): replace everything.
      if (fragment.length > 0) fragment.delete(0, fragment.length)
      writeNodes(fragment, nodes)
      return
    }
    const current = fragment.toArray().map((child) => (child instanceof Y.XmlElement ? canonicalJson(readElement(child)) : null))
    const wanted = elements.map((n) => canonicalJson(n))
    const n = current.length
    const m = wanted.length
    // common[i][j]: length of the longest common subsequence of current[i..] and wanted[j..].
    const common = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0))
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        const row = common[i] as number[]
        row[j] = current[i] !== null && current[i] === wanted[j] ? (common[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(common[i + 1]?.[j] ?? 0, row[j + 1] ?? 0)
      }
    }
    let i = 0
    let j = 0
    let at = 0
    while (i < n || j < m) {
      if (i < n && j < m && current[i] !== null && current[i] === wanted[j]) {
        i++
        j++
        at++
      } else if (j < m && (i === n || (common[i]?.[j + 1] ?? 0) >= (common[i + 1]?.[j] ?? 0))) {
        insertElement(fragment, at++, elements[j++] as ElementNode)
      } else {
        fragment.delete(at, 1)
        i++
      }
    }
  })
}

/** Helpers for templates and snapshots. */
export const paragraph = (text = ''): ElementNode => (text ? { type: 'paragraph', content: [{ type: 'text', text }] } : { type: 'paragraph' })
export const heading = (text: string, level = 2): ElementNode => ({ type: 'heading', attrs: { level }, content: [{ type: 'text', text }] })
export const bulletList = (items: readonly string[]): ElementNode => ({ type: 'bulletList', content: items.map((t) => ({ type: 'listItem', content: [paragraph(t)] })) })

/** The plain text of a node and everything in it. */
export function nodeText(node: BodyNode): string {
  return isText(node) ? node.text : (node.content ?? []).map(nodeText).join('')
}

/**
 * The body as lines, one per paragraph-level block (list items and quotes flattened), each
 * prefixed the way it reads on paper. The unit of the diff (diff.ts) and of the .docx export.
 */
export function bodyLines(nodes: readonly ElementNode[]): string[] {
  const out: string[] = []
  const walk = (node: ElementNode, prefix: string) => {
    switch (node.type) {
      case 'heading':
        out.push(`${'#'.repeat(Number(node.attrs?.level ?? 1))} ${nodeText(node)}`)
        return
      case 'bulletList':
      case 'orderedList':
        ;(node.content ?? []).forEach((item, i) => {
          if (isText(item)) return
          const mark = node.type === 'bulletList' ? '• ' : `${i + 1}. `
          ;(item.content ?? []).forEach((child, j) => !isText(child) && walk(child, prefix + (j === 0 ? mark : '  ')))
        })
        return
      case 'blockquote':
        for (const child of node.content ?? []) if (!isText(child)) walk(child, `${prefix}> `)
        return
      case 'horizontalRule':
        out.push(`${prefix}———`)
        return
      default:
        out.push(prefix + nodeText(node))
    }
  }
  for (const node of nodes) walk(node, '')
  return out
}

/** Renders the body node tree (shared/minutes/body.ts) as static HTML: the print layout and version views. */
import type { ReactNode } from 'react'
import { isText, type BodyNode, type ElementNode, type TextNode } from '../../../shared/minutes/body'

export function BodyView({ nodes }: { nodes: readonly ElementNode[] }) {
  return <div className="minutes-body-view">{nodes.map(renderNode)}</div>
}

function renderNode(node: BodyNode, key: number): ReactNode {
  if (isText(node)) return renderText(node, key)
  const children = (node.content ?? []).map(renderNode)
  switch (node.type) {
    case 'heading': {
      const level = Math.min(6, Math.max(3, Number(node.attrs?.level ?? 3) + 1))
      const Tag = `h${level}` as 'h3'
      return <Tag key={key}>{children}</Tag>
    }
    case 'bulletList':
      return <ul key={key}>{children}</ul>
    case 'orderedList':
      return <ol key={key}>{children}</ol>
    case 'listItem':
      return <li key={key}>{children}</li>
    case 'blockquote':
      return <blockquote key={key}>{children}</blockquote>
    case 'codeBlock':
      return <pre key={key}>{children}</pre>
    case 'horizontalRule':
      return <hr key={key} />
    case 'hardBreak':
      return <br key={key} />
    default:
      return <p key={key}>{children.length > 0 ? children : '\u00a0'}</p>
  }
}

function renderText(node: TextNode, key: number): ReactNode {
  let out: ReactNode = node.text
  for (const mark of node.marks ?? []) {
    if (mark.type === 'bold') out = <strong>{out}</strong>
    else if (mark.type === 'italic') out = <em>{out}</em>
    else if (mark.type === 'strike') out = <s>{out}</s>
    else if (mark.type === 'underline') out = <u>{out}</u>
    else if (mark.type === 'code') out = <code>{out}</code>
  }
  return <span key={key}>{out}</span>
}

/**
 * The minutes body: Tiptap bound to the doc's `body` fragment (Collaboration) with everyone's
 * named, coloured carets from the doc's awareness (CollaborationCaret). Edits go into the local
 * Y.Doc, so typing works offline and merges on reconnect. Undo is Yjs-aware only through the
 * collaboration extension, so StarterKit's own history is off.
 */
import Collaboration from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import { EditorContent, useEditor, type Editor } from '@tiptap/react'
import StarterKit from '@tiptap/starter-kit'
import { useEffect } from 'react'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { MINUTES } from '../../../shared/minutes/minutesDoc'
import { userColour } from './userColour'

type Props = {
  doc: Y.Doc
  awareness: Awareness
  user: { id: string; name: string }
  readOnly: boolean
  onEditor(editor: Editor | null): void
}

export function BodyEditor({ doc, awareness, user, readOnly, onEditor }: Props) {
  const editor = useEditor(
    {
      extensions: [
        StarterKit.configure({ undoRedo: false }),
        Collaboration.configure({ document: doc, field: MINUTES.body }),
        CollaborationCaret.configure({ provider: { awareness }, user: { name: user.name, color: userColour(user.id) } }),
      ],
      editable: !readOnly,
      editorProps: { attributes: { class: 'minutes-body', 'data-testid': 'minutes-body', 'aria-label': '会议记录正文' } },
    },
    [doc, awareness, user.id, user.name],
  )
  useEffect(() => {
    if (editor && editor.isEditable === readOnly) editor.setEditable(!readOnly)
  }, [editor, readOnly])
  useEffect(() => {
    onEditor(editor)
    return () => onEditor(null)
  }, [editor, onEditor])

  return (
    <div className="card minutes-editor">
      {!readOnly && editor && <Toolbar editor={editor} />}
      <EditorContent editor={editor} />
    </div>
  )
}

function Toolbar({ editor }: { editor: Editor }) {
  const button = (label: string, run: () => void, testId: string) => (
    <button type="button" className="chip" data-testid={testId} onMouseDown={(e) => e.preventDefault()} onClick={run}>
      {label}
    </button>
  )
  return (
    <div className="chips minutes-toolbar-row" role="toolbar" aria-label="正文格式">
      {button('标题', () => editor.chain().focus().toggleHeading({ level: 3 }).run(), 'fmt-heading')}
      {button('加粗', () => editor.chain().focus().toggleBold().run(), 'fmt-bold')}
      {button('列表', () => editor.chain().focus().toggleBulletList().run(), 'fmt-list')}
      {button('编号', () => editor.chain().focus().toggleOrderedList().run(), 'fmt-ordered')}
    </div>
  )
}

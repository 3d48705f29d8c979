/**
 * One text field bound to a key of the village profile map. The input is uncontrolled so that a
 * peer's edit can be applied without moving the caret of the person typing (React would put it
 * at the end), and nothing is written or applied while an IME composition is open — pinyin in
 * progress is not a value anyone should see, and replacing text under it breaks the IME.
 */
import { useEffect, useId, useRef } from 'react'
import type * as Y from 'yjs'
import { adjustCaret } from '../caret'
import { mapFieldView } from '../../workspace/views'
import { useStore } from '../hooks/useStore'

type Props = { map: Y.Map<string>; field: string; label: string; multiline?: boolean; readOnly?: boolean }

export function ProfileField({ map, field, label, multiline = false, readOnly = false }: Props) {
  const value = useStore(mapFieldView(map, field))
  const setValue = (next: string) => {
    if (map.get(field) !== next) map.set(field, next)
  }
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null)
  const composing = useRef(false)
  const id = useId()

  useEffect(() => {
    if (ref.current && !composing.current) applyRemote(ref.current, value)
  }, [value])

  const onInput = (input: HTMLInputElement | HTMLTextAreaElement) => {
    if (!composing.current) setValue(input.value)
  }
  const common = {
    id,
    ref,
    name: field,
    defaultValue: value,
    disabled: readOnly,
    'data-testid': `field-${field}`,
    onInput: (e: React.FormEvent<HTMLInputElement | HTMLTextAreaElement>) => onInput(e.currentTarget),
    onCompositionStart: () => {
      composing.current = true
    },
    onCompositionEnd: (e: React.CompositionEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      composing.current = false
      onInput(e.currentTarget)
    },
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? <textarea rows={3} {...common} /> : <input type="text" autoComplete="off" {...common} />}
    </div>
  )
}

function applyRemote(input: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  const before = input.value
  if (before === value) return
  const focused = input.ownerDocument.activeElement === input
  const start = input.selectionStart ?? before.length
  const end = input.selectionEnd ?? before.length
  input.value = value
  if (focused) input.setSelectionRange(adjustCaret(before, value, start), adjustCaret(before, value, end))
}

/**
 * One confirmation for every act that cannot be undone (定稿, 发布公告, 恢复旧版本, 清除本机数据):
 * a modal <dialog> stating plainly what happens and what cannot be taken back, with 取消 focused
 * first so a stray tap on a phone does nothing. `ConfirmButton` is the common case: a button
 * that asks before it acts; forms that validate first open `ConfirmDialog` themselves.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react'

type DialogProps = {
  open: boolean
  title: string
  /** What will happen, and what cannot be undone afterwards, in plain words. */
  statement: ReactNode
  confirmLabel: string
  onConfirm(): void
  onCancel(): void
  testId?: string
}

export function ConfirmDialog({ open, title, statement, confirmLabel, onConfirm, onCancel, testId = 'confirm-dialog' }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const cancelRef = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (open && !dialog.open) {
      dialog.showModal()
      cancelRef.current?.focus()
    } else if (!open && dialog.open) dialog.close()
  }, [open])
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={`${testId}-title`}
      aria-describedby={`${testId}-statement`}
      data-testid={testId}
      onCancel={(e) => {
        // Escape / the back gesture: the same as 取消.
        e.preventDefault()
        onCancel()
      }}
    >
      <h2 id={`${testId}-title`}>{title}</h2>
      <div id={`${testId}-statement`} className="statement">
        {statement}
      </div>
      <div className="actions">
        <button ref={cancelRef} type="button" className="secondary" onClick={onCancel} data-testid={`${testId}-cancel`}>
          取消
        </button>
        <button type="button" className="danger" onClick={onConfirm} data-testid={`${testId}-ok`}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  )
}

type ButtonProps = Omit<DialogProps, 'open' | 'onCancel' | 'onConfirm' | 'testId'> & {
  label: string
  onConfirm(): void
  disabled?: boolean
  className?: string
  testId: string
}

/** A button that states what cannot be undone and acts only after 确认. */
export function ConfirmButton({ label, disabled, className = 'danger', testId, onConfirm, ...dialog }: ButtonProps) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" className={className} disabled={disabled} onClick={() => setOpen(true)} data-testid={testId}>
        {label}
      </button>
      <ConfirmDialog
        {...dialog}
        open={open}
        testId={`${testId}-confirm`}
        onCancel={() => setOpen(false)}
        onConfirm={() => {
          setOpen(false)
          onConfirm()
        }}
      />
    </>
  )
}

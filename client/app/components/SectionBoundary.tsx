/**
 * Keeps a failing section (its code could not load, or it threw while rendering) from taking
 * the whole app down: the tabs, the sync status and every other section stay usable.
 */
import { Component, type ReactNode } from 'react'

type State = { error: Error | null }

export class SectionBoundary extends Component<{ children: ReactNode; resetKey: string }, State> {
  override state: State = { error: null }

  static getDerivedStateFromError(error: Error): State {
    return { error }
  }

  override componentDidCatch(error: Error): void {
    console.error('a village section failed', error)
  }

  override componentDidUpdate(previous: { resetKey: string }): void {
    if (previous.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null })
  }

  override render() {
    if (!this.state.error) return this.props.children
    return (
      <section className="card" role="alert" data-testid="section-error">
        <p className="error">这一部分没能打开。</p>
        <p className="muted">如果这台设备从未联网打开过这一部分，请联网后重试；本机保存的数据不受影响。</p>
        <button type="button" className="secondary" onClick={() => this.setState({ error: null })}>
          重试
        </button>
      </section>
    )
  }
}

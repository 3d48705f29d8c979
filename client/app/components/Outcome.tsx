/** The outcome of the last act on a screen: an error (announced) or what was done (a status line). */
export function Outcome({ error, done }: { error: string | null; done: string | null }) {
  return (
    <>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
    </>
  )
}

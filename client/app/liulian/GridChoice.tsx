/** A labelled choice of one grid of the village (请选择 until one is picked), with its inline error. */
export function GridChoice({ label, grids, value, onChange, error, testId }: { label: string; grids: readonly { id: string; name: string }[]; value: string; onChange(gridId: string): void; error?: string | undefined; testId: string }) {
  return (
    <>
      <label>
        {label}
        <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} aria-invalid={error ? true : undefined}>
          <option value="">请选择</option>
          {grids.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <p className="error" data-testid={`${testId}-error`}>
          {error}
        </p>
      )}
    </>
  )
}

/** Which grid a ledger page shows, or the whole village; only where the village has more than one grid. */
import type { VillageLedger } from './useVillageLedger'

export function GridSelect({ grids, value, onChange, testId }: { grids: VillageLedger['grids']; value: string; onChange(gridId: string): void; testId: string }) {
  if (grids.length <= 1) return null
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} aria-label="网格" data-testid={testId}>
      <option value="">全村（{grids.length} 个网格）</option>
      {grids.map((g) => (
        <option key={g.id} value={g.id}>
          {g.code} {g.name}
        </option>
      ))}
    </select>
  )
}

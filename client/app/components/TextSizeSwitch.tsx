/** 字号: the 适老化 switch (标准 / 大字 / 特大), on the sign-in page and 我的账户. */
import { useState } from 'react'
import { applyTextSize, storedTextSize, TEXT_SIZE_LABELS, TEXT_SIZES, type TextSize } from '../textSize'

export function TextSizeSwitch() {
  const [size, setSize] = useState<TextSize>(storedTextSize)
  return (
    <fieldset className="text-size" data-testid="text-size">
      <legend>字号（适老化）</legend>
      <div className="segmented">
        {TEXT_SIZES.map((s) => (
          <button
            key={s}
            type="button"
            className={s === size ? 'segment active' : 'segment'}
            aria-pressed={s === size}
            data-testid={`text-size-${s}`}
            onClick={() => {
              applyTextSize(s)
              setSize(s)
            }}
          >
            {TEXT_SIZE_LABELS[s]}
          </button>
        ))}
      </div>
    </fieldset>
  )
}

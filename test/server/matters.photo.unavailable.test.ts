/**
 * A server where sharp's native library cannot be loaded (an architecture with no prebuilt
 * binary, a broken install): a resident's photo is refused in Chinese, so the form comes back with
 * their text and they can send it without one, and the operator finds the cause in the log. A
 * form with no photo never touches the library. sharp is replaced by a module that fails to load.
 */
import { expect, it, vi } from 'vitest'
import type { Logger } from '../../server/log.js'

vi.mock('sharp', () => {
  throw new Error('Could not load the "sharp" module using the linux-x64 runtime')
})

it('refuses the photo in Chinese and logs why, once per attempt; no photo needs no library', async () => {
  const { MATTER_PHOTO_ERRORS, prepareMatterPhoto } = await import('../../server/matters/photo.js')
  const { MatterError } = await import('../../server/matters/matters.js')
  const logged: { level: string; msg: string; fields?: Record<string, unknown> }[] = []
  const note = (level: string) => (msg: string, fields?: Record<string, unknown>) => void logged.push({ level, msg, fields })
  const log: Logger = { debug: note('debug'), info: note('info'), warn: note('warn'), error: note('error') }
  const photo = new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], 'IMG_0001.jpg', { type: 'image/jpeg' })

  const refused = await prepareMatterPhoto(photo, log).catch((err: unknown) => err)
  expect(refused).toBeInstanceOf(MatterError)
  expect((refused as Error).message).toBe(MATTER_PHOTO_ERRORS.unavailable)
  expect(logged).toHaveLength(1)
  // The loader's own error is what the operator reads (here vitest's wrapping of the failed load).
  expect(logged[0]).toMatchObject({ level: 'error', msg: expect.stringContaining('sharp'), fields: { error: expect.stringMatching(/\S/) } })

  await expect(prepareMatterPhoto(null, log)).resolves.toBeNull()
  expect(logged).toHaveLength(1)
})

/**
 * A TCP proxy in front of the relay whose link the test can cut and restore: the client's
 * network drops while the relay keeps running (so the server side can change meanwhile).
 */
import { createServer, connect, type Server, type Socket } from 'node:net'

export type TcpProxy = {
  url: string
  cut(): void
  restore(): void
  /** Sends new connections to another port (a load balancer moving to another relay). */
  retarget(port: number): void
  close(): Promise<void>
}

export async function startTcpProxy(initialPort: number): Promise<TcpProxy> {
  let up = true
  let targetPort = initialPort
  const sockets = new Set<Socket>()
  const server: Server = createServer((client) => {
    if (!up) {
      client.destroy()
      return
    }
    const upstream = connect(targetPort, '127.0.0.1')
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
      s.on('error', () => s.destroy())
    }
    client.pipe(upstream).pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('proxy has no port')
  return {
    url: `http://127.0.0.1:${address.port}`,
    cut() {
      up = false
      for (const s of sockets) s.destroy()
    },
    restore() {
      up = true
    },
    retarget(port) {
      targetPort = port
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

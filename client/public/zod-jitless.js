// Zod compiles parsers with `new Function` when eval is allowed and probes for it by trying,
// as each object schema is built. The app shell's CSP forbids eval (server/app.ts), so the probe
// would only show up as a policy violation. This classic script runs before any module, so zod
// reads this setting before it builds a single schema.
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true })

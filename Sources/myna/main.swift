import MynaCommands
import MynaServer

// `serve` lives in MynaServer (Hummingbird), registered here so that MynaCommands imports no server code.
await MynaMain.run(adding: [Serve.self])

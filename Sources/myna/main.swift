import MynaCommands
import MynaServer
import MynaWyoming

// The servers live beside the CLI on MynaKit (MynaServer: `serve`, MynaWyoming: `wyoming`) and are registered here,
// so that MynaCommands imports no server code (DESIGN.md §1).
WyomingCommand.version = MynaVersion.string
await MynaMain.run(adding: [Serve.self, WyomingCommand.self])

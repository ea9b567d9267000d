import MynaCommands
import MynaWyoming

// Servers are registered here, on top of the CLI, so that MynaCommands stays on MynaKit alone (DESIGN.md §1).
WyomingCommand.version = MynaVersion.string
await MynaMain.run(subcommands: [WyomingCommand.self])

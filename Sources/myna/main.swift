import MynaCommands

await MynaMain.run()

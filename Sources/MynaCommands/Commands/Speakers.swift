import ArgumentParser

/// `myna speakers`: manage the speaker database and measure verification accuracy.
struct Speakers: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "speakers",
        abstract: "List, inspect, rename, remove, export and import enrolled speakers; evaluate verification accuracy.",
        discussion: """
        The speaker database is a SQLite file (default $XDG_DATA_HOME/myna/speakers.sqlite, else \
        ~/.local/share/myna/speakers.sqlite; --db chooses another). Several myna processes may use it at once.

        Examples:
          myna speakers list
          myna speakers show alice
          myna speakers rename alice "Alice Smith"
          myna speakers remove bob
          myna speakers export -o speakers.json
          myna speakers import speakers.json
          myna speakers evaluate dev.tsv impostors.tsv

        \(SpeakerExitCodes.help)
        """,
        subcommands: [SpeakersList.self, SpeakersShow.self, SpeakersRemove.self, SpeakersRename.self,
                      SpeakersExport.self, SpeakersImport.self, SpeakersEvaluate.self])
}

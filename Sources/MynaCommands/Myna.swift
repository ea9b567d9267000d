import ArgumentParser

/// The `myna` command: lists only subcommands that work.
public struct Myna: AsyncParsableCommand {
    /// Computed, so that commands registered by the executable (`MynaMain.run(adding:)`: the servers, which
    /// sit beside this target on MynaKit) are listed with the built-in ones.
    public static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "myna",
        abstract: "Myna: local speech and audio engine (transcribe, dictate, speak, identify speakers).",
        discussion: """
        Examples:
          myna transcribe audio-samples/jfk.flac
          myna info audio-samples/jfk.flac
          myna vad audio-samples/jfk.flac
          myna vocode audio-samples/jfk.flac -o jfk-hifigan.wav
          myna models
          myna enroll alice alice-1.flac alice-2.flac
          myna verify alice call.flac
        Run 'myna help <command>' for a command's options and examples.
        """,
        version: MynaVersion.string,
        subcommands: [
            // Each subcommand lives in its own file under Sources/MynaCommands/Commands/.
            Transcribe.self,
            Dictate.self,
            VAD.self,
            Vocode.self,
            Models.self,
            Info.self,
            Devices.self, Record.self, Play.self,
            Spectrogram.self,
            Say.self,
            Embed.self, Enroll.self, Verify.self, Identify.self, Speakers.self, Diarize.self,
        ] + MynaMain.registeredSubcommands
    ) }

    public init() {}
}

public enum MynaVersion {
    public static let string = "0.1.0"
}

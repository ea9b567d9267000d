import ArgumentParser
import Foundation
import MynaKit

/// `myna enroll`: add recordings of a speaker to the registry.
struct Enroll: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enroll",
        abstract: "Enrol a speaker from recordings of their voice (creates them, or adds to their profile).",
        discussion: """
        Embeds every file (see 'myna embed'), then stores the embeddings in the speaker database in one \
        transaction: if any file fails (unreadable, too little speech, silence, already enrolled) nothing is \
        stored. The speaker's profile is the normalised mean of all their recordings' embeddings, so enrolling \
        more audio later refines it. Names are unique regardless of ASCII case. Each recording (by the SHA-256 of \
        the file) can be enrolled once, for one speaker.

        Give at least --min-speech seconds of speech per file (1 s by default); 10–30 s in all, from more than \
        one recording, makes a reliable profile.

        Examples:
          myna enroll alice alice-1.flac alice-2.flac
          myna enroll --db team.sqlite bob meeting-bob.wav
          myna enroll --json carol carol.flac

        \(SpeakerExitCodes.help)
        """)

    @Argument(help: "The speaker's name.")
    var name: String

    @Argument(help: ArgumentHelp("Recordings of the speaker.", valueName: "file"))
    var files: [String]

    @OptionGroup var encoderOptions: SpeakerEncoderOptions
    @OptionGroup var database: SpeakerDatabaseOptions

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("Give at least one recording of \(name).") }
    }

    func run() throws {
        try SpeakerName.validate(name, location: "speaker name")
        // Open first: a corrupt or newer database fails before any audio is embedded.
        let service = SpeakerService(store: try database.openForWriting(), encoder: encoderOptions.configuration())
        _ = try service.pipeline()  // models load before the progress line shows
        let progress = ProgressLine(total: Double(files.count), label: "embedding", unit: .files)
        let enrolment = try service.enroll(name: name, files: files) { progress.update(seconds: Double($0)) }
        progress.finish()
        let result = enrolment.result, added = enrolment.addedSpeechSeconds
        if json {
            SpeakerOutput.print(try SpeakerOutput.json(SpeakerEnrolmentReport(enrolment)))
        } else {
            let what = result.created ? "new speaker" : "profile updated, cosine \(SpeakerOutput.score(result.profileChange ?? 1)) with the previous one"
            SpeakerOutput.print("""
                enrolled \(result.speaker.name): \(result.addedUtterances) recording\(result.addedUtterances == 1 ? "" : "s"), \
                \(SpeakerOutput.seconds(added)) of speech (\(what)); \(result.speaker.utteranceCount) in all, \
                \(SpeakerOutput.seconds(result.speaker.speechSeconds))
                """)
        }
    }
}

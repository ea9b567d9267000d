import ArgumentParser
import Foundation
import MynaKit

/// `myna embed`: the GE2E speaker embedding of audio files.
struct Embed: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Print the speaker embedding (GE2E voice vector) of audio files.",
        discussion: """
        Computes Resemblyzer's GE2E embedding: the recording is raised to -30 dBFS (never lowered), its \
        non-speech is trimmed by Silero VAD (--no-trim keeps everything), it is cut into 1.6 s partials \
        (1.3 per second), each partial goes through the 3-layer LSTM, and the mean of the partial embeddings is \
        L2-normalised: 256 non-negative values of unit length. Two embeddings' dot product is their cosine \
        similarity. With --no-trim the vector equals Resemblyzer's embed_utterance.

        Output: one line per file with the values separated by spaces (with several files the path and a tab \
        first); --json prints {"embedding": [...]} per file, one JSON object per line, with the file, seconds of \
        speech and number of partials; --npy writes a float32 array of shape (files, 256) for numpy.load.

        Examples:
          myna embed alice.flac
          myna embed --json --no-trim alice.flac
          myna embed --npy voices.npy a.flac b.flac c.flac

        \(SpeakerExitCodes.help)
        """)

    @Argument(help: ArgumentHelp("Audio files ('-' reads one from stdin).", valueName: "file"))
    var files: [String]

    @OptionGroup var encoderOptions: SpeakerEncoderOptions

    @Flag(name: .long, help: "One JSON object per file.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Also write the embeddings to this .npy file (float32, files × 256).", valueName: "path"))
    var npy: String?

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("Give at least one audio file.") }
    }

    struct Output: Encodable {
        var file: String
        var embedding: [Float]
        var speechSeconds: Double
        var inputSeconds: Double
        var partials: Int
        var trimmed: Bool
        var encoderModelID: String
    }

    func run() throws {
        if let npy { try OutputFile.checkDestination(npy) }
        let speakers = SpeakerService(encoder: encoderOptions.configuration())
        let pipeline = try speakers.pipeline()
        // Like info, vad and transcribe: every bad file is reported and the others are still embedded; the exit code
        // is the first failure's, and the .npy (one row per file) is written only when every file embedded.
        var firstError: Error?
        let inputs = try StandardInput.resolve(files)
        let embeddings = zip(files, try speakers.embed(files: inputs)).compactMap { path, result in
            do { return try result.get() } catch {
                firstError = firstError ?? error
                ErrorReport.write(error, file: path, json: json)
                return nil
            }
        }
        for item in embeddings {
            let values = item.utterance.embedding.values
            if json {
                SpeakerOutput.print(try SpeakerOutput.json(Output(
                    file: StandardInput.displayName(for: item.path), embedding: values, speechSeconds: item.utterance.speechSeconds,
                    inputSeconds: item.utterance.inputSeconds, partials: item.utterance.slices.count,
                    trimmed: item.utterance.trimmed, encoderModelID: pipeline.identity.id)))
            } else {
                let text = values.map { "\($0)" }.joined(separator: " ")
                SpeakerOutput.print(files.count > 1 ? "\(StandardInput.displayName(for: item.path))\t\(text)" : text)
            }
        }
        if let firstError { throw ExitCode(MynaErrorLine.exitCode(for: firstError)) }
        if let npy {
            let dimension = pipeline.identity.dimension
            let matrix = FeatureMatrix(featureCount: embeddings.count, frameCount: dimension,
                                       values: embeddings.flatMap(\.utterance.embedding.values))
            try OutputFile.write(Data(matrix.numPyData()), to: npy)
        }
    }
}

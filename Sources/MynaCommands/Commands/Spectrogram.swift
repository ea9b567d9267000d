import ArgumentParser
import Foundation
import MynaKit

/// `myna spectrogram`: a picture (and optionally the numbers) of an audio file's spectrogram, log-mel or MFCCs.
struct Spectrogram: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spectrogram",
        abstract: "Draw a spectrogram, Whisper log-mel, mel spectrogram or MFCCs of an audio file as a PNG picture.",
        discussion: """
        The picture is a heat map with time in seconds across, frequency (Hz; for mel kinds placed on the mel \
        scale) or MFCC coefficient up, a colour bar with the unit, and the file name in the title. Multi-channel \
        audio is mixed down to mono first.

        Kinds:
          whisper  Whisper's log-mel front end: 80 mel bins, 25 ms window, 10 ms hop, audio resampled to 16 kHz,
                   values log10 then floored at max - 8 and scaled (x + 4) / 4, exactly what the Whisper encoder sees.
          mel      power mel spectrogram at the file's rate: 80 bins, 25 ms window, 10 ms hop; drawn in dB.
          linear   power spectrogram |STFT|^2 at the file's rate, 25 ms window, 10 ms hop; drawn in dB.
          mfcc     20 MFCCs (librosa's formula) over 80 mel bins, 25 ms window, 10 ms hop; coefficient 0 (overall
                   level) usually lies below the colour scale, which is set by the other coefficients.

        --npy writes the features themselves as float32 NumPy (features, frames), before any padding: Whisper \
        values as above, mel and linear as power (not dB), MFCCs as coefficients. Both files are written \
        atomically: they appear complete or not at all, replacing a file of that name in one step.

        The picture is PNG only: -o must end in .png (or have no extension, as /dev/null); another extension \
        (.jpg, .svg…) is refused rather than given PNG bytes, and so is an --npy name not ending in .npy. \
        '-' as the file reads the audio from stdin; -o - writes the PNG to stdout (not to a terminal) and then \
        prints no summary.

        JSON keys: input, kind, sampleRate, durationSeconds, features, frames, hopSeconds, png, npy, width, height.

        Examples:
          myna spectrogram audio-samples/jfk.flac -o jfk.png
          myna spectrogram speech.wav -o speech-mfcc.png --kind mfcc --npy speech-mfcc.npy
          myna spectrogram --json --kind linear speech.flac -o speech.png
          sox audio-samples/jfk.flac -t wav - | myna spectrogram - -o - > jfk.png
        """)

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case whisper, mel, linear, mfcc

        /// The library's name for this kind.
        var value: SpectrogramKind { SpectrogramKind(rawValue: rawValue)! }
    }

    @Argument(help: ArgumentHelp("Audio file to analyse.", valueName: "file"))
    var file: String

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("PNG file to write ('-': stdout).", valueName: "png"))
    var output: String

    @Option(help: "What to compute: whisper, mel, linear or mfcc.")
    var kind: Kind = .whisper

    @Option(name: .customLong("npy"), help: ArgumentHelp("Also write the features as a NumPy .npy file.", valueName: "npy"))
    var npyOutput: String?

    @Flag(name: .customLong("json"), help: "Print a JSON object describing what was written on stdout.")
    var json = false

    func validate() throws {
        try SpectrogramDestinations.validate(png: output, npy: npyOutput, json: json)
    }

    /// Errors that name stdin's copy (`/proc/self/fd/N`) are printed as `stdin` by `ErrorReport`.
    func run() throws {
        try draw()
    }

    private func draw() throws {
        let toStandardOutput = output == StandardInput.dash
        if toStandardOutput { try SpectrogramDestinations.requireStandardOutputNotTerminal() }
        if !toStandardOutput { try OutputFile.checkDestination(output) }
        if let npyOutput { try OutputFile.checkDestination(npyOutput) }
        let name = file == StandardInput.dash ? StandardInput.displayName : file
        let audio = try SoundFileReader.readAll(path: StandardInput.resolve(file)).downmixedToMono()
        let analysis: SpectrogramPicture
        do {
            analysis = try SpectrogramPicture(audio: audio, kind: kind.value)
        } catch let error as FeatureError {
            throw error.at(name)
        }
        let title = "\(URL(fileURLWithPath: name).lastPathComponent) - \(analysis.description)"
        let image = try analysis.png(title: title, location: output)
        let png = Data(image.bytes)
        if let npyOutput { try OutputFile.write(Data(analysis.numPyData()), to: npyOutput) }
        if toStandardOutput {
            try StandardOutput.write(png)
            return  // stdout holds the picture: no summary after it
        }
        try OutputFile.write(png, to: output)

        let summary = SpectrogramSummary(
            input: name, kind: kind.rawValue, sampleRate: analysis.sampleRate,
            durationSeconds: Double(analysis.sampleCount) / Double(analysis.sampleRate),
            features: analysis.features.featureCount, frames: analysis.features.frameCount,
            hopSeconds: Double(analysis.hopLength) / Double(analysis.sampleRate), png: output, npy: npyOutput,
            width: image.width, height: image.height)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try StandardOutput.write(String(decoding: try encoder.encode(summary), as: UTF8.self) + "\n")
        } else {
            try StandardOutput.write("\(output): \(analysis.description), \(summary.features) × \(summary.frames) frames "
                  + "(\(String(format: "%.2f", summary.durationSeconds)) s at \(summary.sampleRate) Hz), "
                  + "\(image.width) × \(image.height) pixels\n")
            if let npyOutput { try StandardOutput.write("\(npyOutput): float32 (\(summary.features), \(summary.frames))\n") }
        }
    }
}

/// What `myna spectrogram --json` prints.
private struct SpectrogramSummary: Encodable {
    var input: String
    var kind: String
    var sampleRate: Int
    var durationSeconds: Double
    var features: Int
    var frames: Int
    var hopSeconds: Double
    var png: String
    var npy: String?
    var width: Int
    var height: Int

    func encode(to encoder: Encoder) throws {
        enum Keys: String, CodingKey {
            case input, kind, sampleRate, durationSeconds, features, frames, hopSeconds, png, npy, width, height
        }
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(input, forKey: .input)
        try container.encode(kind, forKey: .kind)
        try container.encode(sampleRate, forKey: .sampleRate)
        try container.encode(durationSeconds, forKey: .durationSeconds)
        try container.encode(features, forKey: .features)
        try container.encode(frames, forKey: .frames)
        try container.encode(hopSeconds, forKey: .hopSeconds)
        try container.encode(png, forKey: .png)
        try container.encode(npy, forKey: .npy)  // null when not written
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
    }
}

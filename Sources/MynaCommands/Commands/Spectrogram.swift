import ArgumentParser
import Foundation
import MynaAudioFile
import MynaCore
import MynaDSP
import MynaImage

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
        let analysis: SpectrogramAnalysis
        do {
            analysis = try SpectrogramAnalysis(audio: audio, kind: kind)
        } catch let error as FeatureError {
            throw error.at(name)
        }
        let title = "\(URL(fileURLWithPath: name).lastPathComponent) - \(analysis.description)"
        let image = analysis.plot(title: title).render()
        let png = Data(try image.pngData(location: output))
        if let npyOutput { try OutputFile.write(Data(analysis.features.numPyData()), to: npyOutput) }
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

/// The features of one kind for one file, and how to draw them.
private struct SpectrogramAnalysis {
    var features: FeatureMatrix
    var sampleRate: Int
    var sampleCount: Int
    var hopLength: Int
    var description: String
    /// How rows map to the vertical axis.
    var rows: RowScale
    /// How values map to colours.
    var display: Display

    enum Display {
        /// Power drawn as 10·log10, the top 80 dB.
        case powerInDecibels
        /// Values as they are, from their minimum to their maximum.
        case fullRange(unit: String)
        /// Coefficients 1… set the range (2nd to 98th percentile); coefficient 0 is clipped.
        case cepstrum
    }

    enum RowScale {
        /// Bin `k` of an `fftSize`-point FFT.
        case linear(fftSize: Int)
        /// Mel bands between two frequencies.
        case mel(minimumHertz: Double, maximumHertz: Double)
        case coefficients
    }

    init(audio: AudioBuffer, kind: Spectrogram.Kind) throws {
        switch kind {
        case .whisper:
            let extractor = try WhisperLogMelExtractor()
            let audio16k = try Resampler.resample(audio, to: extractor.sampleRate)
            features = try extractor.extract(audio16k)
            sampleRate = extractor.sampleRate
            sampleCount = audio16k.frameCount
            hopLength = WhisperLogMelExtractor.hopLength
            description = "Whisper log-mel, \(features.featureCount) bins"
            rows = .mel(minimumHertz: 0, maximumHertz: Double(sampleRate) / 2)
            display = .fullRange(unit: "Log-mel (Whisper scale)")
        case .mel:
            let options = MelSpectrogramOptions.speech(sampleRate: audio.format.sampleRate)
            features = try MelSpectrogramExtractor(options: options).extract(audio)
            sampleRate = options.sampleRate
            sampleCount = audio.frameCount
            hopLength = options.hopLength
            description = "mel spectrogram, \(options.melCount) bins"
            rows = .mel(minimumHertz: options.minimumFrequency,
                        maximumHertz: options.maximumFrequency ?? Double(sampleRate) / 2)
            display = .powerInDecibels
        case .linear:
            let options = SpectrogramExtractor.speechOptions(sampleRate: audio.format.sampleRate)
            let extractor = try SpectrogramExtractor(sampleRate: audio.format.sampleRate, options: options)
            features = try extractor.extract(audio)
            sampleRate = extractor.sampleRate
            sampleCount = audio.frameCount
            hopLength = options.hopLength
            description = "spectrogram, \(options.fftSize)-point FFT"
            rows = .linear(fftSize: options.fftSize)
            display = .powerInDecibels
        case .mfcc:
            let options = MelSpectrogramOptions.speech(sampleRate: audio.format.sampleRate)
            let extractor = try MFCCExtractor(melOptions: options)
            features = try extractor.extract(audio)
            sampleRate = options.sampleRate
            sampleCount = audio.frameCount
            hopLength = options.hopLength
            description = "MFCC, \(extractor.coefficientCount) coefficients"
            rows = .coefficients
            display = .cepstrum
        }
    }

    func plot(title: String) -> HeatMapPlot {
        let frames = features.frameCount
        let seconds = Double(frames * hopLength) / Double(sampleRate)
        let timeAxis = PlotAxis(title: "Time (s)", ticks: PlotAxis.linearTicks(from: 0, to: seconds, targetCount: 10))
        var values = features.values
        let range: ClosedRange<Float>
        let unit: String
        switch display {
        case .powerInDecibels:
            let floor: Float = -100  // 10·log10 of the 1e-10 that zero power is clamped to
            values = values.map { 10 * log10(max($0, 1e-10)) }
            // The top 80 dB, but never reaching below the floor: in a silent file the floor is also the maximum, and
            // a scale topped there would draw silence in the brightest colour.
            let top = max(values.max() ?? floor, floor + 80)
            range = (top - 80)...top
            unit = "Power (dB)"
        case .fullRange(let name):
            let low = values.min() ?? 0
            range = low...max(values.max() ?? 1, low + 1e-3)
            unit = name
        case .cepstrum:
            let rest = values.dropFirst(frames).sorted()
            let low = rest.isEmpty ? 0 : rest[rest.count / 50]
            let high = rest.isEmpty ? 1 : rest[rest.count - 1 - rest.count / 50]
            range = low...max(high, low + 1e-3)
            unit = "MFCC value"
        }
        return HeatMapPlot(values: values, rowCount: features.featureCount, columnCount: frames, title: title,
                           horizontalAxis: timeAxis, verticalAxis: verticalAxis(), valueRange: range, colorBarTitle: unit)
    }

    private func verticalAxis() -> PlotAxis {
        let count = Double(features.featureCount)
        switch rows {
        case .linear(let fftSize):
            let nyquist = Double(sampleRate) / 2
            // Bin k (centre k·rate/fftSize) fills rows k…k+1 of the plot.
            let ticks = PlotAxis.niceValues(from: 0, to: nyquist, targetCount: 8).map { hertz in
                PlotAxis.Tick(position: (hertz * Double(fftSize) / Double(sampleRate) + 0.5) / count,
                              label: PlotAxis.label(hertz, step: 1))
            }
            return PlotAxis(title: "Frequency (Hz)", ticks: ticks)
        case .mel(let low, let high):
            let scale = MelScale.slaney
            let lowMel = scale.mel(fromHertz: low), highMel = scale.mel(fromHertz: high)
            let step = (highMel - lowMel) / (count + 1)
            let candidates: [Double] = [0, 100, 200, 300, 500, 1000, 1500, 2000, 3000, 4000, 6000, 8000, 11000, 16000, 22000]
            let ticks = candidates.filter { $0 >= low && $0 <= high }.map { hertz in
                // Band m peaks at the (m + 1)-th of count + 2 points evenly spaced in mels; the edge frequencies
                // fall half a band outside the rows and are pinned to the plot's edges.
                let position = ((scale.mel(fromHertz: hertz) - lowMel) / step - 0.5) / count
                return PlotAxis.Tick(position: min(1, max(0, position)), label: PlotAxis.label(hertz, step: 1))
            }
            return PlotAxis(title: "Frequency (Hz, mel scale)", ticks: ticks)
        case .coefficients:
            let step = max(1, Int(PlotAxis.niceStep(for: count / 8)))
            let ticks = stride(from: 0, to: features.featureCount, by: step).map { index in
                PlotAxis.Tick(position: (Double(index) + 0.5) / count, label: String(index))
            }
            return PlotAxis(title: "Coefficient", ticks: ticks)
        }
    }
}

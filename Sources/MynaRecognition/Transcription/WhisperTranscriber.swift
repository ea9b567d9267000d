import Foundation
import MynaCore
import MynaDSP
import MynaNN
import MynaTensor

/// Long-form transcription as faster-whisper 1.2.1's `generate_segments` does it (no VAD): the log-mel of the whole
/// file, 30 s windows advanced by the last timestamp (seek), each decoded with temperature fallback and prompted with
/// the text before it; windows judged silent are skipped. With `wordTimestamps`, each window's words are timed from
/// the cross-attention (`WhisperWordAligner`) and the next window starts after the last word, as upstream.
///
/// Immutable and `Sendable`: all per-request state lives inside `transcribe`.
public struct WhisperTranscriber: Sendable {
    public let model: WhisperModel
    public let generationConfig: WhisperGenerationConfig

    /// Mel frames per second (hop 160 at 16 kHz) and seconds per frame.
    static let framesPerSecond = 100
    static let secondsPerFrame = 0.01
    /// Frames of lead-in kept before speech when `speechFrames` skips non-speech (0.5 s: the detector's own padding
    /// is only 30 ms, and Whisper places the first word better with a little silence before it).
    static let speechLeadInFrames = 50
    /// Mel frames per encoder position (the second convolution has stride 2).
    static let inputStride = 2

    public init(model: WhisperModel) throws {
        self.model = model
        self.generationConfig = try WhisperGenerationConfig(modelDirectory: model.directory)
    }

    /// Transcribes 16 kHz mono `samples`, calling `onSegment` with each segment as soon as it is final.
    public func transcribe(_ samples: [Float], options: WhisperDecodingOptions = .default,
                           onSegment: (TranscriptSegment) throws -> Void = { _ in }) throws -> Transcript {
        var features = try WhisperInMemoryFeatures(samples: samples, melCount: model.configuration.nMels)
        return try transcribe(features: &features, options: options, onSegment: onSegment)
    }

    /// Transcribes the log-mel frames `features` hands out window by window (constant memory for any length when
    /// the source streams), calling `onSegment` with each segment as soon as it is final.
    /// With `windows`, each window's model work waits for its turn there (nil: windows run at once).
    public func transcribe(features: inout some WhisperFeatureSource, options: WhisperDecodingOptions = .default,
                           windows: (any WhisperWindowScheduling)? = nil,
                           onSegment: (TranscriptSegment) throws -> Void = { _ in }) throws -> Transcript {
        try options.validate()
        guard features.melCount == model.configuration.nMels else {
            throw ConfigurationError(field: "features", message: "\(features.melCount) mel bins, the model needs \(model.configuration.nMels)")
        }
        let tokenizer = model.tokenizer
        let special = tokenizer.special
        // faster-whisper: content_frames = features.shape[-1] - 1.
        let contentFrames = features.frameCount - 1
        let windowFrames = 2 * model.configuration.audioContext

        let (language, languageProbability) = try Self.run(on: windows) {
            try resolveLanguage(options, features: &features, windowFrames: windowFrames)
        }
        var sotSequence = [special.startOfTranscript]
        if tokenizer.isMultilingual {
            guard let languageToken = special.languageToken(language) else {
                throw ConfigurationError(field: "language", message: "'\(language)' is not a language this model knows")
            }
            sotSequence += [languageToken, options.task == .translate ? special.translate : special.transcribe]
        }

        let generator = WhisperGenerator(model: model, config: generationConfig)
        var random = SplitMix64(seed: options.seed)
        var allTokens: [Int] = []
        if let prompt = options.initialPrompt {
            allTokens += tokenizer.encode(" " + PythonText.strip(prompt))
        }
        var promptResetSince = 0
        var segments: [TranscriptSegment] = []
        var seek = 0
        let aligner = options.wordTimestamps
            ? WhisperWordAligner(model: model, heads: generationConfig.alignmentHeads) : nil
        var lastSpeechTimestamp = 0.0
        while seek < contentFrames {
            try Task.checkCancellation()
            if let speech = options.speechFrames {
                guard let next = speech.first(where: { $0.upperBound > seek }) else { break }   // no speech left
                if next.lowerBound >= seek + windowFrames {
                    // A window of non-speech: go to just before the next speech (still past this window).
                    seek = next.lowerBound - Self.speechLeadInFrames
                    continue
                }
            }
            let timeOffset = Double(seek) * Self.secondsPerFrame
            let segmentSize = min(windowFrames, contentFrames - seek)
            let segmentDuration = Double(segmentSize) * Self.secondsPerFrame
            var prompt: [Int] = []
            let previous = allTokens[promptResetSince...]
            if !previous.isEmpty {
                prompt.append(special.startOfPrevious)
                prompt += previous.suffix(generator.maxLength / 2 - 1)
            }
            prompt += sotSequence
            if !options.withTimestamps { prompt.append(special.noTimestamps) }

            let previousSeek = seek
            // The window's model work, in its turn; nil when the window is silence (then `seek` skips it).
            let decoded: (outcome: Outcome, pieces: [Piece])? = try Self.run(on: windows) {
                let encoded = model.encoder(try features.window(from: seek, count: segmentSize, frames: windowFrames))
                let crossKeyValues = model.decoder.crossKeyValues(encoded)
                let outcome = try generateWithFallback(generator, crossKeyValues: crossKeyValues, prompt: prompt,
                                                       options: options, random: &random)
                let result = outcome.generation
                if let noSpeechThreshold = options.noSpeechThreshold, result.noSpeechProb > noSpeechThreshold,
                   !(options.logProbThreshold.map { result.avgLogProb > $0 } ?? false) {
                    seek += segmentSize                                // silence: skip the window
                    return nil
                }
                var (pieces, singleTimestampEnding) = split(result.tokens, timeOffset: timeOffset, segmentSize: segmentSize,
                                                            segmentDuration: segmentDuration, seek: &seek)
                if let aligner {
                    addWordTimestamps(&pieces, aligner: aligner, crossKeyValues: crossKeyValues, sotSequence: sotSequence,
                                      language: language, frames: segmentSize, timeOffset: timeOffset,
                                      lastSpeechTimestamp: lastSpeechTimestamp)
                    if let lastWordEnd = Self.speechEnd(pieces) {
                        if !singleTimestampEnding, lastWordEnd > timeOffset {
                            seek = PythonText.round(lastWordEnd * Double(Self.framesPerSecond))
                        }
                        lastSpeechTimestamp = lastWordEnd
                    }
                }
                return (outcome, pieces)
            }
            guard let (outcome, pieces) = decoded else { continue }
            let result = outcome.generation
            for piece in pieces {
                let text = tokenizer.decode(piece.tokens)
                if piece.start == piece.end || PythonText.strip(text).isEmpty { continue }
                allTokens += piece.tokens
                let segment = TranscriptSegment(
                    id: segments.count, seek: previousSeek, start: piece.start, end: piece.end, text: text,
                    tokens: piece.tokens, temperature: outcome.temperature, avgLogProb: result.avgLogProb,
                    compressionRatio: outcome.compressionRatio, noSpeechProb: result.noSpeechProb,
                    words: piece.words.map { Self.clamp($0, start: piece.start, end: piece.end) })
                segments.append(segment)
                try onSegment(segment)
            }
            if !options.conditionOnPreviousText || outcome.temperature > options.promptResetOnTemperature {
                promptResetSince = allTokens.count
            }
        }
        return Transcript(text: segments.map(\.text).joined(), segments: segments, language: language,
                          languageProbability: languageProbability)
    }

    // MARK: - Steps

    /// `body` in its turn on `windows`, or at once without a scheduler.
    private static func run<T>(on windows: (any WhisperWindowScheduling)?, _ body: () throws -> T) throws -> T {
        guard let windows else { return try body() }
        return try windows.runWindow(body)
    }

    private func resolveLanguage(_ options: WhisperDecodingOptions, features: inout some WhisperFeatureSource,
                                 windowFrames: Int) throws -> (String, Double?) {
        guard model.tokenizer.isMultilingual else { return ("en", options.language == nil ? 1 : nil) }
        if let language = options.language { return (language, nil) }
        // faster-whisper detects on pad_or_trim(features[:, :3000]) (every frame, the padding frame included).
        let encoded = model.encoder(try features.window(from: 0, count: min(windowFrames, features.frameCount),
                                                        frames: windowFrames))
        return detectLanguage(encoded: encoded)
    }

    /// The most probable language token after `<|startoftranscript|>` (CTranslate2 `detect_language`: softmax over
    /// the language tokens' logits only).
    public func detectLanguage(encoded: Tensor) -> (String, Double) {
        let special = model.tokenizer.special
        var state = model.decoder.makeState(crossKeyValues: model.decoder.crossKeyValues(encoded))
        let logits = model.decoder.logits([[special.startOfTranscript]], state: &state).values
        let candidates = special.languages
        let maximum = candidates.map { logits[$0.id] }.max() ?? 0
        let weights = candidates.map { Double(expf(logits[$0.id] - maximum)) }
        let total = weights.reduce(0, +)
        let best = weights.indices.max { weights[$0] < weights[$1] } ?? 0
        return (candidates[best].code, weights[best] / total)
    }

    struct Outcome {
        var generation: WhisperGeneration
        var temperature: Double
        var compressionRatio: Double
    }

    /// faster-whisper `generate_with_fallback`: try each temperature until the result is neither too repetitive nor
    /// too improbable (unless it is silence); if all fail, keep the most probable result that was not repetitive.
    /// - Throws: `CancellationError` when the calling task is cancelled (checked at every decoding step).
    func generateWithFallback(_ generator: WhisperGenerator, crossKeyValues: [KVCache], prompt: [Int],
                              options: WhisperDecodingOptions, random: inout SplitMix64) throws -> Outcome {
        var all: [Outcome] = []
        var belowRatioThreshold: [Outcome] = []
        for temperature in options.temperatures {
            // CTranslate2 ranks sampled hypotheses by sum / length and returns the best first.
            func score(_ g: WhisperGeneration) -> Double { g.sumLogProb / Double(max(g.tokens.count, 1)) }
            let result: WhisperGeneration
            if temperature == 0 && options.beamSize > 1 {
                result = try generator.beamSearch(crossKeyValues: crossKeyValues, prompt: prompt, options: options)
            } else {
                let candidates = try generator.generate(crossKeyValues: crossKeyValues, prompt: prompt, options: options,
                                                    temperature: temperature, count: temperature > 0 ? options.bestOf : 1,
                                                    random: &random)
                result = candidates.max { score($0) < score($1) }!
            }
            let text = PythonText.strip(model.tokenizer.decode(result.tokens))
            let outcome = Outcome(generation: result, temperature: temperature, compressionRatio: CompressionRatio.of(text))
            all.append(outcome)
            var needsFallback = false
            if let threshold = options.compressionRatioThreshold {
                if outcome.compressionRatio > threshold { needsFallback = true } else { belowRatioThreshold.append(outcome) }
            }
            if let threshold = options.logProbThreshold, result.avgLogProb < threshold { needsFallback = true }
            if let noSpeech = options.noSpeechThreshold, result.noSpeechProb > noSpeech,
               let threshold = options.logProbThreshold, result.avgLogProb < threshold {
                needsFallback = false                                  // silence: no point retrying
            }
            if !needsFallback { return outcome }
        }
        var chosen = (belowRatioThreshold.isEmpty ? all : belowRatioThreshold)
            .max { $0.generation.avgLogProb < $1.generation.avgLogProb }!
        chosen.temperature = options.temperatures.last!
        return chosen
    }

    /// faster-whisper `_split_segments_by_timestamps`: segments between consecutive timestamp pairs; `seek` advances
    /// to the last complete timestamp, or past the window when the text ended with a single timestamp.
    private func split(_ tokens: [Int], timeOffset: Double, segmentSize: Int, segmentDuration: Double,
                       seek: inout Int) -> (pieces: [Piece], singleTimestampEnding: Bool) {
        let begin = model.tokenizer.special.timestampBegin
        let precision = WhisperSpecialTokens.timestampStepSeconds
        let singleTimestampEnding = tokens.count >= 2 && tokens[tokens.count - 2] < begin && begin <= tokens[tokens.count - 1]
        var consecutive: [Int] = []
        for i in tokens.indices where i > 0 && tokens[i] >= begin && tokens[i - 1] >= begin { consecutive.append(i) }
        var pieces: [Piece] = []
        if !consecutive.isEmpty {
            var slices = consecutive
            if singleTimestampEnding { slices.append(tokens.count) }
            var lastSlice = 0
            for slice in slices {
                let sliced = Array(tokens[lastSlice..<slice])
                pieces.append(Piece(start: timeOffset + Double(sliced[0] - begin) * precision,
                                    end: timeOffset + Double(sliced[sliced.count - 1] - begin) * precision,
                                    tokens: sliced))
                lastSlice = slice
            }
            if singleTimestampEnding {
                seek += segmentSize
            } else {
                seek += (tokens[lastSlice - 1] - begin) * Self.inputStride
            }
        } else {
            var duration = segmentDuration
            if let last = tokens.last(where: { $0 >= begin }), last != begin {
                duration = Double(last - begin) * precision
            }
            pieces.append(Piece(start: timeOffset, end: timeOffset + duration, tokens: tokens))
            seek += segmentSize
        }
        return (pieces, singleTimestampEnding)
    }
}

import Foundation
import MynaCore
import MynaKit
import MynaTestSupport

/// Conversations built from `../shared/data/speaker/dev` for diarization, with their reference turns: `speakerCount`
/// speakers taking turns of one to three of their own utterances, separated by pauses of 0.2–1.5 s, with a few
/// back-channel turns under a second (the first 0.4–0.9 s of speech of another utterance of the speaker). Deterministic
/// for a seed (SplitMix64).
///
/// The reference turns are the voiced parts of each utterance by frame energy (10 ms frames within 40 dB of the
/// utterance's loudest frame, pauses shorter than 0.5 s closed): a measure independent of the Silero VAD the diarizer
/// uses, which, like a forced alignment, does not count a reader's long pauses as speech. The speakers are the dev set's readers with at least 50 s of speech (LibriSpeech, LJSpeech, MFA).
struct Conversation {
    var samples: [Float]
    var reference: [SpeakerTurn]
    var name: String

    static let sampleRate = 16_000
    static let speakers = ["libri-367", "libri-3080", "libri-2033", "libri-2609", "libri-1688", "ljspeech-LJ", "mfa-author"]

    /// The dev set's utterances of `speakers`, decoded, by speaker.
    static let utterances: [String: [[Float]]] = {
        let table = try! String(contentsOfFile: Fixtures.shared("speaker/dev.tsv"), encoding: .utf8)
        var bySpeaker: [String: [[Float]]] = [:]
        for line in table.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t").map(String.init)
            guard fields.count >= 4, speakers.contains(fields[3]) else { continue }
            bySpeaker[fields[3], default: []].append(try! AudioFrontEnd.readAll(.file(path: Fixtures.shared("speaker/" + fields[1]))))
        }
        return bySpeaker
    }()

    /// The voiced sample ranges of `samples` (see the type).
    static func voicedRanges(_ samples: [Float]) -> [Range<Int>] {
        let frame = sampleRate / 100
        let levels = stride(from: 0, to: samples.count, by: frame).map { start -> Double in
            let slice = samples[start..<min(samples.count, start + frame)]
            return 10 * log10(slice.reduce(0) { $0 + Double($1) * Double($1) } / Double(slice.count) + 1e-12)
        }
        let floor = (levels.max() ?? 0) - 40
        var ranges: [Range<Int>] = []
        for (index, level) in levels.enumerated() where level > floor {
            let start = index * frame, end = min(samples.count, start + frame)
            if let last = ranges.last, start - last.upperBound < sampleRate / 2 {
                ranges[ranges.count - 1] = last.lowerBound..<end
            } else {
                ranges.append(start..<end)
            }
        }
        return ranges
    }

    /// From the first to the last voiced sample.
    static func voicedSpan(_ samples: [Float]) -> Range<Int> {
        let ranges = voicedRanges(samples)
        guard let first = ranges.first, let last = ranges.last else { return 0..<0 }
        return first.lowerBound..<last.upperBound
    }

    init(speakerCount: Int, turns: Int, seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let chosen = Array(Self.speakers.shuffled(using: &random).prefix(speakerCount))
        var unused = Dictionary(uniqueKeysWithValues: chosen.map { ($0, Array(Self.utterances[$0]!.indices).shuffled(using: &random)) })
        name = "conversation-\(speakerCount)spk-\(seed)"
        samples = []
        reference = []
        var speaker = chosen[0]
        func pause(_ seconds: Double) { samples.append(contentsOf: repeatElement(0, count: Int(seconds * Double(Self.sampleRate)))) }
        func say(_ clip: [Float], by speaker: String) {
            let offset = samples.count
            samples.append(contentsOf: clip)
            for range in Self.voicedRanges(clip) {
                reference.append(SpeakerTurn(start: Double(offset + range.lowerBound) / Double(Self.sampleRate),
                                             end: Double(offset + range.upperBound) / Double(Self.sampleRate), speaker: speaker))
            }
        }
        func nextUtterance(_ speaker: String) -> [Float] {
            if unused[speaker]!.isEmpty { unused[speaker] = Array(Self.utterances[speaker]!.indices).shuffled(using: &random) }
            return Self.utterances[speaker]![unused[speaker]!.removeLast()]
        }
        pause(0.5)
        for turn in 0..<turns {
            if turn > 0 {
                speaker = chosen.filter { $0 != speaker }.randomElement(using: &random) ?? speaker
                pause(Double.random(in: 0.2...1.5, using: &random))
            }
            if turn > 0 && turn % 4 == 3 {
                // A back-channel: under a second of the speaker's voice.
                let clip = nextUtterance(speaker), span = Self.voicedSpan(clip)
                let length = Int(Double.random(in: 0.4...0.9, using: &random) * Double(Self.sampleRate))
                say(Array(clip[span.lowerBound..<min(span.upperBound, span.lowerBound + length)]), by: speaker)
                continue
            }
            for utterance in 0..<Int.random(in: 1...3, using: &random) {
                if utterance > 0 { pause(Double.random(in: 0.2...0.6, using: &random)) }
                say(nextUtterance(speaker), by: speaker)
            }
        }
        pause(0.5)
    }
}

import Foundation
import MynaCore

/// Text → IPA phonemes per sentence through Debian's libespeak-ng (`Phonemizer` role), the way Piper phonemizes
/// for its espeak voices (`piper-tts` 1.8.0 `PiperVoice.phonemize`, `OHF-Voice/piper1-gpl`):
///
/// - espeak-ng phonemizes one clause at a time in the voice's espeak voice (`en-us`); language-switch flags such as
///   `(fr)` are removed; the clause's punctuation is kept as a phoneme (`,` `:` `;` followed by a space);
/// - a sentence ends at `.` `?` `!`, a blank line, or the end of the text;
/// - the phonemes are split into Unicode scalars after NFD decomposition, so stress marks and combining diacritics
///   are symbols of their own;
/// - `[[ … ]]` in the text is taken as raw phonemes, one symbol per scalar, for words espeak-ng gets wrong.
///
/// Thread-safety: `Sendable`; calls are serialised inside (`EspeakLibrary`).
public struct EspeakPhonemizer: Phonemizer {
    /// The espeak-ng voice (a Piper voice's `espeak.voice`).
    public let voice: String

    public init(voice: String) {
        self.voice = voice
    }

    public func phonemize(_ text: String) throws -> [PhonemeSentence] {
        var sentences: [[String]] = []
        var previousWasRaw = false
        for part in RawPhonemeBlocks.split(text) {
            switch part {
            case .raw(let phonemes, let spaceBefore, let spaceAfter):
                if sentences.isEmpty { sentences.append([]) }
                if spaceBefore { sentences[sentences.count - 1].append(" ") }
                sentences[sentences.count - 1] += phonemes.unicodeScalars.map { String($0) }
                if spaceAfter { sentences[sentences.count - 1].append(" ") }
                previousWasRaw = true
            case .text(let text):
                var parts = try phonemizeText(text)
                if previousWasRaw, !parts.isEmpty, !sentences.isEmpty {
                    sentences[sentences.count - 1] += parts.removeFirst()
                }
                sentences += parts
                previousWasRaw = false
            }
        }
        return sentences.filter { !$0.isEmpty }.map(PhonemeSentence.init(phonemes:))
    }

    /// espeak-ng's clauses grouped into sentences.
    func phonemizeText(_ text: String) throws -> [[String]] {
        var sentences: [[String]] = []
        var current: [String] = []
        for clause in try EspeakLibrary.shared.clauses(of: text, voice: voice) {
            let terminator = ClauseTerminator(clauseText: clause.text, isLast: clause.isLast)
            let phonemes = Self.removingLanguageFlags(clause.phonemes) + terminator.suffix
            current += phonemes.decomposedStringWithCanonicalMapping.unicodeScalars.map { String($0) }
            if terminator.endsSentence {
                sentences.append(current)
                current = []
            }
        }
        if !current.isEmpty { sentences.append(current) }
        return sentences
    }

    /// Removes `(xx)` language-switch flags that espeak-ng puts around words of another language.
    static func removingLanguageFlags(_ phonemes: String) -> String {
        guard phonemes.contains("(") else { return phonemes }
        var result = ""
        var depth = false
        for character in phonemes {
            if depth {
                if character == ")" { depth = false }
            } else if character == "(" {
                depth = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}

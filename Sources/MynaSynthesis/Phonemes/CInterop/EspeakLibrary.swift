internal import CEspeakNG
import Foundation
import MynaCore

/// The one owner of libespeak-ng's process-wide state (DESIGN.md §6): espeak-ng keeps its voice, its dictionaries
/// and the read-ahead of `espeak_TextToPhonemes` in globals and is not thread-safe, so every call runs under one
/// lock, and a whole text is phonemized before the lock is released.
///
/// Debian's 1.51 has no `espeak_TextToPhonemesWithTerminator` (a call of Piper's espeak-ng fork); `ClauseText`
/// recovers each clause's terminator from the text the call consumed.
final class EspeakLibrary: @unchecked Sendable {
    /// The process's library state, initialised on first use.
    static let shared = EspeakLibrary()

    private let lock = NSLock()
    private var initialization: Result<Void, ConfigurationError>?
    private var currentVoice: String?

    private init() {}

    deinit { if case .success? = initialization { espeak_Terminate() } }

    /// One clause as espeak-ng returned it: IPA phonemes and the bytes of text it consumed.
    struct Clause {
        var phonemes: String
        /// The source text of the clause (the read-ahead character of the next clause removed).
        var text: String
        /// True for the last clause of the text.
        var isLast: Bool
    }

    /// The clauses of `text` in `voice` (an espeak-ng voice name such as `en-us`).
    func clauses(of text: String, voice: String) throws -> [Clause] {
        lock.lock(); defer { lock.unlock() }
        try initializeIfNeeded()
        if currentVoice != voice {
            let result = espeak_SetVoiceByName(voice)
            guard result == EE_OK else {
                throw ConfigurationError(field: "espeak voice", message: """
                    espeak-ng has no voice '\(voice)' (espeak_SetVoiceByName returned \(result.rawValue)); \
                    list them with `espeak-ng --voices`
                    """)
            }
            currentVoice = voice
        }
        var clauses: [Clause] = []
        let utf8 = Array(text.utf8) + [0]
        utf8.withUnsafeBufferPointer { bytes in
            let base = UnsafeRawPointer(bytes.baseAddress!)
            var pointer: UnsafeRawPointer? = base
            while let start = pointer {
                let phonemes = withUnsafeMutablePointer(to: &pointer) { slot in
                    slot.withMemoryRebound(to: UnsafeRawPointer?.self, capacity: 1) { typed in
                        espeak_TextToPhonemes(typed, espeakCHARS_UTF8, Int32(espeakPHONEMES_IPA))
                    }
                }
                let from = base.distance(to: start)
                let to = pointer.map { base.distance(to: $0) } ?? (bytes.count - 1)
                clauses.append(Clause(phonemes: phonemes.map { String(cString: $0) } ?? "",
                                      text: Self.clauseText(bytes, from..<max(from, to), isLast: pointer == nil),
                                      isLast: pointer == nil))
            }
        }
        return clauses
    }

    /// The consumed bytes as text, without the first character of the next clause that espeak-ng reads ahead.
    private static func clauseText(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, isLast: Bool) -> String {
        var end = range.upperBound
        if !isLast && end > range.lowerBound {
            end -= 1
            while end > range.lowerBound && bytes[end] & 0xC0 == 0x80 { end -= 1 }  // back to the lead byte
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[range.lowerBound..<end]), as: UTF8.self)
    }

    private func initializeIfNeeded() throws {
        if let initialization { return try initialization.get() }
        // DONT_EXIT: without it, espeak-ng calls exit() when its data cannot be loaded.
        let rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nil, Int32(espeakINITIALIZE_DONT_EXIT))
        if rate <= 0 {
            let error = ConfigurationError(field: "espeak-ng", message: """
                espeak_Initialize failed (\(rate)): is espeak-ng-data installed? (apt-get install espeak-ng-data)
                """)
            initialization = .failure(error)
            throw error
        }
        initialization = .success(())
    }
}

import MynaKit

/// Turns dictation events into `transcript-chunk` texts: each partial's newly committed words (never retracted), and
/// at each final the rest of its utterance; utterances are joined by a space. The chunks concatenated are the
/// transcript, by construction.
///
/// Not thread-safe: owned by one connection's dictation task.
struct LiveTranscriptChunks {
    /// The chunks so far, concatenated: the transcript when the stream ends.
    private(set) var text = ""
    /// The utterance whose words are being sent, and how much of its text has been sent.
    private var utterance = -1
    private var sentOfUtterance = ""

    /// The chunk `event` adds (nil when it adds nothing).
    mutating func chunk(for event: DictationEvent) -> String? {
        switch event {
        case .partial(let partial):
            return send(partial.committed, utterance: partial.utterance)
        case .final(let final):
            let chunk = send(final.text, utterance: final.utterance)
            utterance = -1
            sentOfUtterance = ""
            return chunk
        }
    }

    /// What of `utteranceText` (the utterance's committed or final text) has not been sent yet.
    private mutating func send(_ utteranceText: String, utterance id: Int) -> String? {
        if id != utterance {
            utterance = id
            sentOfUtterance = ""
        }
        // Committed words are never retracted, so the final begins with them; should a detokenisation differ,
        // only what goes beyond what was sent is added (the transcript stays the concatenation of the chunks).
        let rest = String(utteranceText.dropFirst(sentOfUtterance.count))
        guard !rest.isEmpty else { return nil }
        var chunk = rest
        if sentOfUtterance.isEmpty {
            chunk = String(chunk.drop { $0 == " " })
            guard !chunk.isEmpty else { return nil }
            if !text.isEmpty { chunk = " " + chunk }
        }
        sentOfUtterance += rest
        text += chunk
        return chunk
    }
}

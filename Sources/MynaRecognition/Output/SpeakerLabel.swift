/// How the text formats name who speaks: `[SPEAKER_00]: ` before a line (as whisperX writes it), nothing without a
/// speaker.
enum SpeakerLabel {
    static func prefix(_ speaker: String?) -> String {
        speaker.map { "[\($0)]: " } ?? ""
    }

    /// WebVTT's voice span around cue text: `<v Name>text</v>` (the WebVTT spec's cue voice span; players that style or
    /// list voices see the speaker, and the `[Name]: ` prefix inside shows it where they do not). `>` cannot appear in a
    /// voice annotation, `&` and `<` are escaped as the spec requires.
    static func voiceSpan(_ speaker: String?, _ text: String) -> String {
        guard let speaker else { return text }
        let annotation = speaker.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        return "<v \(annotation)>\(prefix(speaker))\(text)</v>"
    }
}

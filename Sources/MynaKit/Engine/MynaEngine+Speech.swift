import MynaCore

extension MynaEngine {
    /// Speech for `text`, sentence by sentence, with this engine's voices (each loaded once and shared); see
    /// `SpeechSynthesis.speak`. Encode it in memory with `AudioEncoder`.
    public func speak(_ text: String, options: SpeechOptions = .default,
                      warning: @escaping @Sendable (String) -> Void = { _ in }) throws -> SpokenAudio {
        try speech.speak(text, options: options, warning: warning)
    }
}

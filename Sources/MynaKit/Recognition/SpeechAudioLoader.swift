import MynaCore

/// Reads an audio file as the 16 kHz mono samples Whisper, Silero VAD and the speaker encoder consume, through the
/// one front end (`AudioFrontEnd`: libsndfile, channels averaged, soxr high quality when the rate differs).
public enum SpeechAudioLoader {
    public static func load(path: String, sampleRate: Int = AudioFormat.speech16k.sampleRate) throws -> [Float] {
        try AudioFrontEnd.readAll(.file(path: path), sampleRate: sampleRate)
    }
}

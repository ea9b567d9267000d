import MynaAudioFile
import MynaCore
import MynaDSP

/// Reads an audio file as the 16 kHz mono samples Whisper, Silero VAD and the speaker encoder consume:
/// decoded by libsndfile, channels averaged, resampled by soxr (high quality) when the rate differs.
public enum SpeechAudioLoader {
    public static func load(path: String, sampleRate: Int = AudioFormat.speech16k.sampleRate) throws -> [Float] {
        var audio = try SoundFileReader.readAll(path: path).downmixedToMono()
        if audio.format.sampleRate != sampleRate {
            audio = try Resampler.resample(audio, to: sampleRate)
        }
        return audio.samples
    }
}

import MynaAudioFile
import MynaCore
import MynaDSP

/// Reads an audio file as the 16 kHz mono samples Whisper, Silero VAD and the speaker encoder consume:
/// decoded by libsndfile, channels averaged, resampled by soxr (high quality) when the rate differs.
public enum SpeechAudioLoader {
    public static func load(path: String, sampleRate: Int = AudioFormat.speech16k.sampleRate) throws -> [Float] {
        var audio = try SoundFileReader.readAll(path: path).downmixedToMono()
        if audio.format.sampleRate != sampleRate {
            let resampler = try Resampler(file: path, inputRate: audio.format.sampleRate, outputRate: sampleRate, channelCount: 1)
            let samples = try resampler.process(audio.samples) + resampler.flush()
            audio = AudioBuffer(format: AudioFormat(sampleRate: sampleRate, channelCount: 1), samples: samples)
        }
        return audio.samples
    }
}

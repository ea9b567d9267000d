/// What a spectrogram picture shows (`myna spectrogram --kind`).
public enum SpectrogramKind: String, CaseIterable, Sendable {
    /// Whisper's log-mel front end at 16 kHz: exactly what the Whisper encoder sees.
    case whisper
    /// Power mel spectrogram at the audio's rate (80 bins, 25 ms window, 10 ms hop), drawn in dB.
    case mel
    /// Power spectrogram |STFT|² at the audio's rate (25 ms window, 10 ms hop), drawn in dB.
    case linear
    /// 20 MFCCs over 80 mel bins (librosa's formula).
    case mfcc
}
